#pragma once
// What we keep about one RTP stream we send to a bridge point: packet and octet counts and
// the RTP/NTP time pair for our Sender Reports (RFC 3550 §6.4.1), and the history of sent
// packets that answers the point's NACKs (RFC 4585 §6.2.1).
//
// The history stores packets AFTER SRTP protection and retransmits them verbatim: the
// receiver never got them, so its replay window accepts them, and no packet is protected
// twice (libsrtp2 refuses that, and it would cost another 4 µs of AES-CM+HMAC).
//
// Pure state machine on injected time; the PointTransport owning it does the I/O.

#include <cstdint>
#include <optional>
#include <span>

#include "core/units.h"
#include "transport/media_kind.h"
#include "transport/rtcp/nack.h"
#include "transport/rtcp/sender_report.h"
#include "transport/session/send_history.h"

namespace softmcu {

struct RtpSendStreamConfig {
  MediaKind kind = MediaKind::kVideo;
  uint32_t ssrc = 0;
  int clock_rate_hz = 90000;
  bool nack = true;  // keep a history for retransmission (video)
};

class RtpSendStream {
 public:
  explicit RtpSendStream(const RtpSendStreamConfig& config);

  // Records a packet about to go out: `protected_packet` is the SRTP datagram,
  // `payload_size` its RTP payload size (the SR's octet count excludes headers).
  void OnPacketSent(std::span<const uint8_t> protected_packet, uint32_t rtp_timestamp, size_t payload_size,
                    Timestamp now);

  // Calls `resend(std::span<const uint8_t>)` for every NACKed packet still in the
  // history whose last retransmission is not still queued or in flight (SendHistory;
  // `queue_delay`: how long a retransmission queued now waits in the pacer).
  template <typename ResendFn>
  void OnNack(const rtcp::Nack& nack, Timestamp now, TimeDelta rtt, TimeDelta queue_delay, ResendFn&& resend) {
    if (!history_) return;
    nack.ForEachLostSequenceNumber([&](uint16_t seq) {
      if (auto packet = history_->GetForRetransmission(seq, now, rtt, queue_delay)) resend(*packet);
    });
  }

  // nullopt until something was sent (RFC 3550 §6.4: only senders send SRs).
  std::optional<rtcp::SenderReport> MakeSenderReport(Timestamp now) const;

  uint32_t ssrc() const { return config_.ssrc; }
  MediaKind kind() const { return config_.kind; }
  uint32_t packets_sent() const { return packet_count_; }
  const SendHistory* history() const { return history_ ? &*history_ : nullptr; }

 private:
  const RtpSendStreamConfig config_;
  std::optional<SendHistory> history_;
  uint32_t packet_count_ = 0;  // wraps, as the SR field does
  uint32_t octet_count_ = 0;
  std::optional<Timestamp> last_send_time_;
  uint32_t last_rtp_timestamp_ = 0;
};

}  // namespace softmcu
