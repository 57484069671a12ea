#pragma once
// Helpers shared by the media/video tests: synthetic stamped frames and Annex B splitting.

#include <cstdint>
#include <span>
#include <vector>

#include "media/video/test_pattern.h"
#include "media/video/video_frame_pool.h"

namespace softmcu::testing {

// A pooled frame with the stamped test pattern for (source_id, index), pts index x 33 ms.
inline SharedVideoFrame MakePatternFrame(VideoFramePool& pool, int width, int height, uint32_t source_id,
                                         uint64_t index, PatternTexture texture = PatternTexture::kSmooth) {
  WritableVideoFrame frame = pool.Acquire(width, height);
  DrawTestPattern(frame->mutable_view(), source_id, index, texture);
  frame->set_pts(TimeDelta::Millis(static_cast<int64_t>(index) * 33));
  frame->set_source_id(source_id);
  frame->set_frame_index(index);
  return std::move(frame).Share();
}

// The NAL units of an Annex B byte stream, start codes removed.
inline std::vector<std::span<const uint8_t>> SplitAnnexB(std::span<const uint8_t> stream) {
  std::vector<size_t> starts;  // first byte after each start code
  for (size_t i = 0; i + 2 < stream.size(); ++i) {
    if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
      starts.push_back(i + 3);
      i += 2;
    }
  }
  std::vector<std::span<const uint8_t>> nals;
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] - 3 : stream.size();
    while (end > starts[k] && stream[end - 1] == 0) --end;  // the next 4-byte start code's zero
    nals.push_back(stream.subspan(starts[k], end - starts[k]));
  }
  return nals;
}

inline int NalType(std::span<const uint8_t> nal) {
  return nal.empty() ? -1 : nal[0] & 0x1f;
}

}  // namespace softmcu::testing
