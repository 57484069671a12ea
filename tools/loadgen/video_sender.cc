#include "tools/loadgen/video_sender.h"

#include <algorithm>

#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {

VideoSender::VideoSender(const Config& config, LoopResources* loop, SendLog* log, Timestamp start)
    : config_(config),
      loop_(loop),
      log_(log),
      rendition_(std::min(config.rendition, loop->video->rendition_count() - 1)),
      frame_index_(0),
      rtp_timestamp_(config.first_rtp_timestamp),
      rtp_sequence_(config.first_sequence_number),
      next_frame_(start) {
  builder_.SetPayloadType(config.payload_type).SetSsrc(config.ssrc);
  // Start on the IDR at or before the chosen position, so every endpoint's first frame is
  // decodable and their IDRs are spread over the loop.
  const VideoRendition& r = loop->video->rendition(rendition_);
  frame_index_ = r.IdrAtOrBefore(config.start_frame % r.frame_count());
  // Respect the --bitrate cap from the first frame.
  if (loop->video->rendition(rendition_).spec().bitrate > config.max_bitrate) {
    rendition_ = loop->video->ChooseRendition(config.max_bitrate);
  }
  preferred_bitrate_ = std::min(config.max_bitrate, loop->video->rendition(rendition_).spec().bitrate);
}

void VideoSender::OnKeyframeRequested() {
  ++stats_.keyframe_requests;
  if (!last_was_idr_) keyframe_wanted_ = true;  // just sent one: the request is answered
}

// A limit can only bring the endpoint down from its configured rendition (and back up to
// it), as a terminal configured for a call bandwidth does.
void VideoSender::OnBitrateLimit(DataRate limit) {
  const size_t target = loop_->video->ChooseRendition(std::min(limit, preferred_bitrate_));
  switch_to_ = target != rendition_ ? std::optional<size_t>(target) : std::nullopt;
}

Timestamp VideoSender::SendDue(Timestamp now, PointTransport& transport) {
  if (now < next_frame_) return next_frame_;
  SendFrame(now, transport);
  const TimeDelta interval = loop_->video->frame_interval();
  next_frame_ += interval;
  // Fell behind by more than a frame (a stalled loop): resume from now rather than burst.
  if (next_frame_ + interval < now) {
    const int64_t missed = (now - next_frame_).us() / interval.us();
    stats_.late_frames += static_cast<uint64_t>(missed);
    next_frame_ += interval * missed;
  }
  return next_frame_;
}

void VideoSender::SendFrame(Timestamp now, PointTransport& transport) {
  const VideoMaterial& material = *loop_->video;
  if (!last_was_idr_ && (switch_to_ || keyframe_wanted_)) {
    if (switch_to_) {
      rendition_ = *switch_to_;
      ++stats_.rendition_switches;
    }
    frame_index_ = material.rendition(rendition_).IdrAtOrBefore(frame_index_);
    switch_to_.reset();
    keyframe_wanted_ = false;
  }
  const VideoRendition& rendition = material.rendition(rendition_);
  const VideoRendition::Frame& frame = rendition.frame(frame_index_);
  const VideoStamp stamp{config_.endpoint_id, sequence_ % StampCode::kSequenceModulus,
                         static_cast<uint32_t>(rendition_)};
  const uint64_t cells = StampCode::Encode(stamp);
  auto au = loop_->stamped->Write(rendition, frame_index_, cells, frame.idr ? std::nullopt : reference_cells_);
  if (au && loop_->packetizer.SetAccessUnit(*au, rtp_timestamp_)) {
    while (loop_->packetizer.HasNext()) {
      PacketBuffer packet = loop_->pool.Acquire();
      if (!packet) {
        stats_.packets_dropped += loop_->packetizer.remaining();
        break;
      }
      builder_.SetSequenceNumber(rtp_sequence_++);
      const size_t payload = loop_->packetizer.next_payload_size();
      auto size = loop_->packetizer.NextPacket(builder_, packet.storage());
      if (!size) break;
      packet.set_size(*size);
      if (transport.SendRtp(MediaKind::kVideo, std::move(packet))) {
        ++stats_.packets;
        stats_.bytes += payload;
      } else {
        ++stats_.packets_dropped;
      }
    }
  }
  log_->RecordVideoFrame(stamp.sequence, now);
  reference_cells_ = cells;
  last_was_idr_ = frame.idr;
  ++stats_.frames;
  if (frame.idr) ++stats_.keyframes;
  ++sequence_;
  frame_index_ = (frame_index_ + 1) % rendition.frame_count();
  rtp_timestamp_ += static_cast<uint32_t>(90000 / material.fps());
}

}  // namespace softmcu::loadgen
