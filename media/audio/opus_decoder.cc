#include "media/audio/opus_decoder.h"

#include <opus/opus.h>

#include <algorithm>

#include "core/check.h"

namespace softmcu {
namespace {

constexpr int kFrameSamples = static_cast<int>(AudioFrame::kSamples);

::OpusDecoder* CreateMonoDecoder() {
  int error = OPUS_OK;
  ::OpusDecoder* decoder = opus_decoder_create(AudioFrame::kSampleRate, 1, &error);
  // Fails only on bad arguments or out of memory: a programmer error, not input.
  SOFTMCU_CHECK(error == OPUS_OK && decoder != nullptr);
  return decoder;
}

}  // namespace

void OpusDecoder::Deleter::operator()(::OpusDecoder* decoder) const {
  opus_decoder_destroy(decoder);
}

OpusDecoder::OpusDecoder() : decoder_(CreateMonoDecoder()) {}

OpusDecoder::~OpusDecoder() = default;

OpusDecoder::FrameSource OpusDecoder::NextFrame(const std::optional<Packet>& current,
                                                const std::optional<Packet>& next, AudioFrame* out) {
  if (current) Enqueue(*current);
  if (queued_ >= AudioFrame::kSamples) {
    PopFrame(out);
    return FrameSource::kDecoded;
  }
  // Nothing (or not enough) decodable is due: the packet is lost, late or malformed.
  if (queued_ == 0 && next) return DecodeFec(*next, out) ? FrameSource::kFec : FrameSource::kPlc;
  DecodeLost(out);
  return FrameSource::kPlc;
}

bool OpusDecoder::Decode(const Packet& packet, AudioFrame* out) {
  Enqueue(packet);
  if (queued_ < AudioFrame::kSamples) return false;
  PopFrame(out);
  return true;
}

void OpusDecoder::DecodeLost(AudioFrame* out) {
  if (queued_ < AudioFrame::kSamples) {
    EnqueueConcealment(AudioFrame::kSamples - queued_);
    ++stats_.plc;
    PopFrame(out);
    out->plc = true;
    return;
  }
  PopFrame(out);
}

bool OpusDecoder::DecodeFec(const Packet& next, AudioFrame* out) {
  auto parsed = OpusPayload::Parse(next.payload);
  if (queued_ != 0 || !parsed || !CanUseFec(*parsed)) {
    DecodeLost(out);
    return false;
  }
  // The FEC copy in packet N+1 describes the 20 ms just before it.
  const int n = opus_decode(decoder_.get(), next.payload.data(), static_cast<opus_int32>(next.payload.size()),
                            queue_.data(), kFrameSamples, /*decode_fec=*/1);
  if (n != kFrameSamples) {
    DecodeLost(out);
    return false;
  }
  queued_ = AudioFrame::kSamples;
  queue_timestamp_ = next.rtp_timestamp - AudioFrame::kSamples;
  ++stats_.fec_recovered;
  PopFrame(out);
  return true;
}

bool OpusDecoder::Enqueue(const Packet& packet) {
  auto parsed = OpusPayload::Parse(packet.payload);
  if (!parsed) {
    ++stats_.errors;
    return false;
  }
  const size_t samples = static_cast<size_t>(parsed->samples());
  if (queued_ + samples > kQueueCapacity) {
    ++stats_.overflows;
    return false;
  }
  const int n =
      opus_decode(decoder_.get(), packet.payload.data(), static_cast<opus_int32>(packet.payload.size()),
                  queue_.data() + queued_, static_cast<int>(kQueueCapacity - queued_),
                  /*decode_fec=*/0);
  if (n < 0) {
    ++stats_.errors;
    return false;
  }
  if (queued_ == 0) queue_timestamp_ = packet.rtp_timestamp;
  queued_ += static_cast<size_t>(n);
  last_was_celt_ = parsed->mode() == OpusMode::kCelt;
  ++stats_.decoded;
  return true;
}

void OpusDecoder::EnqueueConcealment(size_t samples) {
  if (queued_ == 0) queue_timestamp_ = next_timestamp_;
  int16_t* tail = queue_.data() + queued_;
  const int n = opus_decode(decoder_.get(), nullptr, 0, tail, static_cast<int>(samples), /*decode_fec=*/0);
  // PLC cannot fail for a 2.5 ms multiple; should it, silence keeps the cadence.
  if (n != static_cast<int>(samples)) std::fill(tail, tail + samples, int16_t{0});
  queued_ += samples;
}

void OpusDecoder::PopFrame(AudioFrame* out) {
  SOFTMCU_DCHECK(queued_ >= AudioFrame::kSamples);
  std::copy_n(queue_.begin(), AudioFrame::kSamples, out->samples.begin());
  out->rtp_timestamp = queue_timestamp_;
  out->plc = false;
  queued_ -= AudioFrame::kSamples;
  std::copy_n(queue_.begin() + AudioFrame::kSamples, queued_, queue_.begin());
  queue_timestamp_ += AudioFrame::kSamples;
  next_timestamp_ = queue_timestamp_;
}

bool OpusDecoder::CanUseFec(const OpusPayload& next) const {
  // libopus decodes FEC only from SILK/Hybrid packets of at most 20 ms frames, and only
  // after SILK/Hybrid audio; otherwise it silently conceals instead (opus_decode_native).
  return next.HasInbandFec() && !last_was_celt_ && next.samples_per_frame() <= kFrameSamples;
}

}  // namespace softmcu
