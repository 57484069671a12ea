#include "mixer/video/video_mixer.h"

#include <fmt/format.h>

#include <algorithm>

namespace softmcu {
namespace {

// Canvas sizes in use at once: the room's tiers (1080p, 720p, 360p) and a few personal
// sizes. Beyond it the pool retires the least recently used size (still correct, slower).
constexpr size_t kCanvasSizes = 8;

}  // namespace

Result<void> VideoMixerConfig::Validate() const {
  if (frame_rate < 1 || frame_rate > 60) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("video mixer: frame_rate {} is outside 1..60 (30 is the default, 25 common)",
                                 frame_rate));
  }
  if (max_sources < 1 || max_views < 1 || canvases_per_size < 2) {
    return MakeError(ErrorCode::kOutOfRange,
                     "video mixer: max_sources and max_views must be >= 1, canvases_per_size >= 2");
  }
  return style.Validate();
}

Result<std::unique_ptr<VideoMixer>> VideoMixer::Create(const VideoMixerConfig& config) {
  if (auto ok = config.Validate(); !ok) return tl::unexpected(ok.error());
  auto labels = LabelRenderer::Create(config.font_path);
  if (!labels) return tl::unexpected(labels.error());
  return std::unique_ptr<VideoMixer>(new VideoMixer(config, std::move(*labels)));
}

VideoMixer::VideoMixer(const VideoMixerConfig& config, std::unique_ptr<LabelRenderer> labels)
    : config_(config),
      labels_(std::move(labels)),
      canvas_pool_({.max_frames_per_size = config.canvases_per_size, .max_sizes = kCanvasSizes}) {}

VideoMixer::~VideoMixer() = default;

VideoMixer::Source* VideoMixer::FindSource(ParticipantId id) {
  for (auto& s : sources_)
    if (s->id == id) return s.get();
  return nullptr;
}

const VideoMixer::Source* VideoMixer::FindSource(ParticipantId id) const {
  for (const auto& s : sources_)
    if (s->id == id) return s.get();
  return nullptr;
}

VideoMixer::CompositionState* VideoMixer::FindComposition(CompositionId id) {
  for (auto& c : compositions_)
    if (c.id == id) return &c;
  return nullptr;
}

Result<void> VideoMixer::AddSource(ParticipantId id, std::string site_name) {
  if (FindSource(id) != nullptr) {
    return MakeError(ErrorCode::kAlreadyExists, fmt::format("video mixer: participant {} is a source already", id));
  }
  if (sources_.size() >= config_.max_sources) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("video mixer: participant {}: the room's {} video sources are all in use", id,
                                 config_.max_sources));
  }
  auto source = std::make_unique<Source>();
  source->id = id;
  source->site_name = std::move(site_name);
  sources_.push_back(std::move(source));
  return {};
}

Result<void> VideoMixer::RemoveSource(ParticipantId id) {
  auto it = std::find_if(sources_.begin(), sources_.end(), [id](const auto& s) { return s->id == id; });
  if (it == sources_.end()) {
    return MakeError(ErrorCode::kNotFound, fmt::format("video mixer: participant {} is not a source", id));
  }
  for (const auto& composition : views_.compositions()) {
    if (composition.spec.assignment.TileOf(id)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("video mixer: participant {} is still shown (composition {}); set views "
                                   "without it before removing it",
                                   id, composition.id));
    }
  }
  sources_.erase(it);
  return {};
}

Result<void> VideoMixer::SetSiteName(ParticipantId id, std::string site_name) {
  Source* source = FindSource(id);
  if (source == nullptr) {
    return MakeError(ErrorCode::kNotFound, fmt::format("video mixer: participant {} is not a source", id));
  }
  if (source->site_name != site_name) {
    source->site_name = std::move(site_name);
    Reconfigure();
  }
  return {};
}

void VideoMixer::SetHighlight(std::optional<ParticipantId> participant) {
  if (participant == highlight_) return;
  highlight_ = participant;
  Reconfigure();
}

bool VideoMixer::SetSourceFrame(ParticipantId id, SharedVideoFrame frame) {
  Source* source = FindSource(id);
  if (source == nullptr || !frame) {
    ++stats_.frames_unknown_source;
    return false;
  }
  source->latest = std::move(frame);
  ++source->generation;
  ++stats_.frames_in;
  return true;
}

Result<ViewSetChanges> VideoMixer::SetViews(std::span<const ReceiverView> receivers) {
  std::vector<const ViewSpec*> distinct;
  for (const ReceiverView& r : receivers) {
    const auto& tiles = r.spec.assignment.tiles;
    for (size_t i = 0; i < tiles.size(); ++i) {
      if (tiles[i].participant && FindSource(*tiles[i].participant) == nullptr) {
        return MakeError(ErrorCode::kNotFound,
                         fmt::format("views: receiver {}: tile {} shows participant {}, which is not a video "
                                     "source of this room (AddSource first)",
                                     r.receiver, i, *tiles[i].participant));
      }
    }
    if (std::none_of(distinct.begin(), distinct.end(), [&](const ViewSpec* s) { return *s == r.spec; })) {
      distinct.push_back(&r.spec);
    }
  }
  if (distinct.size() > config_.max_views) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("views: {} distinct views needed, the room allows {} (fewer personal layouts or "
                                 "tiers, or raise max_views)",
                                 distinct.size(), config_.max_views));
  }
  auto changes = views_.Apply(receivers);
  if (!changes) return changes;
  Reconfigure();
  return changes;
}

void VideoMixer::Reconfigure() {
  std::vector<CompositionState> next;
  next.reserve(views_.compositions().size());
  for (const auto& composition : views_.compositions()) {
    if (CompositionState* existing = FindComposition(composition.id)) {
      next.push_back(std::move(*existing));
    } else {
      CompositionState state;
      state.id = composition.id;
      state.compositor = std::make_unique<ViewCompositor>(config_.style, *labels_, canvas_pool_, composition.id);
      next.push_back(std::move(state));
    }
  }
  compositions_ = std::move(next);

  for (auto& source : sources_) source->demand = SourceDemand{};
  std::vector<TileContent> contents;
  for (CompositionState& state : compositions_) {
    const ViewSpec& spec = views_.FindComposition(state.id)->spec;
    const size_t tiles = spec.layout.tile_count();
    contents.assign(tiles, TileContent{});
    state.tile_sources.assign(tiles, nullptr);
    state.frames.assign(tiles, TileFrame{});
    for (size_t i = 0; i < tiles; ++i) {
      const TileSlot& slot = spec.assignment.tiles[i];
      Source* source = slot.participant ? FindSource(*slot.participant) : nullptr;
      if (source == nullptr || slot.signal == TileSignal::kNone) continue;
      state.tile_sources[i] = source;
      contents[i] = TileContent{slot.participant, slot.signal, source->site_name,
                                highlight_ == slot.participant ? TileHighlight::kOn : TileHighlight::kOff};
    }
    state.compositor->Configure(spec.layout, spec.canvas, contents);
    const auto rects = state.compositor->tile_rects();
    for (size_t i = 0; i < tiles; ++i) {
      Source* source = state.tile_sources[i];
      if (source == nullptr) continue;
      source->demand.visible = true;
      source->demand.max_width = std::max(source->demand.max_width, rects[i].width);
      source->demand.max_height = std::max(source->demand.max_height, rects[i].height);
    }
  }

  view_composition_.clear();
  for (const auto& view : views_.views()) {
    const auto it = std::find_if(compositions_.begin(), compositions_.end(),
                                 [&](const CompositionState& c) { return c.id == view.composition; });
    view_composition_.push_back(static_cast<size_t>(it - compositions_.begin()));
  }
  outputs_.clear();
  outputs_.reserve(views_.views().size());
}

std::span<const ViewOutput> VideoMixer::Compose(Timestamp now) {
  ++stats_.ticks;
  if (!epoch_) epoch_ = now;
  const TimeDelta pts = now - *epoch_;
  // Our handles on last tick's canvases go first, so a canvas nobody else kept is ours
  // alone again and its compositor redraws it in place.
  outputs_.clear();
  for (CompositionState& state : compositions_) {
    for (size_t i = 0; i < state.frames.size(); ++i) {
      const Source* source = state.tile_sources[i];
      state.frames[i] = source ? TileFrame{source->latest.get(), source->generation} : TileFrame{};
    }
    state.changed = state.compositor->Compose(state.frames, pts);
  }
  const auto views = views_.views();
  for (size_t i = 0; i < views.size(); ++i) {
    const CompositionState& state = compositions_[view_composition_[i]];
    outputs_.push_back({views[i].id, views[i].spec.tier, state.compositor->canvas(), state.changed});
  }
  return outputs_;
}

TimeDelta VideoMixer::frame_interval() const {
  return TimeDelta::Micros(1'000'000 / config_.frame_rate);
}

SourceDemand VideoMixer::DemandFor(ParticipantId source) const {
  const Source* s = FindSource(source);
  return s ? s->demand : SourceDemand{};
}

const ViewCompositor* VideoMixer::CompositorOf(ViewId view) const {
  const auto views = views_.views();
  for (size_t i = 0; i < views.size(); ++i) {
    if (views[i].id == view) return compositions_[view_composition_[i]].compositor.get();
  }
  return nullptr;
}

}  // namespace softmcu
