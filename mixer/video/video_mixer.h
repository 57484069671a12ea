#pragma once
// The video half of a conference's mixer: every participant's latest decoded picture in,
// one composed canvas per distinct view out, once per output tick.
//
//   media worker: decode ─► (queue) ─► media loop: SetSourceFrame(id, frame)
//   ticker (frame_interval(), 30 fps default, 25 allowed): Compose(now)
//       ─► per view: {view id, tier, canvas, changed} ─► one H264Encoder per view (the caller's)
//
// Sources are sampled at their latest picture at each tick: a slow or stalled source
// never delays the canvas, its tile just keeps its last picture (and is not scaled again
// until a new one arrives). Views come from ViewSet (the distinct (layout, assignment,
// canvas, tier) that the receivers need, from SetViews); views differing only in tier
// share one ViewCompositor, so each picture is composed once per tick.
//
// The conference also asks: which sources are visible at all (decode only those), and
// the largest tile each is shown in (ask the point for no more than that resolution):
// DemandFor().
//
// Threads: everything runs on the thread that owns the mixer (the conference's media
// loop): no locks inside. Frames may have been decoded on another thread; canvases handed
// out may be encoded and released on any thread (they are immutable once out).
// Allocation: control-plane calls allocate; SetSourceFrame() and Compose() do not in
// steady state (canvases are pooled, label masks rendered when a view changes).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "media/video/shared_video_frame.h"
#include "media/video/video_frame_pool.h"
#include "mixer/video/compositor_style.h"
#include "mixer/video/label_renderer.h"
#include "mixer/video/view_compositor.h"
#include "mixer/video/view_set.h"

namespace softmcu {

struct VideoMixerConfig {
  int frame_rate = 30;  // output ticks per second: 30, or 25 where the room wants it (1..60 accepted)
  CompositorStyle style;
  std::string font_path = kDefaultLabelFont;
  size_t max_sources = 256;
  size_t max_views = 64;
  // Canvases of one size in existence at once, over all views: each view holds one and an
  // encoder pipeline may hold one or two more.
  size_t canvases_per_size = 96;

  Result<void> Validate() const;
};

struct ViewOutput {
  ViewId view = 0;
  DataRate tier;
  SharedVideoFrame canvas;  // empty only if no canvas could ever be had (pool exhausted)
  bool changed = false;     // false: the same picture as the previous tick
};

// What the conference should ask of a source (decode only what is seen; request no more
// resolution than its largest tile).
struct SourceDemand {
  bool visible = false;
  int max_width = 0;  // largest tile width over every view it appears in, pixels
  int max_height = 0;
  friend bool operator==(const SourceDemand&, const SourceDemand&) = default;
};

struct VideoMixerStats {
  uint64_t ticks = 0;
  uint64_t frames_in = 0;
  uint64_t frames_unknown_source = 0;  // SetSourceFrame for an id that is not a source: dropped
};

class VideoMixer {
 public:
  static Result<std::unique_ptr<VideoMixer>> Create(const VideoMixerConfig& config);
  ~VideoMixer();
  VideoMixer(const VideoMixer&) = delete;
  VideoMixer& operator=(const VideoMixer&) = delete;

  // Sources (control plane). A source is a participant whose pictures may be shown;
  // `site_name` is its label (UTF-8). Errors: kAlreadyExists, kOutOfRange (max_sources),
  // kNotFound; RemoveSource of a source a view still shows is kInvalidArgument (apply
  // views without it first, so no tile is left pointing at nobody).
  Result<void> AddSource(ParticipantId id, std::string site_name);
  Result<void> RemoveSource(ParticipantId id);
  Result<void> SetSiteName(ParticipantId id, std::string site_name);
  // The floor holder or active speaker: its tile gets the highlight frame in every view
  // that shows at least two participants.
  void SetHighlight(std::optional<ParticipantId> participant);

  // Media path: the latest decoded picture of a source (replaces the previous one).
  // False, and counted, for an unknown id. Never allocates.
  bool SetSourceFrame(ParticipantId id, SharedVideoFrame frame);

  // The whole receiver -> view map (see ViewSet::Apply), after any change of roster,
  // floor, speaker or layout. Also kNotFound for a tile showing a participant that is not
  // a source, and kOutOfRange beyond max_views. On error nothing changes.
  Result<ViewSetChanges> SetViews(std::span<const ReceiverView> receivers);

  // One output tick at `now`: composes every composition whose tiles changed and returns
  // one entry per view. The span and its canvases are valid until the next Compose();
  // copy a canvas handle to keep it longer (the compositor then draws into a new canvas).
  std::span<const ViewOutput> Compose(Timestamp now);

  TimeDelta frame_interval() const;
  SourceDemand DemandFor(ParticipantId source) const;
  std::optional<ViewId> ViewOf(ParticipantId receiver) const { return views_.ViewOf(receiver); }
  const ViewSet& views() const { return views_; }
  // The compositor behind a view (its stats and tile rectangles), or null.
  const ViewCompositor* CompositorOf(ViewId view) const;
  const VideoMixerStats& stats() const { return stats_; }
  const LabelRendererStats& label_stats() const { return labels_->stats(); }

 private:
  struct Source {
    ParticipantId id = 0;
    std::string site_name;
    SharedVideoFrame latest;
    uint64_t generation = 0;
    SourceDemand demand;
  };
  struct CompositionState {
    CompositionId id = 0;
    std::unique_ptr<ViewCompositor> compositor;
    std::vector<Source*> tile_sources;  // per tile: the source shown, or null
    std::vector<TileFrame> frames;      // per tile, refilled each tick (no allocation)
    bool changed = false;
  };

  VideoMixer(const VideoMixerConfig& config, std::unique_ptr<LabelRenderer> labels);
  Source* FindSource(ParticipantId id);
  const Source* FindSource(ParticipantId id) const;
  CompositionState* FindComposition(CompositionId id);
  // Brings every compositor in line with the view set, names and highlight; recomputes
  // demands and per-tile sources.
  void Reconfigure();

  const VideoMixerConfig config_;
  const std::unique_ptr<LabelRenderer> labels_;
  VideoFramePool canvas_pool_;
  // Sources live in stable nodes: compositions point at them between SetViews calls.
  std::vector<std::unique_ptr<Source>> sources_;
  std::optional<ParticipantId> highlight_;
  ViewSet views_;
  std::vector<CompositionState> compositions_;
  std::vector<size_t> view_composition_;  // per views_.views()[i]: index into compositions_
  std::vector<ViewOutput> outputs_;       // capacity kept: Compose() does not allocate
  std::optional<Timestamp> epoch_;
  VideoMixerStats stats_;
};

}  // namespace softmcu
