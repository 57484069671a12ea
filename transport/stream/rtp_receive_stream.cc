#include "transport/stream/rtp_receive_stream.h"

#include "transport/rtcp/nack.h"
#include "transport/rtcp/pli.h"
#include "transport/stream/ntp_time.h"

namespace softmcu {

namespace {
JitterBuffer::Config JitterConfig(const RtpReceiveStreamConfig& c) {
  return c.kind == MediaKind::kAudio ? JitterBuffer::Config::Audio(c.clock_rate_hz)
                                     : JitterBuffer::Config::Video();
}
}  // namespace

RtpReceiveStream::RtpReceiveStream(const RtpReceiveStreamConfig& config, uint32_t local_ssrc)
    : config_(config), local_ssrc_(local_ssrc), jitter_buffer_(JitterConfig(config)) {}

void RtpReceiveStream::Restart(uint32_t ssrc) {
  if (remote_ssrc_) ++stats_.ssrc_changes;
  remote_ssrc_ = ssrc;
  statistics_ = std::make_unique<ReceiveStatistics>(ssrc);  // once per (re)start, not per packet
  jitter_buffer_.Reset();
  nack_.emplace();
  keyframe_wanted_ = config_.kind == MediaKind::kVideo;
}

void RtpReceiveStream::OnRtp(const RtpPacketView& packet, Timestamp arrival) {
  if (!remote_ssrc_ || packet.ssrc() != *remote_ssrc_) Restart(packet.ssrc());
  auto check =
      statistics_->OnPacket(packet.sequence_number(), packet.timestamp(), arrival, config_.clock_rate_hz,
                            DataSize::Bytes(static_cast<int64_t>(packet.data().size())));
  if (check == SequenceCheck::kBadSequence) return;  // A.1: wait for the resync packet
  if (config_.nack && config_.kind == MediaKind::kVideo) nack_->OnPacket(packet.sequence_number(), arrival);
  jitter_buffer_.InsertPacket(packet, arrival);
}

void RtpReceiveStream::OnSenderReport(uint64_t ntp_timestamp, Timestamp arrival) {
  if (statistics_) statistics_->OnSenderReport(NtpMiddle32(ntp_timestamp), arrival);
}

bool RtpReceiveStream::PopFrame(Timestamp now, JitterBufferFrame* frame) {
  if (!jitter_buffer_.PopFrame(now, frame)) return false;
  // A frame handed over after lost ones: the decoder's reference is gone.
  if (frame->lost_frames_before > 0 && config_.kind == MediaKind::kVideo) keyframe_wanted_ = true;
  return true;
}

void RtpReceiveStream::AddReportBlock(Timestamp now, rtcp::ReportBlockList& blocks) {
  if (!statistics_) return;
  auto data = statistics_->MakeReportBlock(now);
  if (!data) return;
  (void)blocks.push_back(rtcp::ReportBlock{.ssrc = data->ssrc,
                                           .fraction_lost = data->fraction_lost,
                                           .cumulative_lost = data->cumulative_lost,
                                           .extended_highest_sequence = data->extended_highest_seq,
                                           .jitter = data->jitter,
                                           .last_sr = data->last_sr,
                                           .delay_since_last_sr = data->delay_since_last_sr});
}

bool RtpReceiveStream::FeedbackPending(Timestamp now) const {
  if (!remote_ssrc_) return false;
  bool keyframe =
      (keyframe_wanted_ || nack_->KeyframeRequestNeeded()) &&
      (!last_keyframe_request_ || now - *last_keyframe_request_ >= config_.min_keyframe_request_interval);
  return keyframe || nack_->missing_count() > 0;
}

bool RtpReceiveStream::AppendFeedback(Timestamp now, TimeDelta rtt, rtcp::RtcpCompoundBuilder& builder) {
  if (!remote_ssrc_) return true;
  if (nack_->missing_count() > 0) {
    auto seqs = nack_->GetNacksToSend(now, rtt);
    if (!seqs.empty()) {
      if (auto nack = rtcp::Nack::FromLostSequenceNumbers(local_ssrc_, *remote_ssrc_, seqs)) {
        if (!builder.Add(*nack)) return false;
        ++stats_.nacks_sent;
      }
    }
  }
  if ((keyframe_wanted_ || nack_->KeyframeRequestNeeded()) &&
      (!last_keyframe_request_ || now - *last_keyframe_request_ >= config_.min_keyframe_request_interval)) {
    if (!builder.Add(rtcp::Pli{.sender_ssrc = local_ssrc_, .media_ssrc = *remote_ssrc_})) return false;
    keyframe_wanted_ = false;
    nack_->OnKeyframeRequested();
    last_keyframe_request_ = now;
    ++stats_.keyframe_requests_sent;
  }
  return true;
}

std::optional<Timestamp> RtpReceiveStream::NextDeadline() const {
  return jitter_buffer_.NextDeadline();
}

}  // namespace softmcu
