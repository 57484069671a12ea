#include "transport/stream/rtp_send_stream.h"

#include "transport/stream/ntp_time.h"

namespace softmcu {

RtpSendStream::RtpSendStream(const RtpSendStreamConfig& config) : config_(config) {
  if (config.nack && config.kind == MediaKind::kVideo) history_.emplace();
}

void RtpSendStream::OnPacketSent(std::span<const uint8_t> protected_packet, uint32_t rtp_timestamp,
                                 size_t payload_size, Timestamp now) {
  ++packet_count_;
  octet_count_ += static_cast<uint32_t>(payload_size);
  last_send_time_ = now;
  last_rtp_timestamp_ = rtp_timestamp;
  if (history_) history_->Store(protected_packet, now);
}

std::optional<rtcp::SenderReport> RtpSendStream::MakeSenderReport(Timestamp now) const {
  if (!last_send_time_) return std::nullopt;
  // RFC 3550 §6.4.1: the RTP timestamp corresponds to the NTP time of the report, extrapolated
  // from the last packet sent at the stream's clock rate.
  const int64_t elapsed_ticks = (now - *last_send_time_).us() * config_.clock_rate_hz / 1'000'000;
  return rtcp::SenderReport{.sender_ssrc = config_.ssrc,
                            .ntp_timestamp = ToNtp64(now),
                            .rtp_timestamp = last_rtp_timestamp_ + static_cast<uint32_t>(elapsed_ticks),
                            .packet_count = packet_count_,
                            .octet_count = octet_count_,
                            .report_blocks = {}};
}

}  // namespace softmcu
