#pragma once
// The client-to-mixer audio level header extension (RFC 6464): how loud the audio in an
// RTP packet is, so the mixer can pick active speakers without decoding every stream.
// The extension ID is negotiated by SDP (a=extmap, URI urn:ietf:params:rtp-hdrext:ssrc-audio-level)
// and passed in by the caller.
//
// RFC 6464 §3, one-byte form (RFC 8285 §4.2; the two-byte form carries the same byte):
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ID   | len=0 |V| level       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// V: the sender's voice activity decision; level: 0–127, the audio level in −dBov
// (0 = loudest, 127 = silence or anything at or below −127 dBov).

#include <cstdint>
#include <optional>
#include <span>

#include "media/audio/audio_frame.h"
#include "transport/rtp/rtp_packet_view.h"

namespace softmcu {

enum class VoiceActivity { kInactive, kActive };

class AudioLevel {
 public:
  static constexpr uint8_t kSilence = 127;

  constexpr AudioLevel() = default;
  // `level` in −dBov, clamped to 0–127.
  constexpr AudioLevel(uint8_t level, VoiceActivity voice)
      : level_(level > kSilence ? kSilence : level), voice_(voice) {}

  // The element's value as FindExtension returns it: exactly one byte (RFC 6464 §3).
  static std::optional<AudioLevel> Parse(std::span<const uint8_t> element);
  // Looks the extension `id` up in `packet`; nullopt if absent or malformed.
  static std::optional<AudioLevel> FromPacket(const RtpPacketView& packet, uint8_t id);

  // RFC 6464 §4: the RMS level of the frame relative to the overload point (a full-scale
  // square wave, RMS 32768), in −dBov, rounded and clamped to 0–127. A full-scale sine
  // reads 3; digital silence reads 127.
  static uint8_t LevelOf(const AudioFrame& frame);
  static AudioLevel Measure(const AudioFrame& frame, VoiceActivity voice) {
    return AudioLevel(LevelOf(frame), voice);
  }

  // The one byte to hand to RtpPacketBuilder::AddExtension (which keeps a reference:
  // store it somewhere that outlives the Write()).
  uint8_t ToByte() const {
    return static_cast<uint8_t>((voice_ == VoiceActivity::kActive ? 0x80 : 0) | level_);
  }

  uint8_t level() const { return level_; }
  VoiceActivity voice_activity() const { return voice_; }

  friend bool operator==(const AudioLevel&, const AudioLevel&) = default;

 private:
  uint8_t level_ = kSilence;
  VoiceActivity voice_ = VoiceActivity::kInactive;
};

}  // namespace softmcu
