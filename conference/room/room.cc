#include "conference/room/room.h"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/ring_buffer.h"
#include "media/audio/audio_level.h"
#include "mixer/layout/builtin_layouts.h"

namespace softmcu {

namespace {
// The test run's loopback: a point sees and hears itself this much later.
constexpr size_t kEchoAudioFrames = 25;  // 500 ms of 20 ms
constexpr size_t kEchoVideoFrames = 15;  // 500 ms at 30 fps (the decoder's pool holds 32)
// Levels go to the console five times a second, not fifty.
constexpr uint64_t kLevelsEveryTicks = 10;
// N−1 encoders of points no longer speaking are dropped after this many ticks (10 s).
constexpr uint64_t kEncoderIdleTicks = 500;

// Participant ids are unique in the whole daemon, not just per room: the API names a
// participant by id alone, and media workers key their participants by it.
std::atomic<ParticipantId> g_next_participant_id{1};

Layout DefaultLayout(const std::string& name) {
  auto layout = BuiltInLayout(name);
  if (layout) return *layout;
  return *BuiltInLayout("3x3");
}
}  // namespace

struct Room::Member {
  Member(ParticipantId id, const ParticipantInfo& info, const DtmfCommandConfig& dtmf, Timestamp now)
      : id(id), info(info), dtmf(dtmf), joined_at(now) {}

  const ParticipantId id;
  ParticipantInfo info;
  ParticipantState state = ParticipantState::kRinging;
  std::shared_ptr<ParticipantMediaLink> link;
  ParticipantMediaHost* worker = nullptr;
  AudioInputChannel audio;
  DtmfCommands dtmf;
  bool muted = false;
  bool deaf = false;
  bool video_stopped = false;
  bool hidden = false;
  bool awaiting_pin = false;
  int pin_failures = 0;
  CallStreams streams;
  bool is_source = false;  // a video source of the mixer (it has sent, or may send, video)
  // Test run: its own audio and pictures, delayed, and the encoder of its echo.
  std::unique_ptr<RingBuffer<AudioFrame>> echo_audio;
  std::unique_ptr<RingBuffer<SharedVideoFrame>> echo_video;
  std::unique_ptr<OpusEncoder> echo_encoder;
  std::optional<size_t> seat;
  uint8_t level = SpeakerLevel::kSilence;
  uint64_t video_seen = 0;
  Timestamp joined_at;
  int64_t send_tier_kbps = 0;  // its link's, as the views were last planned with
};

Room::Room(const RoomConfig& config, RoomObserver* observer, const Clock* clock)
    : config_(config),
      observer_(observer),
      clock_(clock),
      floor_(FloorConfig{.exclusivity = config.floor, .max_holders = config.max_floor_holders}),
      mixer_(AudioMixerConfig{.mode = config.mode,
                              .max_participants = config.max_participants,
                              .max_contributors = std::max<size_t>(config.open_speakers, config.max_floor_holders) + 2,
                              .open_speakers = config.open_speakers}),
      layout_(DefaultLayout(config.layout)) {
  SOFTMCU_CHECK(config.Validate().has_value());
  inputs_.reserve(config.max_participants);
  order_.reserve(config.max_participants);
  levels_out_.reserve(config.max_participants);
  const OpusEncoder::Config encoder{.bitrate = config.audio_bitrate};
  full_encoder_ = std::make_unique<OpusEncoder>(encoder);
  silence_encoder_ = std::make_unique<OpusEncoder>(encoder);
  VideoMixerConfig video{.frame_rate = config.frame_rate, .max_sources = config.max_participants};
  auto mixer = VideoMixer::Create(video);
  if (!mixer) {
    // The label font is missing (fonts-dejavu-core): compose without labels rather than
    // not at all; the log says what to install.
    spdlog::error("room {}: video mixer: {}; composing without site-name labels", config.number,
                  mixer.error().message);
    video.style.labels = LabelMode::kHidden;
    video.font_path.clear();
    mixer = VideoMixer::Create(video);
  }
  SOFTMCU_CHECK(mixer.has_value());
  video_ = std::move(*mixer);
  UpdateAssignment();
}

Room::~Room() = default;

// --- lookup and publishing ---------------------------------------------------------------

Room::Member* Room::Find(ParticipantId id) {
  auto it = members_.find(id);
  return it == members_.end() ? nullptr : it->second.get();
}
const Room::Member* Room::Find(ParticipantId id) const {
  auto it = members_.find(id);
  return it == members_.end() ? nullptr : it->second.get();
}
Result<Room::Member*> Room::FindOr404(ParticipantId id) {
  if (Member* m = Find(id)) return m;
  return MakeError(ErrorCode::kNotFound, fmt::format("participant {} is not in room {}", id, config_.number));
}

std::optional<ParticipantId> Room::FindByUri(std::string_view uri) const {
  for (const Member* m : order_) {
    if (m->info.uri == uri) return m->id;
  }
  return std::nullopt;
}

ParticipantSnapshot Room::SnapshotOf(const Member& m) const {
  ParticipantSnapshot s;
  s.id = m.id;
  s.info = m.info;
  s.state = m.state;
  s.muted = m.muted;
  s.deaf = m.deaf;
  s.video_stopped = m.video_stopped;
  s.hidden = m.hidden;
  s.awaiting_pin = m.awaiting_pin;
  s.floor = floor_.StateOf(m.id).value_or(FloorState::kIdle);
  s.mic_open = !m.muted && (config_.mode == SpeakingMode::kOpen || m.info.role == ParticipantRole::kChair ||
                            s.floor == FloorState::kHolding);
  s.seat = m.seat;
  s.tile = assignment_.TileOf(m.id);
  s.level = m.level;
  s.joined_at = m.joined_at;
  if (m.link) s.stats = m.link->stats();
  return s;
}

void Room::Publish(const Member& m) { observer_->OnRoomParticipantUpdated(SnapshotOf(m)); }

RoomSnapshot Room::Snapshot() const {
  RoomSnapshot s;
  s.config = config_;
  s.locked = locked_;
  s.phase = phase_;
  s.layout = layout_.name();
  for (const Member* m : order_) s.participants.push_back(SnapshotOf(*m));
  s.floor_queue.assign(floor_.queue().begin(), floor_.queue().end());
  s.floor_holders.assign(floor_.holders().begin(), floor_.holders().end());
  return s;
}

std::optional<ParticipantSnapshot> Room::Participant(ParticipantId id) const {
  const Member* m = Find(id);
  if (m == nullptr) return std::nullopt;
  return SnapshotOf(*m);
}

// --- roster ------------------------------------------------------------------------------

Result<ParticipantId> Room::AddParticipant(const ParticipantInfo& info) {
  if (order_.size() >= config_.max_participants) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("room {} is full ({} participants)", config_.number, config_.max_participants));
  }
  if (locked_ && info.direction == CallDirection::kDialIn) {
    return MakeError(ErrorCode::kFailedPrecondition, fmt::format("room {} is locked", config_.number));
  }
  const ParticipantId id = g_next_participant_id.fetch_add(1, std::memory_order_relaxed);
  if (auto ok = floor_.AddParticipant(id, info.role); !ok) return tl::unexpected(ok.error());
  if (auto ok = mixer_.AddParticipant(id, info.role); !ok) {
    (void)floor_.RemoveParticipant(id, clock_->Now(), FloorActor::kOperator);
    return tl::unexpected(ok.error());
  }
  auto member = std::make_unique<Member>(id, info, config_.dtmf, clock_->Now());
  member->awaiting_pin = info.pin_required && !config_.pin.empty();
  if (member->awaiting_pin) {
    // Until the PIN is right it neither hears the meeting nor is heard.
    (void)mixer_.SetMute(id, PointMute::kMuted);
    (void)mixer_.SetDeaf(id, PointDeaf::kDeaf);
  }
  Member* m = member.get();
  members_.emplace(id, std::move(member));
  order_.push_back(m);
  spdlog::info("room {}: participant {} '{}' ({}) added, {}", config_.number, id, info.name, info.uri,
               info.direction == CallDirection::kDialIn ? "dialled in" : "dialling out");
  UpdateAssignment();
  Publish(*m);
  return id;
}

Result<void> Room::AttachMedia(ParticipantId id, std::shared_ptr<ParticipantMediaLink> link,
                              ParticipantMediaHost* host, CallStreams streams) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  auto next = NextState((*m)->state, ParticipantEvent::kAnswered);
  if (!next) return tl::unexpected(next.error());
  (*m)->state = *next;
  (*m)->link = std::move(link);
  (*m)->worker = host;
  (*m)->audio.Reset();
  (*m)->video_seen = 0;
  (*m)->streams = streams;
  if (streams.video && !(*m)->is_source) {
    if (auto ok = video_->AddSource(id, (*m)->info.name); ok) (*m)->is_source = true;
  }
  spdlog::info("room {}: participant {} '{}' connected", config_.number, id, (*m)->info.name);
  UpdateAssignment();
  Publish(**m);
  return {};
}

Result<void> Room::DetachMedia(ParticipantId id, ParticipantEvent why) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  auto next = NextState((*m)->state, why);
  if (!next) return tl::unexpected(next.error());
  (*m)->state = *next;
  (*m)->link.reset();
  (*m)->worker = nullptr;
  (*m)->level = SpeakerLevel::kSilence;
  // Its voice is gone: it leaves the floor queue or hands the floor back.
  (void)ApplyFloor(floor_.RemoveParticipant(id, clock_->Now(), FloorActor::kOperator));
  (void)floor_.AddParticipant(id, (*m)->info.role);
  UpdateAssignment();
  Publish(**m);
  return {};
}

Result<void> Room::SetRinging(ParticipantId id) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  auto next = NextState((*m)->state, ParticipantEvent::kRedialing);
  if (!next) return tl::unexpected(next.error());
  (*m)->state = *next;
  Publish(**m);
  return {};
}

Result<void> Room::RemoveParticipant(ParticipantId id, std::string_view reason) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  (void)ApplyFloor(floor_.RemoveParticipant(id, clock_->Now(), FloorActor::kOperator));
  (void)mixer_.RemoveParticipant(id);
  voice_switch_.Remove(id, clock_->Now());
  minus_one_encoders_.erase(id);
  order_.erase(std::find(order_.begin(), order_.end(), *m));
  spdlog::info("room {}: participant {} '{}' removed: {}", config_.number, id, (*m)->info.name, reason);
  const bool was_source = (*m)->is_source;
  members_.erase(id);
  UpdateAssignment();  // views without it first: a source still shown cannot be removed
  if (was_source) (void)video_->RemoveSource(id);
  observer_->OnRoomParticipantRemoved(id, reason);
  return {};
}

// --- per participant control -----------------------------------------------------------------

Result<void> Room::SetMuted(ParticipantId id, bool muted) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  if ((*m)->awaiting_pin) return MakeError(ErrorCode::kFailedPrecondition, "the participant has not entered the PIN");
  (*m)->muted = muted;
  (void)mixer_.SetMute(id, muted ? PointMute::kMuted : PointMute::kUnmuted);
  Publish(**m);
  return {};
}

Result<void> Room::SetDeaf(ParticipantId id, bool deaf) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  if ((*m)->awaiting_pin) return MakeError(ErrorCode::kFailedPrecondition, "the participant has not entered the PIN");
  (*m)->deaf = deaf;
  (void)mixer_.SetDeaf(id, deaf ? PointDeaf::kDeaf : PointDeaf::kHearing);
  Publish(**m);
  return {};
}

Result<void> Room::SetVideoStopped(ParticipantId id, bool stopped) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  (*m)->video_stopped = stopped;
  UpdateAssignment();
  Publish(**m);
  return {};
}

Result<void> Room::SetHidden(ParticipantId id, bool hidden) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  (*m)->hidden = hidden;
  UpdateAssignment();
  Publish(**m);
  return {};
}

Result<void> Room::SetSeat(ParticipantId id, std::optional<size_t> tile) {
  auto m = FindOr404(id);
  if (!m) return tl::unexpected(m.error());
  if (tile && *tile >= layout_.tiles().size()) {
    return MakeError(ErrorCode::kOutOfRange, fmt::format("tile: layout {} has tiles 0–{}", layout_.name(),
                                                         layout_.tiles().size() - 1));
  }
  if (tile) {
    for (const Member* other : order_) {
      if (other != *m && other->seat == tile) {
        return MakeError(ErrorCode::kAlreadyExists,
                         fmt::format("tile: tile {} is already the seat of '{}'", *tile, other->info.name));
      }
    }
  }
  (*m)->seat = tile;
  UpdateAssignment();
  Publish(**m);
  return {};
}

// --- floor -------------------------------------------------------------------------------

Result<void> Room::ApplyFloor(Result<FloorEvents> events) {
  if (!events) {
    Error error = events.error();
    // FloorControl says "invalid argument" for an action the state does not allow; to the
    // API that is a conflict with the current state, not a malformed request.
    if (error.code == ErrorCode::kInvalidArgument) error.code = ErrorCode::kFailedPrecondition;
    return tl::unexpected(error);
  }
  if (events->empty()) return {};
  mixer_.SetFloorHolders(floor_.holders());
  for (const FloorEvent& e : *events) {
    if (Member* m = Find(e.participant)) {
      // Granting the floor opens the point's microphone: an operator mute goes with it.
      if (e.kind == FloorEventKind::kGranted && m->muted) {
        m->muted = false;
        (void)mixer_.SetMute(m->id, PointMute::kUnmuted);
      }
      spdlog::info("room {}: floor {} for '{}' by {}", config_.number, ToString(e.kind), m->info.name,
                   ToString(e.actor));
    }
    observer_->OnRoomFloorEvent(e);
  }
  UpdateAssignment();
  for (const FloorEvent& e : *events) {
    if (const Member* m = Find(e.participant)) Publish(*m);
  }
  return {};
}

Result<void> Room::RequestFloor(ParticipantId id, FloorActor actor) {
  return ApplyFloor(floor_.Request(id, clock_->Now(), actor));
}
Result<void> Room::CancelFloor(ParticipantId id, FloorActor actor) {
  return ApplyFloor(floor_.Cancel(id, clock_->Now(), actor));
}
Result<void> Room::GrantFloor(ParticipantId id, FloorActor actor) {
  return ApplyFloor(floor_.Grant(id, clock_->Now(), actor));
}
Result<void> Room::RevokeFloor(ParticipantId id, FloorActor actor) {
  return ApplyFloor(floor_.Revoke(id, clock_->Now(), actor));
}
Result<void> Room::ReleaseFloor(ParticipantId id, FloorActor actor) {
  return ApplyFloor(floor_.Release(id, clock_->Now(), actor));
}

// --- room --------------------------------------------------------------------------------

Result<void> Room::SetMode(SpeakingMode mode) {
  config_.mode = mode;
  mixer_.SetMode(mode);
  UpdateAssignment();
  return {};
}

Result<void> Room::SetLayout(Layout layout) {
  for (const Member* m : order_) {
    if (m->seat && *m->seat >= layout.tiles().size()) {
      return MakeError(ErrorCode::kOutOfRange,
                       fmt::format("layout: '{}' is seated in tile {}, which layout {} does not have; clear "
                                   "the seat first",
                                   m->info.name, *m->seat, layout.name()));
    }
  }
  layout_ = std::move(layout);
  UpdateAssignment();
  return {};
}

Result<void> Room::SetChairPinned(bool pinned) {
  chair_pin_ = pinned ? ChairPin::kPinned : ChairPin::kOff;
  UpdateAssignment();
  return {};
}

std::string_view ToString(RoomPhase phase) {
  switch (phase) {
    case RoomPhase::kIdle: return "idle";
    case RoomPhase::kTestRun: return "test-run";
    case RoomPhase::kLive: return "live";
    case RoomPhase::kEnded: return "ended";
  }
  return "?";
}

Result<void> Room::SetPhase(RoomPhase phase) {
  if (phase == phase_) return {};
  if (phase_ == RoomPhase::kEnded) return MakeError(ErrorCode::kFailedPrecondition, "the meeting has ended");
  if (phase_ == RoomPhase::kTestRun) {
    for (const Member* m : order_) {
      if (m->link) observer_->OnRoomTestReport(SnapshotOf(*m));
    }
    for (Member* m : order_) {
      m->echo_audio.reset();
      m->echo_video.reset();
      m->echo_encoder.reset();
    }
  }
  spdlog::info("room {}: {} → {}", config_.number, ToString(phase_), ToString(phase));
  phase_ = phase;
  UpdateAssignment();
  return {};
}

// --- assignment --------------------------------------------------------------------------

void Room::UpdateAssignment() {
  std::vector<TileParticipant> participants;
  participants.reserve(order_.size());
  for (const Member* m : order_) {
    // Shown: whoever has (or had) a picture, is in the meeting and may be seen.
    if (!m->is_source || m->state == ParticipantState::kRinging || m->awaiting_pin) continue;
    participants.push_back(TileParticipant{
        .id = m->id,
        .role = m->info.role,
        .connection = m->state == ParticipantState::kConnected ? ConnectionState::kConnected : ConnectionState::kLost,
        .visibility = m->hidden || m->video_stopped ? Visibility::kHidden : Visibility::kShown,
        .fixed_tile = m->seat});
  }
  const TileAssignmentInput input{.participants = participants,
                                  .mode = config_.mode,
                                  .floor_holders = floor_.holders(),
                                  .active_speaker = voice_switch_.speaker(),
                                  .previous_speaker = voice_switch_.previous_speaker(),
                                  .chair_pin = chair_pin_};
  auto assignment = TileAssigner(layout_).Assign(input);
  if (!assignment) {
    // Seats are validated when set; this would be a bug, not the operator's input.
    spdlog::error("room {}: tile assignment failed: {}", config_.number, assignment.error().message);
    return;
  }
  assignment_ = std::move(*assignment);
  UpdateViews(input);
  ApplyVisibility();
}

void Room::UpdateViews(const TileAssignmentInput& input) {
  std::vector<ReceiverRequest> receivers;
  for (const Member* m : order_) {
    if (!m->link || !m->streams.video || m->awaiting_pin) continue;
    // A receiver whose line loses our picture gets it at the rate its line takes.
    const DataRate tier = m->send_tier_kbps > 0
                              ? std::min(config_.video_bitrate, DataRate::KilobitsPerSec(m->send_tier_kbps))
                              : config_.video_bitrate;
    receivers.push_back(ReceiverRequest{.receiver = m->id,
                                        .canvas = CanvasSize{config_.canvas_width, config_.canvas_height},
                                        .tier = tier,
                                        .personal_layout = std::nullopt});
  }
  const RoomViewPolicy policy{.self_view = config_.self_view_excluded ? SelfView::kExcluded : SelfView::kShown};
  auto planned = phase_ == RoomPhase::kTestRun ? Result<std::vector<ReceiverView>>(LoopbackViews())
                                               : PlanViews(layout_, input, policy, receivers);
  if (!planned) {
    spdlog::error("room {}: views: {}", config_.number, planned.error().message);
    return;
  }
  auto changes = video_->SetViews(*planned);
  if (!changes) {
    spdlog::error("room {}: views: {}", config_.number, changes.error().message);
    return;
  }
  // The floor holder, else the active speaker, wears the highlight frame.
  std::optional<ParticipantId> highlight;
  if (!floor_.holders().empty()) {
    highlight = floor_.holders().back();
  } else if (config_.mode == SpeakingMode::kOpen) {
    highlight = voice_switch_.speaker();
  }
  video_->SetHighlight(highlight);

  for (ViewId removed : changes->removed) encoders_.erase(removed);
  for (auto& [id, view] : encoders_) view.receivers.clear();
  for (const ViewSet::View& view : video_->views().views()) {
    ViewEncoder& encoder = encoders_[view.id];
    if (!encoder.encoder || encoder.tier != view.spec.tier) {
      H264EncoderOptions options{.width = view.spec.canvas.width,
                                 .height = view.spec.canvas.height,
                                 .max_fps = static_cast<double>(config_.frame_rate),
                                 .target_bitrate = view.spec.tier};
      auto created = H264Encoder::Create(options);
      if (!created) {
        spdlog::error("room {}: view {}: encoder: {}", config_.number, view.id, created.error().message);
        continue;
      }
      encoder.encoder = std::move(*created);
      encoder.tier = view.spec.tier;
      encoder.keyframe_wanted = true;
    }
  }
  for (const Member* m : order_) {
    if (auto view = video_->ViewOf(m->id)) encoders_[*view].receivers.push_back(m->id);
  }
  // A receiver now watching another view starts at a keyframe of it.
  for (ParticipantId moved : changes->moved) {
    if (auto view = video_->ViewOf(moved)) RequestViewKeyframe(*view);
    if (Member* m = Find(moved); m != nullptr && m->link) m->link->video_gap.store(true, std::memory_order_release);
  }
  video_stats_.views = encoders_.size();
}

std::vector<ReceiverView> Room::LoopbackViews() const {
  // Every point alone on the canvas, watching itself.
  std::vector<ReceiverView> views;
  const Layout single = DefaultLayout("1x1");
  for (const Member* m : order_) {
    if (!m->link || !m->streams.video || !m->is_source || m->awaiting_pin) continue;
    TileAssignment own;
    own.tiles = {TileSlot{.participant = m->id, .fill = TileFill::kMain, .signal = TileSignal::kLive}};
    views.push_back(ReceiverView{.receiver = m->id,
                                 .spec = ViewSpec{.layout = single,
                                                  .assignment = own,
                                                  .canvas = CanvasSize{config_.canvas_width, config_.canvas_height},
                                                  .tier = config_.video_bitrate}});
  }
  return views;
}

void Room::ApplyVisibility() {
  for (Member* m : order_) {
    if (!m->link) continue;
    const SourceDemand demand = m->is_source ? video_->DemandFor(m->id) : SourceDemand{};
    m->link->decode_video.store(demand.visible, std::memory_order_relaxed);
    // Resolution adaptation: ask the point for about what its largest tile needs — the
    // room's rate scaled by the tile's share of the canvas, with headroom since small
    // pictures cost more bits per pixel — and for a trickle while nobody sees it.
    const double canvas = static_cast<double>(config_.canvas_width) * config_.canvas_height;
    const double share = demand.visible ? demand.max_width * static_cast<double>(demand.max_height) / canvas : 0;
    const double kbps = std::clamp(static_cast<double>(config_.video_bitrate.kbps()) * std::min(1.0, 2.5 * share), 150.0,
                                   static_cast<double>(config_.video_bitrate.kbps()));
    m->link->requested_kbps.store(share >= 0.4 ? 0 : static_cast<int64_t>(kbps), std::memory_order_relaxed);
  }
}

// --- audio -------------------------------------------------------------------------------

OpusEncoder* Room::EncoderFor(const AudioMix& mix) {
  switch (mix.kind) {
    case AudioMixKind::kFull: return full_encoder_.get();
    case AudioMixKind::kSilence: return silence_encoder_.get();
    case AudioMixKind::kMinusOne: break;
  }
  auto& encoder = minus_one_encoders_[mix.excluded];
  if (!encoder) encoder = std::make_unique<OpusEncoder>(OpusEncoder::Config{.bitrate = config_.audio_bitrate});
  return encoder.get();
}

void Room::MarkFlush(ParticipantMediaHost* worker) {
  if (std::find(flush_.begin(), flush_.end(), worker) == flush_.end()) flush_.push_back(worker);
}

void Room::FlushWorkers() {
  for (ParticipantMediaHost* worker : flush_) worker->FlushAll();
  flush_.clear();
}

void Room::Deliver(const AudioMix& mix, std::span<const uint8_t> payload) {
  for (ParticipantId listener : mix.listeners) {
    Member* m = Find(listener);
    if (m == nullptr || !m->link) continue;
    const bool queued = m->link->audio_out.PushWith([&](EncodedAudioSlot& slot) {
      std::copy(payload.begin(), payload.end(), slot.payload.begin());
      slot.size = static_cast<uint16_t>(payload.size());
      slot.tick = audio_tick_;
    });
    if (queued) MarkFlush(m->worker);
  }
}

void Room::EchoAudio(Member& m, const AudioFrame* frame) {
  if (!m.echo_audio) {
    m.echo_audio = std::make_unique<RingBuffer<AudioFrame>>(kEchoAudioFrames);
    m.echo_encoder = std::make_unique<OpusEncoder>(OpusEncoder::Config{.bitrate = config_.audio_bitrate});
  }
  m.echo_audio->Push(frame != nullptr ? AudioFrame(*frame) : AudioFrame());
  if (!m.echo_audio->full()) return;
  const AudioFrame delayed = m.echo_audio->Pop();
  auto size = m.echo_encoder->Encode(delayed, encoded_);
  if (!size) return;
  const bool queued = m.link->audio_out.PushWith([&](EncodedAudioSlot& slot) {
    std::copy(encoded_.begin(), encoded_.begin() + static_cast<std::ptrdiff_t>(*size), slot.payload.begin());
    slot.size = static_cast<uint16_t>(*size);
    slot.tick = audio_tick_;
  });
  if (queued) MarkFlush(m.worker);
}

void Room::AudioTick(Timestamp now) {
  ++audio_tick_;
  inputs_.clear();
  if (phase_ == RoomPhase::kTestRun) {
    for (Member* m : order_) {
      if (!m->link || m->awaiting_pin) continue;
      const AudioFrame* frame = m->audio.Tick(m->link->audio_in, true);
      m->level = frame != nullptr ? AudioLevel::LevelOf(*frame) : SpeakerLevel::kSilence;
      EchoAudio(*m, frame);
    }
    FlushWorkers();
    return;
  }
  const bool meter_all = order_.size() <= config_.meter_all_points_up_to;
  for (Member* m : order_) {
    if (!m->link) continue;
    const bool heard = !m->muted && !m->awaiting_pin &&
                       (config_.mode == SpeakingMode::kOpen || floor_.MaySpeak(m->id));
    const AudioFrame* frame = m->audio.Tick(m->link->audio_in, heard || meter_all);
    m->level = frame != nullptr ? AudioLevel::LevelOf(*frame) : SpeakerLevel::kSilence;
    if (frame != nullptr) inputs_.push_back(AudioInput{.participant = m->id, .frame = frame, .level = m->level});
  }
  for (const AudioMix& mix : mixer_.Mix(now, inputs_)) {
    if (mix.listeners.empty()) continue;
    OpusEncoder* encoder = EncoderFor(mix);
    // In-band FEC for the lossiest listener of this mix (the encoder turns it on above ~1 %).
    int loss = 0;
    for (ParticipantId listener : mix.listeners) {
      if (const Member* m = Find(listener); m != nullptr && m->link) {
        loss = std::max(loss, m->link->audio_loss_percent.load(std::memory_order_relaxed));
      }
    }
    if (loss != encoder->packet_loss_percent()) encoder->SetPacketLossPercent(loss);
    if (loss > 0) ++audio_stats_.fec_frames;
    auto size = encoder->Encode(*mix.frame, encoded_);
    if (!size) continue;
    Deliver(mix, std::span(encoded_.data(), *size));
  }
  FlushWorkers();
  if (audio_tick_ % kEncoderIdleTicks == 0) {
    std::erase_if(minus_one_encoders_, [&](const auto& entry) {
      const auto contributors = mixer_.contributors();
      return std::find(contributors.begin(), contributors.end(), entry.first) == contributors.end();
    });
  }
  if (config_.mode == SpeakingMode::kOpen && voice_switch_.OnLevels(now, mixer_.levels())) UpdateAssignment();
  if (audio_tick_ % kLevelsEveryTicks == 0) {
    levels_out_.clear();
    for (const Member* m : order_) {
      if (m->link) levels_out_.push_back(SpeakerLevel{.participant = m->id, .level = m->level, .audible = false});
    }
    for (const SpeakerLevel& l : mixer_.levels()) {
      for (SpeakerLevel& out : levels_out_) {
        if (out.participant == l.participant) out.audible = l.audible;
      }
    }
    observer_->OnRoomLevels(levels_out_);
  }
}

// --- video -------------------------------------------------------------------------------

void Room::RequestViewKeyframe(ViewId view) {
  if (auto it = encoders_.find(view); it != encoders_.end()) it->second.keyframe_wanted = true;
}

SharedVideoFrame Room::LastCanvas(ParticipantId receiver) const {
  if (auto view = video_->ViewOf(receiver)) {
    if (auto it = encoders_.find(*view); it != encoders_.end()) return it->second.last_canvas;
  }
  return {};
}

void Room::EncodeAndDeliver(const ViewOutput& output, Timestamp now) {
  auto it = encoders_.find(output.view);
  if (it == encoders_.end() || !it->second.encoder || !output.canvas) return;
  ViewEncoder& view = it->second;
  if (view.receivers.empty()) return;
  // An unchanged picture is not encoded again, but a few times a second anyway so that
  // receivers keep seeing a live stream (and their decoders a recent reference).
  const bool stale = !view.last_encode || now - *view.last_encode >= TimeDelta::Millis(500);
  if (!output.changed && !view.keyframe_wanted && !stale) return;
  // PLIs from many receivers of one view arrive together: one IDR per 300 ms at most.
  if (view.keyframe_wanted && (!view.last_keyframe || now - *view.last_keyframe >= TimeDelta::Millis(300))) {
    view.encoder->RequestKeyframe();
    view.keyframe_wanted = false;
    view.last_keyframe = now;
  }
  const int64_t cpu_start = ThreadCpuMicros();
  auto encoded = view.encoder->Encode(*output.canvas);
  video_stats_.encode_cpu_us += static_cast<uint64_t>(ThreadCpuMicros() - cpu_start);
  if (!encoded || encoded->skipped || encoded->data.empty()) return;
  view.last_encode = now;
  view.last_canvas = output.canvas;
  ++video_stats_.frames_encoded;
  if (encoded->keyframe) ++video_stats_.keyframes;
  auto data = std::make_shared<EncodedVideoData>();
  data->annex_b.assign(encoded->data.begin(), encoded->data.end());
  data->keyframe = encoded->keyframe;
  data->capture_time = now;
  for (ParticipantId receiver : view.receivers) {
    Member* m = Find(receiver);
    if (m == nullptr || !m->link) continue;
    if (m->link->video_out.Push(OutboundVideo{data})) {
      MarkFlush(m->worker);
    } else {
      // Its worker is behind: this picture is lost to it, so it needs a keyframe next.
      ++video_stats_.frames_dropped_for_slow_receivers;
      m->link->video_gap.store(true, std::memory_order_release);
      view.keyframe_wanted = true;
    }
  }
}

void Room::VideoTick(Timestamp now) {
  bool tiers_changed = false;
  for (Member* m : order_) {
    if (!m->link) continue;
    const int64_t tier = m->link->send_tier_kbps.load(std::memory_order_relaxed);
    if (tier != m->send_tier_kbps) {
      m->send_tier_kbps = tier;
      tiers_changed = true;
    }
  }
  if (tiers_changed) UpdateAssignment();
  for (Member* m : order_) {
    if (!m->link || !m->is_source) continue;
    auto frame = m->link->video_in.TakeIfNewer(&m->video_seen);
    if (!frame) continue;
    if (phase_ == RoomPhase::kTestRun) {
      // The loopback shows the point its own picture half a second late.
      if (!m->echo_video) m->echo_video = std::make_unique<RingBuffer<SharedVideoFrame>>(kEchoVideoFrames);
      if (m->echo_video->full()) video_->SetSourceFrame(m->id, m->echo_video->Pop());
      m->echo_video->Push(std::move(*frame));
      continue;
    }
    video_->SetSourceFrame(m->id, std::move(*frame));
  }
  const int64_t cpu_start = ThreadCpuMicros();
  const auto outputs = video_->Compose(now);
  video_stats_.compose_cpu_us += static_cast<uint64_t>(ThreadCpuMicros() - cpu_start);
  for (const ViewOutput& output : outputs) EncodeAndDeliver(output, now);
  FlushWorkers();
}

// --- events from the participants' workers -----------------------------------------------

void Room::OnDtmf(ParticipantId id, char key) {
  Member* m = Find(id);
  if (m == nullptr) return;
  auto command = m->dtmf.OnKey(key, clock_->Now(), m->awaiting_pin);
  if (!command) return;
  switch (command->command) {
    case DtmfCommand::kRequestFloor:
      if (auto ok = RequestFloor(id, FloorActor::kTerminal); !ok) {
        spdlog::info("room {}: '{}' asked for the floor by DTMF: {}", config_.number, m->info.name,
                     ok.error().message);
      }
      break;
    case DtmfCommand::kCancelFloor: {
      const auto state = floor_.StateOf(id);
      if (state == FloorState::kRequesting) (void)CancelFloor(id, FloorActor::kTerminal);
      if (state == FloorState::kHolding) (void)ReleaseFloor(id, FloorActor::kTerminal);
      break;
    }
    case DtmfCommand::kPinEntered:
      if (command->pin == config_.pin) {
        m->awaiting_pin = false;
        (void)mixer_.SetMute(id, m->muted ? PointMute::kMuted : PointMute::kUnmuted);
        (void)mixer_.SetDeaf(id, m->deaf ? PointDeaf::kDeaf : PointDeaf::kHearing);
        spdlog::info("room {}: '{}' entered the right PIN", config_.number, m->info.name);
        UpdateAssignment();
        Publish(*m);
      } else if (++m->pin_failures >= config_.max_pin_attempts) {
        spdlog::warn("room {}: '{}' ({}) typed a wrong PIN {} times: disconnecting", config_.number, m->info.name,
                     m->info.address, m->pin_failures);
        observer_->OnRoomHangupWanted(id, "wrong PIN");
      }
      break;
  }
}

void Room::OnMediaTimeout(ParticipantId id) {
  if (Find(id) == nullptr) return;
  observer_->OnRoomMediaLost(id);
}

void Room::OnMediaResumed(ParticipantId id) {
  Member* m = Find(id);
  if (m == nullptr || m->state != ParticipantState::kLost || !m->link) return;
  if (auto next = NextState(m->state, ParticipantEvent::kMediaResumed)) m->state = *next;
  UpdateAssignment();
  Publish(*m);
}

void Room::OnKeyframeRequested(ParticipantId id) {
  if (auto view = video_->ViewOf(id)) RequestViewKeyframe(*view);
}

}  // namespace softmcu
