#include "media/audio/audio_level.h"

#include <cmath>

namespace softmcu {

std::optional<AudioLevel> AudioLevel::Parse(std::span<const uint8_t> element) {
  // RFC 6464 §3: the element is one byte (len=0 in the one-byte form, len=1 in the
  // two-byte form). Anything else is not this extension.
  if (element.size() != 1) return std::nullopt;
  const uint8_t b = element[0];
  return AudioLevel(b & 0x7f, (b & 0x80) != 0 ? VoiceActivity::kActive : VoiceActivity::kInactive);
}

std::optional<AudioLevel> AudioLevel::FromPacket(const RtpPacketView& packet, uint8_t id) {
  auto element = packet.FindExtension(id);
  if (!element) return std::nullopt;
  return Parse(*element);
}

uint8_t AudioLevel::LevelOf(const AudioFrame& frame) {
  // 960 × 32768² < 2^40: no overflow in 64 bits.
  int64_t sum_squares = 0;
  for (int16_t s : frame.samples) sum_squares += int64_t{s} * s;
  if (sum_squares == 0) return kSilence;
  const double mean_square = static_cast<double>(sum_squares) / static_cast<double>(AudioFrame::kSamples);
  // RFC 6464 §4: dBov relative to the overload point, 0 dBov = RMS of a full-scale square
  // wave = 32768 for 16-bit PCM. 10·log10 of the power ratio = 20·log10 of the RMS ratio.
  const double dbov = 10.0 * std::log10(mean_square / (32768.0 * 32768.0));
  const double level = std::round(-dbov);
  if (level <= 0) return 0;
  if (level >= kSilence) return kSilence;
  return static_cast<uint8_t>(level);
}

}  // namespace softmcu
