// Fuzzes the Opus payload parser (media/audio/opus_payload.h) against libopus: any bytes
// either parse or give an error value; the verdict must match opus_packet_parse() and,
// when accepted, the duration, frame count and frame spans must match libopus and stay
// inside the input. Accepted packets then go through libopus decoding into a 120 ms
// buffer (mono and stereo) and through softmcu::OpusDecoder's normal and FEC paths,
// which must not crash and must keep one frame per call.
// Seeds: tests/fuzz/corpus/opus_payload/ (encoder outputs of each mode, code 0–3 packets).

#include <opus/opus.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/audio/opus_decoder.h"
#include "media/audio/opus_payload.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void DecodeWithLibopus(const uint8_t* data, size_t size, int channels) {
  static std::array<int16_t, 5760 * 2> pcm;
  int error = 0;
  ::OpusDecoder* decoder = opus_decoder_create(48000, channels, &error);
  Check(error == OPUS_OK);
  const int n = opus_decode(decoder, data, static_cast<opus_int32>(size), pcm.data(), 5760, 0);
  Check(n < 0 || n == opus_packet_get_nb_samples(data, static_cast<opus_int32>(size), 48000));
  const int fec =
      opus_decode(decoder, data, static_cast<opus_int32>(size), pcm.data(), 5760, /*decode_fec=*/1);
  Check(fec <= 5760);
  opus_decoder_destroy(decoder);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  auto parsed = softmcu::OpusPayload::Parse(input);

  const unsigned char* frames[48];
  opus_int16 sizes[48];
  const int lib_frames =
      size == 0 ? -1
                : opus_packet_parse(data, static_cast<opus_int32>(size), nullptr, frames, sizes, nullptr);
  Check(parsed.has_value() == (lib_frames > 0));
  if (!parsed) return 0;

  Check(parsed->samples() == opus_packet_get_nb_samples(data, static_cast<opus_int32>(size), 48000));
  Check(parsed->samples() <= softmcu::OpusPayload::kMaxSamples);
  Check(parsed->frame_count() == static_cast<size_t>(lib_frames));
  for (size_t i = 0; i < parsed->frame_count(); ++i) {
    auto f = parsed->frame(i);
    Check(f.size() == static_cast<size_t>(sizes[i]));
    Check(f.empty() || (f.data() == frames[i] && f.data() + f.size() <= data + size));
  }
  (void)parsed->HasInbandFec();

  DecodeWithLibopus(data, size, 1);
  DecodeWithLibopus(data, size, 2);

  softmcu::OpusDecoder decoder;
  const softmcu::OpusDecoder::Packet packet{input, 960};
  softmcu::AudioFrame frame;
  // Lost packet recovered from this one, then this one, then whatever it left queued.
  decoder.NextFrame(std::nullopt, packet, &frame);
  for (int tick = 0; tick < 8; ++tick) {
    decoder.NextFrame(tick == 0 ? std::optional(packet) : std::nullopt, std::nullopt, &frame);
    Check(decoder.queued_samples() <= softmcu::OpusDecoder::kQueueCapacity);
  }
  return 0;
}
