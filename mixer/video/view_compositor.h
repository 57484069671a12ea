#pragma once
// Composes the canvas of ONE view: each tile's source picture scaled straight into the
// canvas (letterboxed or cropped per tile), background, thin borders between tiles, the
// highlight frame on the speaking / floor tile, site-name labels, the "no signal" slate
// for a lost point (its last picture dimmed, with a text) and the "waiting for other
// sites" slate when the view shows nobody.
//
// Incremental: the compositor keeps its previous canvas and redraws only the tiles that
// changed: a live tile whose source delivered a new picture since it was drawn, a tile
// whose content (who, signal, label, highlight) changed, and an overlay above a redrawn
// tile. Untouched tiles are not scaled again. Where the redraw happens:
//   - in place: the previous canvas is ours alone again (the encoder finished with it and
//     dropped its reference, the common case): its changed tiles are redrawn in it;
//   - copy forward: someone still holds the previous canvas (an encoder on another
//     thread): a new pooled canvas gets the previous one's pixels, then the changed tiles
//     (the copy is skipped when every tile is redrawn anyway);
//   - whole: first canvas, a new layout or canvas size.
// A canvas handed out is never written again while anyone else holds it (a
// SharedVideoFrame is read-only): the caller may encode it on any thread.
//
// Ownership and threads: owned by a VideoMixer; one thread (the conference's media loop).
// `labels` and `canvas_pool` are borrowed and must outlive it. Steady-state Compose()
// allocates nothing: canvases come from the pool, label masks were made by Configure().

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/units.h"
#include "media/video/shared_video_frame.h"
#include "media/video/video_frame_pool.h"
#include "mixer/assignment/tile_assigner.h"
#include "mixer/layout/canvas_mapper.h"
#include "mixer/layout/layout.h"
#include "mixer/video/compositor_style.h"
#include "mixer/video/label_renderer.h"
#include "mixer/video/tile_geometry.h"
#include "mixer/video/tile_scaler.h"

namespace softmcu {

enum class TileHighlight { kOff, kOn };

// What one tile shows (control plane).
struct TileContent {
  std::optional<ParticipantId> participant;
  // kNone: an empty tile (background); kLive: the participant's pictures; kNoSignal: the
  // "no signal" slate over its last picture.
  TileSignal signal = TileSignal::kNone;
  std::string site_name;  // UTF-8; empty: no label
  TileHighlight highlight = TileHighlight::kOff;
  friend bool operator==(const TileContent&, const TileContent&) = default;
};

// One tile's source at a tick: the participant's latest decoded picture and a number that
// changes whenever a new picture arrives.
struct TileFrame {
  const VideoFrame* frame = nullptr;  // null: no picture yet
  uint64_t generation = 0;
};

struct ViewCompositorStats {
  uint64_t composed = 0;        // ticks that produced a changed canvas
  uint64_t unchanged = 0;       // ticks with nothing to redraw (the previous canvas stands)
  uint64_t in_place = 0;        // of `composed`: redrawn in the previous canvas
  uint64_t copied_forward = 0;  // of `composed`: previous canvas copied into a new one
  uint64_t whole = 0;           // of `composed`: every tile drawn into a new canvas
  uint64_t tiles_drawn = 0;     // tiles redrawn (any reason)
  uint64_t tiles_scaled = 0;    // of which a source picture was scaled
  uint64_t tiles_kept = 0;      // tiles left as they were in a changed canvas
  uint64_t canvas_unavailable = 0;  // the pool was exhausted: the previous canvas stood
};

class ViewCompositor {
 public:
  // `canvas_id` is stamped on canvases as their source id.
  ViewCompositor(const CompositorStyle& style, LabelRenderer& labels, VideoFramePool& canvas_pool,
                 uint32_t canvas_id);
  ViewCompositor(const ViewCompositor&) = delete;
  ViewCompositor& operator=(const ViewCompositor&) = delete;

  // What to compose (control plane). `tiles` has one entry per layout tile; `canvas` is
  // valid (CanvasSize::IsValid). A new layout or canvas size redraws everything; otherwise
  // only the tiles whose content differs. Label masks are rendered here (cached).
  void Configure(const Layout& layout, CanvasSize canvas, std::span<const TileContent> tiles);

  // One output tick: `frames` has one entry per tile (the source for its participant).
  // Returns whether the canvas changed; canvas() is the canvas either way (empty before
  // the first successful compose). `pts` is stamped on a changed canvas.
  bool Compose(std::span<const TileFrame> frames, TimeDelta pts);

  const SharedVideoFrame& canvas() const { return canvas_; }
  CanvasSize canvas_size() const { return size_; }
  std::span<const PixelRect> tile_rects() const { return rects_; }
  const ViewCompositorStats& stats() const { return stats_; }

 private:
  struct Tile {
    PixelRect rect;
    TileFit fit = TileFit::kLetterbox;
    uint8_t inner_edges = 0;           // sides that meet another tile: thin border
    std::vector<size_t> covered_by;    // later-drawn tiles overlapping this one
    TileContent content;
    std::shared_ptr<const LabelBitmap> label;  // site name
    std::shared_ptr<const LabelBitmap> slate;  // "no signal"
    LabelStyleMetrics label_metrics;
    bool dirty = true;
    bool drawn_with_frame = false;
    uint64_t drawn_generation = 0;
  };

  void SetGeometry(const Layout& layout, CanvasSize canvas);
  void RenderLabels(Tile& tile);
  bool NeedsRedraw(const Tile& tile, const TileFrame& frame) const;
  // A canvas to draw into, and whether it already holds the previous picture.
  WritableVideoFrame TakeCanvas(bool& holds_previous);
  void DrawTile(VideoFrame& canvas, Tile& tile, const TileFrame& frame);
  void DrawPicture(VideoFrame& canvas, const Tile& tile, const VideoFrame& picture);
  void DrawLabel(VideoFrame& canvas, const Tile& tile) const;
  void DrawCentredText(VideoFrame& canvas, PixelRect area, const LabelBitmap& text) const;
  void DrawWaitingSlate(VideoFrame& canvas) const;

  const CompositorStyle& style_;
  LabelRenderer& labels_;
  VideoFramePool& pool_;
  const uint32_t canvas_id_;
  TileScaler scaler_;

  std::optional<Layout> layout_;
  CanvasSize size_;
  std::vector<PixelRect> rects_;
  std::vector<size_t> draw_order_;
  std::vector<Tile> tiles_;
  bool covers_canvas_ = false;  // the tiles cover every pixel (no background between them)
  bool highlight_active_ = false;  // at least two participants shown: a highlight means something
  bool waiting_ = false;           // nobody shown: the "waiting for other sites" slate
  std::shared_ptr<const LabelBitmap> waiting_text_;
  bool redraw_all_ = true;
  int highlight_px_ = 0;

  SharedVideoFrame canvas_;
  uint64_t next_frame_index_ = 0;
  ViewCompositorStats stats_;
};

}  // namespace softmcu
