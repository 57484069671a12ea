#pragma once
// A parsed view over one Opus RTP payload (RFC 7587 §4.2: exactly one Opus packet, RFC
// 6716 §3). Parsing checks the TOC byte, the frame count and every frame length against
// the buffer — the packet framing rules [R1]–[R7] of RFC 6716 §3.4 — so a malformed
// packet is rejected (and counted) before it costs a decoder call. It accepts exactly the
// packets libopus's opus_packet_parse() accepts; the tests and the fuzz target check that.
//
// The view points into the caller's buffer and is valid only as long as that buffer.
// It holds frame offsets, not copies, and allocates nothing.
//
// TOC byte (RFC 6716 §3.1):
//
//   0 1 2 3 4 5 6 7
//  +-+-+-+-+-+-+-+-+
//  | config  |s| c |
//  +-+-+-+-+-+-+-+-+

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

namespace softmcu {

enum class OpusPayloadError {
  kEmpty,              // [R1] no TOC byte
  kMissingLength,      // code 2: no room for the first frame's length
  kMissingFrameCount,  // code 3: no frame count byte
  kZeroFrames,         // code 3: M = 0 ([R5])
  kTooLong,            // more than 120 ms of audio ([R5])
  kOddCbrLength,       // code 1 / code 3 CBR: bytes not divisible among the frames ([R3], [R6])
  kFrameTooLarge,      // a frame over 1275 bytes ([R2], [R6], [R7])
  kPastEnd,            // frame lengths or padding run past the payload ([R4], [R7])
};

const char* ToString(OpusPayloadError error);

// RFC 6716 §3.1, Table 2.
enum class OpusMode { kSilk, kHybrid, kCelt };
enum class OpusBandwidth { kNarrow, kMedium, kWide, kSuperWide, kFull };

class OpusPayload {
 public:
  static constexpr int kSampleRate = 48000;       // RFC 7587 §4.1: the RTP clock is always 48 kHz
  static constexpr int kMaxSamples = 5760;        // 120 ms at 48 kHz (§3.2.5 [R5])
  static constexpr size_t kMaxFrames = 48;        // 120 ms of 2.5 ms frames
  static constexpr size_t kMaxFrameBytes = 1275;  // §3.2.1

  static tl::expected<OpusPayload, OpusPayloadError> Parse(std::span<const uint8_t> payload);

  // TOC fields.
  uint8_t config() const { return data_[0] >> 3; }
  bool stereo() const { return (data_[0] & 0x04) != 0; }
  int code() const { return data_[0] & 0x03; }
  OpusMode mode() const;
  OpusBandwidth bandwidth() const;
  int samples_per_frame() const;  // at 48 kHz: 120 (2.5 ms) … 2880 (60 ms)

  size_t frame_count() const { return frame_count_; }
  int samples() const { return samples_per_frame() * static_cast<int>(frame_count_); }  // ≤ kMaxSamples
  bool vbr() const { return vbr_; }
  size_t padding_size() const { return padding_size_; }
  // Frame `index` < frame_count(); an empty frame is DTX / a lost frame (§3.2.1).
  std::span<const uint8_t> frame(size_t index) const;

  // Whether the first frame carries SILK in-band FEC (LBRR) data for the previous packet
  // (RFC 6716 §4.2.3, §4.2.4): the LBRR flag follows the VAD flags as the first
  // equiprobable bits of the range coder, i.e. the top bits of the first frame byte.
  // Always false for CELT-only packets, which carry no FEC.
  bool HasInbandFec() const;

  std::span<const uint8_t> data() const { return data_; }

 private:
  OpusPayload() = default;

  std::span<const uint8_t> data_;
  std::array<uint32_t, kMaxFrames> frame_offset_{};
  std::array<uint16_t, kMaxFrames> frame_size_{};
  size_t frame_count_ = 0;
  size_t padding_size_ = 0;
  bool vbr_ = false;
};

}  // namespace softmcu
