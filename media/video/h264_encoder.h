#pragma once
// H.264 encoder for one view tier, on OpenH264 (Cisco's real-time encoder). Settings are
// the ones a conference wants and a SIP terminal accepts:
//   - constrained baseline (CAVLC, no B-frames), level chosen from resolution and rate
//     (3.1 for 720p30, 4.0 for 1080p30);
//   - real-time usage, bitrate-mode rate control with a target and a maximum, frame
//     skipping off unless asked for (a skipped frame is a stutter every receiver sees);
//   - long GOP: IDR only when requested (a receiver's PLI/FIR), unless `idr_interval`;
//   - slices limited to `max_slice_bytes` so most NAL units fit one RTP packet as a single
//     NAL unit packet, without FU-A fragmentation (RFC 6184 §5.6);
//   - low complexity by default (about 1.5 ms per 720p frame on one core).
// Bitrate can change at run time (the outbound policer picks the tier's rate).
//
// Threading: one thread at a time. The encoder runs on the caller's thread unless
// `threads` > 1.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "media/video/video_frame.h"

class ISVCEncoder;

namespace softmcu {

struct H264EncoderOptions {
  enum class Complexity { kLow, kMedium, kHigh };

  int width = 1280;
  int height = 720;
  double max_fps = 30;
  DataRate target_bitrate = DataRate::KilobitsPerSec(2000);
  // Peak the rate control may reach over a short window; zero means 1.25 x target.
  DataRate max_bitrate = DataRate::BitsPerSec(0);
  // Frames between IDRs; 0 = only when RequestKeyframe() is called (and the first frame).
  int idr_interval = 0;
  // RTP payload budget per NAL unit: a 1200-byte packet less RTP's 12-byte header, room
  // for header extensions (abs-send-time, audio level: ~20 bytes) and SRTP's 10-byte tag.
  // OpenH264 treats it as a target, so a slice can exceed it by a macroblock or so.
  int max_slice_bytes = 1150;
  Complexity complexity = Complexity::kLow;
  bool allow_frame_skip = false;
  int threads = 1;

  // How pictures are cut into slices. kSizeLimited (default) cuts at max_slice_bytes, so
  // most slices fit one RTP packet. kRows gives slice k exactly `slice_rows[k]` macroblock
  // rows, the last value repeating to the bottom of the picture (at most kMaxSlices
  // slices): {8, 12} puts the top 8 rows alone in the first slice, a band another writer
  // can replace (the load generator's stamp). Slices then may need FU-A fragmentation.
  enum class SliceMode { kSizeLimited, kRows };
  static constexpr int kMaxSlices = 35;  // OpenH264's MAX_SLICES_NUM_TMP
  SliceMode slice_mode = SliceMode::kSizeLimited;
  std::vector<int> slice_rows;
  // Deblocking (§8.7): on, off, or on except across slice edges — slices then decode
  // independently of their neighbours' pixels, which a replaced slice needs.
  enum class LoopFilter { kOn, kOff, kOnExceptSliceEdges };
  LoopFilter loop_filter = LoopFilter::kOn;
  // OpenH264 inserts an IDR where it detects a scene change. A source that must control
  // where its IDRs are (pre-encoded material with fixed switch points) turns that off.
  bool scene_change_detection = true;
  // Bounds on the rate control's QP (0 = OpenH264's own, 0..51). A narrower range trades
  // exactness of the mean rate for steadier frame sizes: no 90 KB frame after ten 0.5 KB
  // ones on a mostly static picture.
  int min_qp = 0;
  int max_qp = 0;
  // 1..51: no rate control, every frame at this QP (steady frame sizes on steady content;
  // for material encoded once, whose rate is set by choosing the QP). 0: rate control.
  int constant_qp = 0;
};

// One access unit: every NAL unit OpenH264 produced for one input frame, each prefixed
// with a 4-byte start code (Annex B). `data` points into the encoder and stays valid until
// the next Encode() call or the encoder's destruction: the packetizer copies it into
// packets once.
struct EncodedVideoFrame {
  std::span<const uint8_t> data;
  bool keyframe = false;  // an IDR, with SPS and PPS in front
  bool skipped = false;   // rate control dropped the frame; `data` is empty
  TimeDelta pts;
};

class H264Encoder {
 public:
  // Only Create() can make the key: an encoder exists only once it initialized successfully.
  class PassKey {
    friend class H264Encoder;
    PassKey() = default;
  };

  static Result<std::unique_ptr<H264Encoder>> Create(const H264EncoderOptions& options);
  H264Encoder(PassKey, const H264EncoderOptions& options);
  ~H264Encoder();
  H264Encoder(const H264Encoder&) = delete;
  H264Encoder& operator=(const H264Encoder&) = delete;

  // Encodes one frame of the configured size; pts comes from the frame.
  Result<EncodedVideoFrame> Encode(const VideoFrame& frame);
  // The next Encode() produces an IDR (with SPS/PPS). Cheap; coalescing PLIs is the
  // caller's business.
  void RequestKeyframe() { keyframe_requested_ = true; }
  // Zero max means 1.25 x target.
  Result<void> SetBitrate(DataRate target, DataRate max = DataRate::BitsPerSec(0));

  DataRate target_bitrate() const { return target_bitrate_; }
  DataRate max_bitrate() const { return max_bitrate_; }
  // H.264 level_idc in the SPS (31 = level 3.1).
  int level_idc() const { return level_idc_; }

 private:
  Result<void> Initialize();

  struct EncoderDeleter {
    void operator()(ISVCEncoder* encoder) const;
  };

  const H264EncoderOptions options_;
  std::unique_ptr<ISVCEncoder, EncoderDeleter> encoder_;
  std::vector<uint8_t> output_;  // reused; capacity grows to the largest access unit
  DataRate target_bitrate_;
  DataRate max_bitrate_;
  int level_idc_ = 0;
  bool keyframe_requested_ = false;
};

// Smallest H.264 level (ITU-T H.264 Table A-1) whose frame size, macroblock rate and
// baseline bitrate cap fit; used for the encoder's SPS, exposed for SDP's profile-level-id.
int H264LevelFor(int width, int height, double fps, DataRate max_bitrate);

}  // namespace softmcu
