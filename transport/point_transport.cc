#include "transport/point_transport.h"

#include <algorithm>

#include "transport/rtcp/compound_builder.h"
#include "transport/rtcp/compound_view.h"
#include "transport/rtcp/fir.h"
#include "transport/rtcp/nack.h"
#include "transport/rtcp/pli.h"
#include "transport/rtcp/receiver_report.h"
#include "transport/rtcp/remb.h"
#include "transport/rtcp/sdes.h"
#include "transport/rtcp/sender_report.h"
#include "transport/rtcp/tmmbn.h"
#include "transport/rtcp/tmmbr.h"
#include "transport/stream/ntp_time.h"

namespace softmcu {

namespace {
// Room we leave for SRTCP's index and tag, and for IP/UDP, under a 1500-byte MTU.
constexpr size_t kMaxRtcpSize = 1200;
// Feedback (NACK retries, PLI) is checked at least this often while some is pending.
constexpr TimeDelta kFeedbackTick = TimeDelta::Millis(10);
constexpr TimeDelta kIdleTick = TimeDelta::Millis(100);
constexpr TimeDelta kDefaultRtt = TimeDelta::Millis(100);
// A retransmission that would wait longer than this behind the pacer arrives after the
// receiver has given the packet up (NackGenerator: 10 tries at >= 20 ms); it would only
// deepen the queue that delays everything else, so it is not sent.
constexpr TimeDelta kMaxRetransmissionQueueDelay = TimeDelta::Millis(200);
}  // namespace

struct PointTransport::Stream {
  Stream(MediaStreamSetup& setup, const PointTransportConfig& config, MediaTransportListener* listener,
         PointPolicer* policer, PacketBufferPool* pool, const Clock* clock)
      : kind(setup.kind),
        transport(MediaTransportConfig{config.point_name, setup.kind, 1500, setup.srtp_required},
                  std::move(setup.sockets), listener, policer, pool, clock),
        receive({.kind = setup.kind, .clock_rate_hz = setup.clock_rate_hz, .nack = setup.nack},
                setup.local_ssrc),
        send({.kind = setup.kind,
              .ssrc = setup.local_ssrc,
              .clock_rate_hz = setup.clock_rate_hz,
              .nack = setup.nack}),
        scheduler({.session_bandwidth = setup.session_bandwidth}, clock->Now()),
        sdes(rtcp::Sdes::WithCname(setup.local_ssrc, config.cname)) {
    transport.SetRemote(setup.remote_rtp, setup.remote_rtcp);
    if (setup.srtp_inbound || setup.srtp_outbound) {
      transport.SetSrtp(std::move(setup.srtp_inbound), std::move(setup.srtp_outbound));
    }
  }

  const MediaKind kind;
  MediaTransport transport;
  RtpReceiveStream receive;
  RtpSendStream send;
  RtcpScheduler scheduler;
  RttEstimator rtt;
  const rtcp::Sdes sdes;  // built once: SDES allocates
  std::optional<uint8_t> last_fir_seq;
  std::optional<rtcp::TmmbItem> tmmbn_pending;  // RFC 5104 §4.2.2: answer every TMMBR
};

PointTransport::PointTransport(const PointTransportConfig& config, PointTransportListener* listener,
                               PacketBufferPool* pool, const Clock* clock)
    : config_(config),
      listener_(listener),
      pool_(pool),
      clock_(clock),
      policer_(config.policer, clock->Now()),
      pacer_(PacerConfig{.rate = config.policer.rate}, clock->Now()) {}

PointTransport::~PointTransport() = default;

Result<void> PointTransport::AddStream(MediaStreamSetup setup) {
  auto& slot = streams_[static_cast<size_t>(setup.kind)];
  if (slot) return MakeError(ErrorCode::kAlreadyExists, "the point already has a stream of this kind");
  MediaTransportListener* self = this;  // private base: convert here, where it is accessible
  slot = std::make_unique<Stream>(setup, config_, self, &policer_, pool_, clock_);
  return {};
}

PointTransport::Stream* PointTransport::StreamOf(const MediaTransport& transport) {
  for (auto& s : streams_) {
    if (s && &s->transport == &transport) return s.get();
  }
  return nullptr;
}

const MediaTransport* PointTransport::transport(MediaKind kind) const {
  auto* s = StreamOf(kind);
  return s ? &s->transport : nullptr;
}
const RtpReceiveStream* PointTransport::receive_stream(MediaKind kind) const {
  auto* s = StreamOf(kind);
  return s ? &s->receive : nullptr;
}
const RtpSendStream* PointTransport::send_stream(MediaKind kind) const {
  auto* s = StreamOf(kind);
  return s ? &s->send : nullptr;
}
std::optional<TimeDelta> PointTransport::rtt(MediaKind kind) const {
  auto* s = StreamOf(kind);
  return s ? s->rtt.smoothed() : std::nullopt;
}

TimeDelta PointTransport::RttOr(const Stream& stream, TimeDelta fallback) const {
  return stream.rtt.smoothed().value_or(fallback);
}

bool PointTransport::SendRtp(MediaKind kind, PacketBuffer packet) {
  Stream* stream = StreamOf(kind);
  if (stream == nullptr) return false;
  auto view = RtpPacketView::Parse(packet.span());
  if (!view) return false;  // our own packetizer's bug, not the network's: refuse, don't send
  const uint32_t rtp_timestamp = view->timestamp();
  const size_t payload_size = view->payload().size();
  if (!stream->transport.ProtectRtp(packet)) return false;
  const Timestamp now = clock_->Now();
  stream->send.OnPacketSent(packet.span(), rtp_timestamp, payload_size, now);
  stream->scheduler.SetWeSent(true);
  return pacer_.Enqueue(std::move(packet), kind, now);
}

void PointTransport::RequestKeyframe(MediaKind kind) {
  if (Stream* s = StreamOf(kind)) s->receive.RequestKeyframe();
}

void PointTransport::OnMediaTransportRtp(MediaTransport& transport, const RtpPacketView& packet,
                                         Timestamp arrival) {
  Stream* s = StreamOf(transport);
  if (s == nullptr) return;
  s->receive.OnRtp(packet, arrival);
  // A video frame completed by this packet goes up now, not at the owner's next Process():
  // every millisecond here is a millisecond of the conference's latency. (Audio is paced
  // by the jitter buffer and comes out only when its playout time has come.)
  DeliverFrames(*s, arrival);
}

void PointTransport::DeliverFrames(Stream& stream, Timestamp now) {
  JitterBufferFrame frame;
  while (stream.receive.PopFrame(now, &frame)) listener_->OnPointFrame(stream.kind, frame);
}

void PointTransport::SetRequestedRate(std::optional<DataRate> rate) { policer_.SetAnnouncedCap(rate); }

void PointTransport::SetSendRate(DataRate rate) {
  pacer_.SetRate(std::clamp(rate, PolicerConfig::kMinRate, config_.policer.rate), clock_->Now());
}

void PointTransport::OnReportBlocks(Stream& stream, const rtcp::ReportBlockList& blocks, Timestamp arrival) {
  for (const auto& block : blocks) {
    if (block.ssrc == stream.send.ssrc()) {
      stream.rtt.OnReportBlock(ToCompactNtp(arrival), block.last_sr, block.delay_since_last_sr);
      listener_->OnPointLossReport(stream.kind, block.cumulative_lost, block.extended_highest_sequence);
    }
  }
}

void PointTransport::OnMediaTransportRtcp(MediaTransport& transport, std::span<const uint8_t> compound,
                                          Timestamp arrival) {
  Stream* stream = StreamOf(transport);
  if (stream == nullptr) return;
  stream->scheduler.OnReceived(DataSize::Bytes(static_cast<int64_t>(compound.size())));
  const uint32_t our_ssrc = stream->send.ssrc();
  rtcp::RtcpCompoundView walk(compound);
  while (auto p = walk.Next()) {
    using rtcp::PacketKind;
    switch (p->kind) {
      case PacketKind::kSenderReport:
        if (auto sr = rtcp::SenderReport::Parse(p->header, p->body)) {
          if (stream->receive.remote_ssrc() == sr->sender_ssrc)
            stream->receive.OnSenderReport(sr->ntp_timestamp, arrival);
          OnReportBlocks(*stream, sr->report_blocks, arrival);
        }
        break;
      case PacketKind::kReceiverReport:
        if (auto rr = rtcp::ReceiverReport::Parse(p->header, p->body))
          OnReportBlocks(*stream, rr->report_blocks, arrival);
        break;
      case PacketKind::kNack:
        if (auto nack = rtcp::Nack::Parse(p->header, p->body); nack && nack->media_ssrc == our_ssrc) {
          // The receiver repeats a NACK every RTT until the packet arrives, but a
          // retransmission waits in the pacer's queue first: counting only the network RTT
          // would resend the same packet once per repeat and feed the queue that delays it.
          const TimeDelta queued = pacer_.QueueDelay(arrival);
          if (queued > kMaxRetransmissionQueueDelay) {
            ++retransmissions_refused_;
            break;
          }
          stream->send.OnNack(*nack, arrival, RttOr(*stream, kDefaultRtt), queued,
                              [&](std::span<const uint8_t> packet) {
                                PacketBuffer copy = pool_->Acquire();
                                if (!copy || packet.size() > copy.capacity()) return;
                                std::copy(packet.begin(), packet.end(), copy.data());
                                copy.set_size(packet.size());
                                pacer_.Enqueue(std::move(copy), stream->kind, arrival);
                              });
        }
        break;
      case PacketKind::kPli:
        if (auto pli = rtcp::Pli::Parse(p->header, p->body); pli && pli->media_ssrc == our_ssrc) {
          listener_->OnPointKeyframeRequested(stream->kind);
        }
        break;
      case PacketKind::kFir:
        if (auto fir = rtcp::Fir::Parse(p->header, p->body)) {
          for (const auto& entry : fir->entries) {
            // RFC 5104 §4.3.1.2: a repeated sequence number is a retransmission of the same request.
            if (entry.ssrc != our_ssrc || stream->last_fir_seq == entry.seq_nr) continue;
            stream->last_fir_seq = entry.seq_nr;
            listener_->OnPointKeyframeRequested(stream->kind);
          }
        }
        break;
      case PacketKind::kTmmbr:
        if (auto tmmbr = rtcp::Tmmbr::Parse(p->header, p->body)) {
          for (const auto& item : tmmbr->items) {
            if (item.ssrc != our_ssrc) continue;
            stream->tmmbn_pending = item;
            listener_->OnPointBitrateLimit(stream->kind, item.max_bitrate);
          }
        }
        break;
      case PacketKind::kRemb:
        if (auto remb = rtcp::Remb::Parse(p->header, p->body)) {
          if (std::find(remb->ssrcs.begin(), remb->ssrcs.end(), our_ssrc) != remb->ssrcs.end()) {
            listener_->OnPointBitrateLimit(stream->kind, remb->bitrate);
          }
        }
        break;
      default:
        break;  // SDES, BYE, TMMBN, APP, XR: nothing to act on yet
    }
  }
  if (walk.error()) ++rtcp_malformed_;
}

void PointTransport::SendRtcp(Stream& stream, Timestamp now, bool regular) {
  PacketBuffer buffer = pool_->Acquire();
  if (!buffer) return;
  rtcp::RtcpCompoundBuilder builder(buffer.storage().first(kMaxRtcpSize));
  rtcp::ReportBlockList blocks;
  stream.receive.AddReportBlock(now, blocks);
  // RFC 3550 §6.1: a compound starts with SR (if we sent media since the last report) or RR.
  bool ok;
  if (auto sr = stream.send.MakeSenderReport(now)) {
    sr->report_blocks = blocks;
    ok = builder.Add(*sr);
  } else {
    ok = builder.Add(rtcp::ReceiverReport{.sender_ssrc = stream.send.ssrc(), .report_blocks = blocks});
  }
  if (ok && regular) ok = builder.Add(stream.sdes);
  if (ok) ok = stream.receive.AppendFeedback(now, RttOr(stream, kDefaultRtt), builder);
  if (ok && stream.tmmbn_pending) {
    rtcp::Tmmbn tmmbn{.sender_ssrc = stream.send.ssrc(), .media_ssrc = 0, .items = {}};
    (void)tmmbn.items.push_back(*stream.tmmbn_pending);
    if (builder.Add(tmmbn)) stream.tmmbn_pending.reset();
  }
  // The point's budget rides on its video stream, where the bulk of its traffic is.
  if (ok && stream.kind == MediaKind::kVideo && stream.receive.remote_ssrc()) {
    if (auto budget = policer_.FeedbackDue(now)) {
      const uint32_t media = *stream.receive.remote_ssrc();
      rtcp::Tmmbr tmmbr{.sender_ssrc = stream.send.ssrc(), .media_ssrc = 0, .items = {}};
      (void)tmmbr.items.push_back(
          rtcp::TmmbItem{.ssrc = media, .max_bitrate = *budget, .packet_overhead = 40});
      rtcp::Remb remb{.sender_ssrc = stream.send.ssrc(), .media_ssrc = 0, .bitrate = *budget, .ssrcs = {}};
      (void)remb.ssrcs.push_back(media);
      (void)(builder.Add(tmmbr) && builder.Add(remb));
    }
  }
  if (builder.empty()) return;
  buffer.set_size(builder.size());
  const auto size = DataSize::Bytes(static_cast<int64_t>(builder.size()));
  // RTCP bypasses the pacer: it is small, and feedback that waits behind a keyframe is late.
  if (!stream.transport.SendRtcp(buffer)) return;
  if (regular) {
    stream.scheduler.OnSent(now, size);
  } else {
    stream.scheduler.OnEarlySent(size);
  }
}

void PointTransport::Process() {
  const Timestamp now = clock_->Now();
  for (auto& s : streams_) {
    if (!s) continue;
    DeliverFrames(*s, now);
    if (s->scheduler.ShouldSend(now)) {
      SendRtcp(*s, now, /*regular=*/true);
    } else if (s->receive.FeedbackPending(now) || s->tmmbn_pending ||
               (s->kind == MediaKind::kVideo && s->receive.remote_ssrc() && policer_.FeedbackPeek(now))) {
      // RFC 4585 §3.5.2 immediate feedback mode: a point-to-point session with the terminal.
      SendRtcp(*s, now, /*regular=*/false);
    }
  }
  pacer_.Process(now, [this](PacketBuffer&& packet, MediaKind kind) {
    if (Stream* s = StreamOf(kind)) s->transport.SendProtected(packet);
  });
}

Timestamp PointTransport::NextProcessTime(Timestamp now) const {
  Timestamp next = now + kIdleTick;
  for (const auto& s : streams_) {
    if (!s) continue;
    next = std::min(next, s->scheduler.next_send_time());
    if (auto d = s->receive.NextDeadline()) next = std::min(next, *d);
    if (s->receive.nack_generator().missing_count() > 0 || s->receive.FeedbackPending(now)) {
      next = std::min(next, now + kFeedbackTick);
    }
  }
  if (auto send = pacer_.NextSendTime(now)) next = std::min(next, *send);
  return std::max(next, now);
}

}  // namespace softmcu
