#pragma once
// One conference room while it is open: its participants, the floor, the audio mix and
// the composed views. Everything a meeting does to media happens here, once per tick:
//
//   AudioTick (20 ms): pull each participant's audio (AudioInputChannel; decoded only if
//     heard or metered) → AudioMixer (chair-controlled floor or open mode, N−1 mixes) →
//     encode each distinct mix once → every listener's link.audio_out → one flush post per
//     worker.
//   VideoTick (1/frame rate): sample each visible participant's latest picture → compose
//     each view → encode once per view → every subscriber's link.video_out → flush.
//
// Control (roster, mute, floor, layout, seats) changes state between ticks and takes
// effect at the next one. Floor rules: FloorControl; granting unmutes the point and puts
// it on the main tile, revoking reverses both (the mixer and tile assigner read the
// holders).
//
// Threading: a Room lives on one event-loop thread (its home MediaWorker's) and is not
// thread-safe; ConferenceManager posts to it. Participants' media may live on other
// workers: the room reaches them only through their ParticipantMediaLink and their
// host's FlushAll/RequestKeyframe (posts, for a MediaWorker).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conference/audio/audio_input_channel.h"
#include "conference/media/participant_media_host.h"
#include "conference/media/participant_media_link.h"
#include "conference/room/dtmf_commands.h"
#include "conference/room/participant_info.h"
#include "conference/room/room_config.h"
#include "conference/room/room_observer.h"
#include "core/clock.h"
#include "core/result.h"
#include "media/audio/opus_encoder.h"
#include "mixer/assignment/tile_assigner.h"
#include "mixer/assignment/voice_switch.h"
#include "mixer/audio/audio_mixer.h"
#include "mixer/floor/floor_control.h"
#include "mixer/layout/layout.h"
#include "mixer/video/video_mixer.h"
#include "mixer/video/view_planner.h"
#include "media/video/h264_encoder.h"

namespace softmcu {

// Which media a participant's call carries (an audio-only terminal is no video receiver).
struct CallStreams {
  bool audio = true;
  bool video = true;
};

struct RoomVideoStats {
  uint64_t frames_encoded = 0;
  uint64_t keyframes = 0;
  uint64_t frames_dropped_for_slow_receivers = 0;
  size_t views = 0;
  // CPU the room thread spent composing the views and encoding them, µs: with the points'
  // decode CPU, the work a compositing pipeline does (bench/capacity compares it with ffmpeg).
  uint64_t compose_cpu_us = 0;
  uint64_t encode_cpu_us = 0;
};

struct RoomAudioStats {
  // Mix frames encoded with in-band FEC because a listener of that mix reports loss.
  uint64_t fec_frames = 0;
};

// A room's meeting lifecycle (OPERATING-MODEL.md "Before a meeting"): the test run
// checks every point alone — it sees and hears itself half a second later — before the
// meeting goes live.
enum class RoomPhase { kIdle, kTestRun, kLive, kEnded };
std::string_view ToString(RoomPhase phase);

struct RoomSnapshot {
  RoomConfig config;
  RoomPhase phase = RoomPhase::kLive;
  bool locked = false;
  std::vector<ParticipantSnapshot> participants;  // in join order
  std::vector<FloorRequest> floor_queue;
  std::vector<ParticipantId> floor_holders;
  std::string layout;
};

class Room {
 public:
  // `config` must be valid. `observer` and `clock` outlive the room.
  Room(const RoomConfig& config, RoomObserver* observer, const Clock* clock);
  ~Room();
  Room(const Room&) = delete;
  Room& operator=(const Room&) = delete;

  // --- roster -------------------------------------------------------------------------
  // A participant we are calling (kRinging) or one whose call is up (then AttachMedia).
  // kUnavailable when the room is full, kFailedPrecondition when it is locked (dial-in).
  Result<ParticipantId> AddParticipant(const ParticipantInfo& info);
  // Its call is up: media flows through `link`, owned on `worker`. kConnected.
  Result<void> AttachMedia(ParticipantId id, std::shared_ptr<ParticipantMediaLink> link,
                           ParticipantMediaHost* host, CallStreams streams = {});
  // Its call is gone but the MCU will call it again: keeps its seat and floor queue place?
  // No: a lost point leaves the floor (its voice is gone); it keeps its tile (no-signal).
  Result<void> DetachMedia(ParticipantId id, ParticipantEvent why);
  Result<void> SetRinging(ParticipantId id);  // a redial started
  Result<void> RemoveParticipant(ParticipantId id, std::string_view reason);

  // --- per participant control ----------------------------------------------------------
  Result<void> SetMuted(ParticipantId id, bool muted);
  Result<void> SetDeaf(ParticipantId id, bool deaf);
  Result<void> SetVideoStopped(ParticipantId id, bool stopped);
  Result<void> SetHidden(ParticipantId id, bool hidden);
  Result<void> SetSeat(ParticipantId id, std::optional<size_t> tile);

  // --- floor ----------------------------------------------------------------------------
  Result<void> RequestFloor(ParticipantId id, FloorActor actor);
  Result<void> CancelFloor(ParticipantId id, FloorActor actor);
  Result<void> GrantFloor(ParticipantId id, FloorActor actor);
  Result<void> RevokeFloor(ParticipantId id, FloorActor actor);
  Result<void> ReleaseFloor(ParticipantId id, FloorActor actor);

  // --- room -----------------------------------------------------------------------------
  // Leaving the test run reports each point's quality (RoomObserver::OnRoomTestReport).
  Result<void> SetPhase(RoomPhase phase);
  RoomPhase phase() const { return phase_; }
  Result<void> SetMode(SpeakingMode mode);
  Result<void> SetLayout(Layout layout);
  void SetLocked(bool locked) { locked_ = locked; }
  Result<void> SetChairPinned(bool pinned);

  // --- media ----------------------------------------------------------------------------
  void AudioTick(Timestamp now);
  void VideoTick(Timestamp now);
  // Events from participants' workers, posted here by the manager.
  void OnDtmf(ParticipantId id, char key);
  void OnMediaTimeout(ParticipantId id);
  void OnMediaResumed(ParticipantId id);
  void OnKeyframeRequested(ParticipantId id);

  // --- queries --------------------------------------------------------------------------
  RoomSnapshot Snapshot() const;
  std::optional<ParticipantSnapshot> Participant(ParticipantId id) const;
  std::optional<ParticipantId> FindByUri(std::string_view uri) const;
  const RoomConfig& config() const { return config_; }
  size_t size() const { return order_.size(); }
  bool locked() const { return locked_; }
  const TileAssignment& assignment() const { return assignment_; }
  uint64_t audio_ticks() const { return audio_tick_; }
  const RoomVideoStats& video_stats() const { return video_stats_; }
  const RoomAudioStats& audio_stats() const { return audio_stats_; }
  const VideoMixer& video_mixer() const { return *video_; }
  // The picture a view sent last (for the console's preview), or an empty handle.
  SharedVideoFrame LastCanvas(ParticipantId receiver) const;

 private:
  struct Member;

  Member* Find(ParticipantId id);
  const Member* Find(ParticipantId id) const;
  Result<Member*> FindOr404(ParticipantId id);
  ParticipantSnapshot SnapshotOf(const Member& m) const;
  void Publish(const Member& m);
  Result<void> ApplyFloor(Result<FloorEvents> events);
  void UpdateAssignment();
  void ApplyVisibility();
  OpusEncoder* EncoderFor(const AudioMix& mix);
  void UpdateViews(const TileAssignmentInput& input);
  std::vector<ReceiverView> LoopbackViews() const;
  void EchoAudio(Member& m, const AudioFrame* frame);
  void UpdateSources();
  void RequestViewKeyframe(ViewId view);
  void EncodeAndDeliver(const ViewOutput& output, Timestamp now);
  void Deliver(const AudioMix& mix, std::span<const uint8_t> payload);
  void MarkFlush(ParticipantMediaHost* host);
  void FlushWorkers();

  RoomConfig config_;
  RoomObserver* const observer_;
  const Clock* const clock_;
  bool locked_ = false;
  RoomPhase phase_ = RoomPhase::kLive;
  std::map<ParticipantId, std::unique_ptr<Member>> members_;
  std::vector<Member*> order_;  // join order

  FloorControl floor_;
  AudioMixer mixer_;
  VoiceSwitch voice_switch_;
  Layout layout_;
  ChairPin chair_pin_ = ChairPin::kOff;
  TileAssignment assignment_;

  // Audio, per tick (reserved: no allocation in steady state).
  uint64_t audio_tick_ = 0;
  std::vector<AudioInput> inputs_;
  std::unique_ptr<OpusEncoder> full_encoder_;
  std::unique_ptr<OpusEncoder> silence_encoder_;
  std::map<ParticipantId, std::unique_ptr<OpusEncoder>> minus_one_encoders_;
  std::array<uint8_t, kMaxOpusPayload> encoded_{};
  std::vector<ParticipantMediaHost*> flush_;
  std::vector<SpeakerLevel> levels_out_;

  // Video: the mixer composes, one encoder per view, fan-out to the view's receivers.
  struct ViewEncoder {
    std::unique_ptr<H264Encoder> encoder;
    DataRate tier;
    std::vector<ParticipantId> receivers;
    bool keyframe_wanted = true;
    std::optional<Timestamp> last_keyframe;
    std::optional<Timestamp> last_encode;
    SharedVideoFrame last_canvas;
  };
  std::unique_ptr<VideoMixer> video_;
  std::map<ViewId, ViewEncoder> encoders_;
  std::vector<std::pair<ParticipantId, SharedVideoFrame>> sampled_;
  RoomVideoStats video_stats_;
  RoomAudioStats audio_stats_;
};

}  // namespace softmcu
