#include "media/audio/opus_payload.h"

#include "core/check.h"

namespace softmcu {
namespace {

// One frame length (RFC 6716 §3.2.1): 0 = no frame, 1–251 the length itself, 252–255
// followed by a second byte: length = second × 4 + first (at most 1275).
//
//  0                   1
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  N1 (0-251)   | or |  N1 ≥ 252 |      N2       |
// +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Returns the bytes consumed (1 or 2) or 0 if they are not there.
size_t ReadFrameLength(std::span<const uint8_t> data, size_t pos, int64_t* length) {
  if (pos >= data.size()) return 0;
  if (data[pos] < 252) {
    *length = data[pos];
    return 1;
  }
  if (pos + 1 >= data.size()) return 0;
  *length = int64_t{data[pos + 1]} * 4 + data[pos];
  return 2;
}

}  // namespace

const char* ToString(OpusPayloadError error) {
  switch (error) {
    case OpusPayloadError::kEmpty:
      return "empty payload";
    case OpusPayloadError::kMissingLength:
      return "code 2 packet without first frame length";
    case OpusPayloadError::kMissingFrameCount:
      return "code 3 packet without frame count byte";
    case OpusPayloadError::kZeroFrames:
      return "code 3 packet with zero frames";
    case OpusPayloadError::kTooLong:
      return "packet longer than 120 ms";
    case OpusPayloadError::kOddCbrLength:
      return "CBR frames of unequal length";
    case OpusPayloadError::kFrameTooLarge:
      return "frame longer than 1275 bytes";
    case OpusPayloadError::kPastEnd:
      return "frame lengths or padding past the end";
  }
  return "unknown";
}

tl::expected<OpusPayload, OpusPayloadError> OpusPayload::Parse(std::span<const uint8_t> payload) {
  using tl::unexpected;
  // [R1] at least the TOC byte.
  if (payload.empty()) return unexpected(OpusPayloadError::kEmpty);
  OpusPayload p;
  p.data_ = payload;

  size_t pos = 1;  // bytes consumed by TOC, count byte and lengths
  // Bytes left for frame data (and, until it is subtracted, padding).
  int64_t left = static_cast<int64_t>(payload.size()) - 1;
  std::array<int64_t, kMaxFrames> sizes{};
  size_t count = 0;
  switch (p.code()) {
    case 0:  // §3.2.2: one frame, the rest of the packet.
      count = 1;
      sizes[0] = left;
      break;
    case 1:  // §3.2.3: two CBR frames; [R3] the rest must split evenly.
      if (left % 2 != 0) return unexpected(OpusPayloadError::kOddCbrLength);
      count = 2;
      sizes[0] = sizes[1] = left / 2;
      break;
    case 2: {  // §3.2.4: two VBR frames; the first's length is coded, the second takes the rest.
      size_t n = ReadFrameLength(payload, pos, &sizes[0]);
      if (n == 0) return unexpected(OpusPayloadError::kMissingLength);
      pos += n;
      left -= static_cast<int64_t>(n);
      if (sizes[0] > left) return unexpected(OpusPayloadError::kPastEnd);  // [R4]
      count = 2;
      sizes[1] = left - sizes[0];
      p.vbr_ = true;
      break;
    }
    default: {  // §3.2.5: code 3, a frame count byte.
      //  0 1 2 3 4 5 6 7
      // +-+-+-+-+-+-+-+-+
      // |v|p|     M     |
      // +-+-+-+-+-+-+-+-+
      if (pos >= payload.size()) return unexpected(OpusPayloadError::kMissingFrameCount);
      const uint8_t count_byte = payload[pos++];
      left -= 1;
      count = count_byte & 0x3f;
      // [R5] at least one frame and at most 120 ms.
      if (count == 0) return unexpected(OpusPayloadError::kZeroFrames);
      if (static_cast<int>(count) * p.samples_per_frame() > kMaxSamples)
        return unexpected(OpusPayloadError::kTooLong);
      p.vbr_ = (count_byte & 0x80) != 0;
      if ((count_byte & 0x40) != 0) {
        // Padding length: each 255 byte means 254 bytes of padding and one more length
        // byte; the first value 0–254 ends the sequence.
        uint8_t b = 0;
        do {
          if (pos >= payload.size()) return unexpected(OpusPayloadError::kPastEnd);
          b = payload[pos++];
          const size_t pad = b == 255 ? 254 : b;
          left -= 1 + static_cast<int64_t>(pad);
          p.padding_size_ += pad;
        } while (b == 255);
        if (left < 0) return unexpected(OpusPayloadError::kPastEnd);
      }
      if (p.vbr_) {
        // [R7] M−1 coded lengths, the last frame takes what is left.
        for (size_t i = 0; i + 1 < count; ++i) {
          size_t n = ReadFrameLength(payload, pos, &sizes[i]);
          if (n == 0) return unexpected(OpusPayloadError::kPastEnd);
          pos += n;
          left -= static_cast<int64_t>(n);
          if (sizes[i] > left) return unexpected(OpusPayloadError::kPastEnd);
          left -= sizes[i];
        }
        if (left < 0) return unexpected(OpusPayloadError::kPastEnd);
        sizes[count - 1] = left;
      } else {
        // [R6] CBR: the rest splits evenly among the M frames.
        if (left % static_cast<int64_t>(count) != 0) return unexpected(OpusPayloadError::kOddCbrLength);
        for (size_t i = 0; i < count; ++i) sizes[i] = left / static_cast<int64_t>(count);
      }
      break;
    }
  }
  // [R2], [R6], [R7]: no frame over 1275 bytes. Coded lengths cannot exceed it; the
  // implicit ones (code 0, 1, the last of 2 and 3) can.
  size_t offset = pos;
  for (size_t i = 0; i < count; ++i) {
    if (sizes[i] > static_cast<int64_t>(kMaxFrameBytes)) return unexpected(OpusPayloadError::kFrameTooLarge);
    p.frame_offset_[i] = static_cast<uint32_t>(offset);
    p.frame_size_[i] = static_cast<uint16_t>(sizes[i]);
    offset += static_cast<size_t>(sizes[i]);
  }
  SOFTMCU_DCHECK(offset + p.padding_size_ == payload.size());
  p.frame_count_ = count;
  return p;
}

OpusMode OpusPayload::mode() const {
  const uint8_t c = config();
  if (c < 12) return OpusMode::kSilk;
  if (c < 16) return OpusMode::kHybrid;
  return OpusMode::kCelt;
}

OpusBandwidth OpusPayload::bandwidth() const {
  // RFC 6716 §3.1 Table 2.
  const uint8_t c = config();
  if (c < 12) return static_cast<OpusBandwidth>(c / 4);  // SILK NB, MB, WB
  if (c < 16) return c < 14 ? OpusBandwidth::kSuperWide : OpusBandwidth::kFull;
  switch ((c - 16) / 4) {  // CELT NB, WB, SWB, FB (no MB)
    case 0:
      return OpusBandwidth::kNarrow;
    case 1:
      return OpusBandwidth::kWide;
    case 2:
      return OpusBandwidth::kSuperWide;
    default:
      return OpusBandwidth::kFull;
  }
}

int OpusPayload::samples_per_frame() const {
  const uint8_t c = config();
  if (c < 12) {  // SILK: 10, 20, 40, 60 ms
    static constexpr int kSilk[4] = {480, 960, 1920, 2880};
    return kSilk[c & 3];
  }
  if (c < 16) return (c & 1) != 0 ? 960 : 480;  // Hybrid: 10, 20 ms
  return 120 << (c & 3);                        // CELT: 2.5, 5, 10, 20 ms
}

std::span<const uint8_t> OpusPayload::frame(size_t index) const {
  SOFTMCU_DCHECK(index < frame_count_);
  if (index >= frame_count_) return {};
  return data_.subspan(frame_offset_[index], frame_size_[index]);
}

bool OpusPayload::HasInbandFec() const {
  if (mode() == OpusMode::kCelt) return false;
  const std::span<const uint8_t> first = frame(0);
  if (first.empty()) return false;
  // §4.2.3: per channel, one VAD flag per 20 ms SILK frame (1 for 10/20 ms, 2 for 40,
  // 3 for 60) then the LBRR flag; the side channel's flags follow the mid channel's.
  const int silk_frames = samples_per_frame() > 960 ? samples_per_frame() / 960 : 1;
  bool lbrr = ((first[0] >> (7 - silk_frames)) & 1) != 0;
  if (stereo()) lbrr = lbrr || ((first[0] >> (6 - 2 * silk_frames)) & 1) != 0;
  return lbrr;
}

}  // namespace softmcu
