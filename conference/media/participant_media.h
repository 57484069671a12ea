#pragma once
// The media of one bridge point in a conference, on the worker thread that owns its
// sockets: everything from its UDP datagrams to decoded media and back.
//
//   receive: PointTransport (SRTP, policer, RTCP, jitter buffer)
//              audio  → Opus payloads into link.audio_in (the room decodes what it mixes);
//                       telephone-event → DtmfReceiver → observer (floor request keys)
//              video  → H264Depacketizer → H264Decoder (only while link.decode_video)
//                       → link.video_in; loss → PLI (rate-limited by the receive stream)
//   send:    link.audio_out → RTP (Opus PT, our SSRC) → PointTransport (SRTP once, paced)
//            link.video_out → H264Packetizer → RTP → PointTransport
//
// Decoding only what is seen: while nothing shows the point, its video is depacketized
// (to keep SPS/PPS and notice keyframes) but not decoded; when it becomes visible a
// keyframe is requested so the first decoded picture is clean.
//
// Threading: created, driven and destroyed on one worker EventLoop. The owner calls
// Process() from a periodic tick (a few ms) and FlushOutbound() when the room posts new
// media. Observer calls happen on the worker thread; implementations post to the room.

#include <memory>
#include <optional>
#include <string>

#include "conference/media/participant_media_link.h"
#include "conference/media/rate_request_fallback.h"
#include "conference/media/stage_cpu_metric.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/packet_buffer_pool.h"
#include "core/result.h"
#include "media/audio/dtmf_receiver.h"
#include "media/h264/h264_depacketizer.h"
#include "media/h264/h264_packetizer.h"
#include "media/video/h264_decoder.h"
#include "mixer/floor/floor_types.h"
#include "transport/policer/send_rate_controller.h"
#include "transport/point_metrics.h"
#include "transport/security/security_alarm_queue.h"
#include "transport/point_transport.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {

class ParticipantMediaObserver {
 public:
  // The point lost the picture we send it (PLI/FIR): its view's encoder should send an IDR.
  virtual void OnParticipantKeyframeRequested(ParticipantId id) = 0;
  // A DTMF key pressed on the point's remote control (RFC 4733).
  virtual void OnParticipantDtmf(ParticipantId id, char key) = 0;
  // No RTP from the point for the configured timeout; then again when media resumes.
  virtual void OnParticipantMediaTimeout(ParticipantId id) = 0;
  virtual void OnParticipantMediaResumed(ParticipantId id) = 0;
  // The point ignores our TMMBR/REMB: ask for `kbps` in the SDP (0: the full rate again).
  // From the worker thread; rate_request_fallback.h.
  virtual void OnParticipantBandwidthWanted(ParticipantId /*id*/, int64_t /*kbps*/) {}

 protected:
  ~ParticipantMediaObserver() = default;
};

struct AudioStreamParams {
  uint8_t opus_payload_type = 111;
  std::optional<uint8_t> telephone_event_payload_type;
  int telephone_event_clock_rate = 8000;
};

struct VideoStreamParams {
  uint8_t h264_payload_type = 96;
  H264PacketizationMode packetization_mode = H264PacketizationMode::kNonInterleaved;
  size_t max_payload_size = 1200;
};

struct ParticipantMediaConfig {
  ParticipantId id = 0;
  std::string name;  // for log lines, with the room
  std::string room;
  PolicerConfig policer;
  TimeDelta media_timeout = TimeDelta::Seconds(10);
  std::optional<AudioStreamParams> audio;
  std::optional<VideoStreamParams> video;
  // Where the point's transport counters go for /metrics (labels room, point); null: none.
  MetricsRegistry* metrics = nullptr;
  // With metrics: SRTP authentication failures and policer drops over a threshold raise an
  // alarm here (called on the media thread; the daemon drains it into the audit log).
  SecurityAlarmSink* security_alarms = nullptr;
  SecurityAlarmConfig security_alarm;
};

class ParticipantMedia final : private PointTransportListener, private H264Depacketizer::Listener {
 public:
  // `streams` are the negotiated m-lines (audio and/or video) with their sockets and keys.
  // The observer, pool and clock must outlive the object.
  static Result<std::unique_ptr<ParticipantMedia>> Create(const ParticipantMediaConfig& config,
                                                          std::vector<MediaStreamSetup> streams,
                                                          std::shared_ptr<ParticipantMediaLink> link,
                                                          ParticipantMediaObserver* observer,
                                                          PacketBufferPool* pool, const Clock* clock);
  ~ParticipantMedia();
  ParticipantMedia(const ParticipantMedia&) = delete;
  ParticipantMedia& operator=(const ParticipantMedia&) = delete;

  // Transport timers (RTCP, NACK, pacing), audio playout, the media timeout, the decode
  // switch and statistics. Cheap when nothing is due.
  void Process();
  // Sends what the room queued in the link.
  void FlushOutbound();
  // Ask the point for a keyframe now (a view started showing it).
  void RequestKeyframe();

  ParticipantId id() const { return config_.id; }
  const ParticipantMediaConfig& config() const { return config_; }
  const PointTransport& transport() const { return *transport_; }
  const std::shared_ptr<ParticipantMediaLink>& link() const { return link_; }

 private:
  ParticipantMedia(const ParticipantMediaConfig& config, std::shared_ptr<ParticipantMediaLink> link,
                   ParticipantMediaObserver* observer, PacketBufferPool* pool, const Clock* clock);

  // PointTransportListener
  void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) override;
  void OnPointKeyframeRequested(MediaKind kind) override;
  void OnPointBitrateLimit(MediaKind kind, DataRate limit) override;
  void OnPointLossReport(MediaKind kind, int64_t cumulative_lost, int64_t highest_sequence) override;
  // H264Depacketizer::Listener
  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& access_unit) override;

  void OnAudioPacket(std::span<const uint8_t> packet, Timestamp now);
  void UpdateDecodeSwitch();
  void CheckMediaTimeout(Timestamp now);
  void PublishStats(Timestamp now);
  void SendAudio(const EncodedAudioSlot& slot);
  void SendVideo(const EncodedVideoData& data);

  const ParticipantMediaConfig config_;
  const std::shared_ptr<ParticipantMediaLink> link_;
  ParticipantMediaObserver* const observer_;
  PacketBufferPool* const pool_;
  const Clock* const clock_;
  std::unique_ptr<PointTransport> transport_;
  std::unique_ptr<PointMetrics> metrics_;

  // Receive.
  std::optional<H264Depacketizer> depacketizer_;
  std::unique_ptr<H264Decoder> decoder_;
  RateRequestFallback rate_fallback_;
  // The room's decode CPU in /metrics (shared by its points; null without metrics).
  Counter* decode_cpu_us_ = nullptr;
  bool decoding_ = false;
  std::optional<DtmfReceiver> dtmf_;
  LogRateLimiter decode_log_{clock_, TimeDelta::Seconds(10)};
  uint64_t audio_in_overflows_ = 0;
  uint64_t decode_errors_ = 0;
  uint64_t frames_decoded_ = 0;
  int width_ = 0;
  int height_ = 0;
  uint64_t dtmf_keys_ = 0;
  uint64_t keyframes_asked_by_point_ = 0;
  DataRate limit_from_point_ = DataRate::BitsPerSec(0);
  SendRateController send_rate_;
  ReportedLoss audio_loss_;

  // Media timeout.
  uint64_t last_packet_count_ = 0;
  Timestamp last_media_time_;
  bool timed_out_ = false;

  // Send.
  RtpPacketBuilder audio_builder_;
  uint16_t audio_seq_ = 0;
  uint32_t audio_timestamp_offset_ = 0;
  std::optional<H264Packetizer> packetizer_;
  RtpPacketBuilder video_builder_;
  uint16_t video_seq_ = 0;
  uint32_t video_timestamp_offset_ = 0;
  bool video_waiting_for_keyframe_ = true;  // a receiver starts at an IDR
  uint64_t send_drops_ = 0;

  // Statistics.
  Timestamp next_stats_;
  Timestamp stats_window_start_;
  uint64_t frames_at_window_start_ = 0;
  uint64_t packets_sent_at_window_start_ = 0;
  uint64_t bytes_sent_at_window_start_ = 0;
  uint64_t bytes_sent_ = 0;
  uint64_t packets_sent_ = 0;
  double frame_rate_ = 0;
  double send_kbps_ = 0;
};

}  // namespace softmcu
