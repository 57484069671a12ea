#include "media/audio/opus_encoder.h"

#include <opus/opus.h>

#include <algorithm>

#include "core/check.h"

namespace softmcu {
namespace {

::OpusEncoder* CreateMonoEncoder() {
  int error = OPUS_OK;
  ::OpusEncoder* encoder = opus_encoder_create(AudioFrame::kSampleRate, 1, OPUS_APPLICATION_VOIP, &error);
  // Fails only on bad arguments or out of memory: a programmer error, not input.
  SOFTMCU_CHECK(error == OPUS_OK && encoder != nullptr);
  return encoder;
}

// Opus accepts 6–510 kbps (RFC 6716 §2.1.1 and opus_encoder_ctl).
opus_int32 ClampBitrate(DataRate rate) {
  return static_cast<opus_int32>(std::clamp<int64_t>(rate.bps(), 6000, 510000));
}

}  // namespace

void OpusEncoder::Deleter::operator()(::OpusEncoder* encoder) const {
  opus_encoder_destroy(encoder);
}

OpusEncoder::OpusEncoder(const Config& config) : config_(config), encoder_(CreateMonoEncoder()) {
  ::OpusEncoder* e = encoder_.get();
  opus_encoder_ctl(e, OPUS_SET_BITRATE(ClampBitrate(config_.bitrate)));
  opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(std::clamp(config_.complexity, 0, 10)));
  opus_encoder_ctl(e, OPUS_SET_DTX(config_.dtx ? 1 : 0));
  // RFC 7587 §3.1.1: VBR is the default; keep it, the RTP layer does not care about sizes.
  opus_encoder_ctl(e, OPUS_SET_VBR(1));
  SetPacketLossPercent(config_.packet_loss_percent);
}

OpusEncoder::~OpusEncoder() = default;

std::optional<size_t> OpusEncoder::Encode(const AudioFrame& frame, std::span<uint8_t> out) {
  if (out.empty()) return std::nullopt;
  const opus_int32 capacity = static_cast<opus_int32>(std::min(out.size(), kMaxPayloadSize));
  const opus_int32 n = opus_encode(encoder_.get(), frame.samples.data(),
                                   static_cast<int>(AudioFrame::kSamples), out.data(), capacity);
  if (n <= 0) return std::nullopt;
  return static_cast<size_t>(n);
}

void OpusEncoder::SetBitrate(DataRate bitrate) {
  config_.bitrate = bitrate;
  opus_encoder_ctl(encoder_.get(), OPUS_SET_BITRATE(ClampBitrate(bitrate)));
}

void OpusEncoder::SetPacketLossPercent(int percent) {
  packet_loss_percent_ = std::clamp(percent, 0, 100);
  // Tells SILK how much of the bitrate to put into LBRR, and CELT how much to rely on
  // inter-frame prediction.
  opus_encoder_ctl(encoder_.get(), OPUS_SET_PACKET_LOSS_PERC(packet_loss_percent_));
  ApplyFec();
}

void OpusEncoder::ApplyFec() {
  switch (config_.inband_fec) {
    case InbandFec::kOff:
      fec_enabled_ = false;
      break;
    case InbandFec::kOn:
      fec_enabled_ = true;
      break;
    case InbandFec::kWhenLossy:
      fec_enabled_ = packet_loss_percent_ > kFecLossThresholdPercent;
      break;
  }
  opus_encoder_ctl(encoder_.get(), OPUS_SET_INBAND_FEC(fec_enabled_ ? 1 : 0));
}

}  // namespace softmcu
