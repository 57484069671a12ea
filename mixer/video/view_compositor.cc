#include "mixer/video/view_compositor.h"

#include <algorithm>

#include "core/check.h"
#include "mixer/video/paint.h"
#include "mixer/video/tile_geometry.h"

namespace softmcu {
namespace {

// Whether the rectangles cover all of width x height. Exact: the canvas is cut along
// every rectangle edge into at most (2n+1)^2 cells, each checked once (n <= 25 tiles,
// control plane only).
bool CoversCanvas(std::span<const PixelRect> rects, int width, int height) {
  std::vector<int> xs{0, width};
  std::vector<int> ys{0, height};
  for (const PixelRect& r : rects) {
    xs.insert(xs.end(), {r.x, r.right()});
    ys.insert(ys.end(), {r.y, r.bottom()});
  }
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  for (size_t i = 0; i + 1 < xs.size(); ++i) {
    for (size_t j = 0; j + 1 < ys.size(); ++j) {
      if (xs[i] == xs[i + 1] || ys[j] == ys[j + 1]) continue;
      const bool covered = std::any_of(rects.begin(), rects.end(), [&](const PixelRect& r) {
        return r.x <= xs[i] && xs[i + 1] <= r.right() && r.y <= ys[j] && ys[j + 1] <= r.bottom();
      });
      if (!covered) return false;
    }
  }
  return true;
}

uint8_t InnerEdges(PixelRect r, CanvasSize canvas) {
  uint8_t edges = 0;
  if (r.x > 0) edges |= kEdgeLeft;
  if (r.y > 0) edges |= kEdgeTop;
  if (r.right() < canvas.width) edges |= kEdgeRight;
  if (r.bottom() < canvas.height) edges |= kEdgeBottom;
  return edges;
}

}  // namespace

ViewCompositor::ViewCompositor(const CompositorStyle& style, LabelRenderer& labels, VideoFramePool& canvas_pool,
                               uint32_t canvas_id)
    : style_(style),
      labels_(labels),
      pool_(canvas_pool),
      canvas_id_(canvas_id),
      scaler_(style.scale) {}

void ViewCompositor::SetGeometry(const Layout& layout, CanvasSize canvas) {
  layout_ = layout;
  size_ = canvas;
  rects_ = MapToCanvas(layout, canvas);
  draw_order_ = layout.DrawOrder();
  highlight_px_ = style_.HighlightWidth(canvas.height);
  tiles_.assign(layout.tile_count(), Tile{});
  for (size_t i = 0; i < tiles_.size(); ++i) {
    tiles_[i].rect = rects_[i];
    tiles_[i].fit = layout.tile(i).fit;
    tiles_[i].inner_edges = InnerEdges(rects_[i], canvas);
  }
  // An overlay drawn after a tile it overlaps must be redrawn whenever that tile is.
  for (size_t a = 0; a < draw_order_.size(); ++a) {
    for (size_t b = a + 1; b < draw_order_.size(); ++b) {
      if (!Intersect(rects_[draw_order_[a]], rects_[draw_order_[b]]).empty()) {
        tiles_[draw_order_[a]].covered_by.push_back(draw_order_[b]);
      }
    }
  }
  covers_canvas_ = CoversCanvas(rects_, canvas.width, canvas.height);
}

void ViewCompositor::Configure(const Layout& layout, CanvasSize canvas, std::span<const TileContent> tiles) {
  SOFTMCU_CHECK(canvas.IsValid());
  SOFTMCU_CHECK(tiles.size() == layout.tile_count());
  const bool new_geometry =
      !layout_ || !(*layout_ == layout) || canvas.width != size_.width || canvas.height != size_.height;
  if (new_geometry) {
    SetGeometry(layout, canvas);
    redraw_all_ = true;
  }
  const auto shown = std::count_if(tiles.begin(), tiles.end(), [](const TileContent& t) {
    return t.participant.has_value() && t.signal != TileSignal::kNone;
  });
  const bool waiting = shown == 0;
  if (waiting != waiting_ || (waiting && !waiting_text_)) {
    waiting_ = waiting;
    redraw_all_ = true;
    waiting_text_ = waiting ? labels_.Render(style_.waiting_text, std::clamp(canvas.height / 16, 10, 96),
                                             canvas.width - canvas.width / 10)
                            : nullptr;
  }
  const bool highlight_active = shown >= 2;
  for (size_t i = 0; i < tiles_.size(); ++i) {
    Tile& tile = tiles_[i];
    const bool highlight_toggled =
        highlight_active != highlight_active_ && tile.content.highlight == TileHighlight::kOn;
    if (new_geometry || !(tile.content == tiles[i])) {
      tile.content = tiles[i];
      RenderLabels(tile);
      tile.dirty = true;
    } else if (highlight_toggled) {
      tile.dirty = true;
    }
  }
  highlight_active_ = highlight_active;
}

void ViewCompositor::RenderLabels(Tile& tile) {
  tile.label_metrics = LabelMetricsFor(tile.rect, style_.label_height_permille, style_.label_min_px,
                                       style_.label_max_px, highlight_px_);
  const TileContent& c = tile.content;
  tile.label = nullptr;
  tile.slate = nullptr;
  if (style_.labels == LabelMode::kShown && c.participant && c.signal != TileSignal::kNone &&
      !c.site_name.empty() && tile.label_metrics.max_text_width > 0) {
    tile.label = labels_.Render(c.site_name, tile.label_metrics.pixel_size, tile.label_metrics.max_text_width);
  }
  if (c.signal == TileSignal::kNoSignal) {
    const int size = std::clamp(tile.rect.height / 8, style_.label_min_px, 2 * style_.label_max_px);
    tile.slate = labels_.Render(style_.no_signal_text, size, tile.rect.width - 2 * tile.label_metrics.margin);
  }
}

bool ViewCompositor::NeedsRedraw(const Tile& tile, const TileFrame& frame) const {
  if (tile.dirty) return true;
  // A lost point's slate shows the picture it had when it was drawn; only live tiles
  // follow their source.
  if (tile.content.signal != TileSignal::kLive) return false;
  const bool has_frame = frame.frame != nullptr;
  return has_frame != tile.drawn_with_frame || (has_frame && frame.generation != tile.drawn_generation);
}

WritableVideoFrame ViewCompositor::TakeCanvas(bool& holds_previous) {
  holds_previous = false;
  const bool reusable = !redraw_all_ && canvas_ && canvas_->width() == size_.width &&
                        canvas_->height() == size_.height;
  if (reusable) {
    if (WritableVideoFrame mine = WritableVideoFrame::ReclaimIfUnique(canvas_)) {
      holds_previous = true;
      ++stats_.in_place;
      return mine;
    }
  }
  WritableVideoFrame fresh = pool_.Acquire(size_.width, size_.height);
  if (!fresh) return fresh;
  const bool every_tile_redrawn =
      covers_canvas_ && std::all_of(tiles_.begin(), tiles_.end(), [](const Tile& t) { return t.dirty; });
  if (reusable && !every_tile_redrawn) {
    CopyRect(canvas_->view(), fresh->mutable_view(), {0, 0, size_.width, size_.height});
    holds_previous = true;
    ++stats_.copied_forward;
  } else {
    ++stats_.whole;
  }
  return fresh;
}

bool ViewCompositor::Compose(std::span<const TileFrame> frames, TimeDelta pts) {
  SOFTMCU_CHECK(layout_.has_value());
  SOFTMCU_CHECK(frames.size() == tiles_.size());
  bool any = redraw_all_ || !canvas_;
  for (size_t i = 0; i < tiles_.size(); ++i) {
    if (NeedsRedraw(tiles_[i], frames[i])) {
      tiles_[i].dirty = true;
      any = true;
    }
  }
  if (!any) {
    ++stats_.unchanged;
    return false;
  }
  bool holds_previous = false;
  WritableVideoFrame canvas = TakeCanvas(holds_previous);
  if (!canvas) {
    ++stats_.canvas_unavailable;  // tiles stay dirty: drawn at the next tick that gets a canvas
    return false;
  }
  const I420MutableView view = canvas->mutable_view();
  if (!holds_previous) {
    for (Tile& tile : tiles_) tile.dirty = true;
    if (!covers_canvas_ && !waiting_) FillRect(view, {0, 0, size_.width, size_.height}, style_.background);
  }
  if (waiting_) {
    DrawWaitingSlate(*canvas);
    for (Tile& tile : tiles_) tile.dirty = false;
  } else {
    for (size_t index : draw_order_) {
      if (!tiles_[index].dirty) continue;
      for (size_t above : tiles_[index].covered_by) tiles_[above].dirty = true;
    }
    for (size_t index : draw_order_) {
      if (tiles_[index].dirty) {
        DrawTile(*canvas, tiles_[index], frames[index]);
        ++stats_.tiles_drawn;
      } else {
        ++stats_.tiles_kept;
      }
    }
  }
  canvas->set_pts(pts);
  canvas->set_source_id(canvas_id_);
  canvas->set_frame_index(next_frame_index_++);
  canvas_ = std::move(canvas).Share();
  redraw_all_ = false;
  ++stats_.composed;
  return true;
}

void ViewCompositor::DrawTile(VideoFrame& canvas, Tile& tile, const TileFrame& frame) {
  const I420MutableView view = canvas.mutable_view();
  const PixelRect r = tile.rect;
  switch (tile.content.signal) {
    case TileSignal::kLive:
      if (frame.frame != nullptr) {
        DrawPicture(canvas, tile, *frame.frame);
      } else {
        FillRect(view, r, style_.background);  // joined, no picture decoded yet: its label shows who
      }
      break;
    case TileSignal::kNoSignal:
      if (frame.frame != nullptr) {
        DrawPicture(canvas, tile, *frame.frame);
        DimRect(view, r, style_.no_signal_luma_keep, style_.no_signal_chroma_keep);
      } else {
        FillRect(view, r, style_.background);
      }
      if (tile.slate) DrawCentredText(canvas, r, *tile.slate);
      break;
    case TileSignal::kNone:
      FillRect(view, r, style_.background);
      break;
  }
  DrawLumaEdges(view, r, style_.border_px, style_.border_luma, tile.inner_edges);
  if (highlight_active_ && tile.content.highlight == TileHighlight::kOn) {
    DrawFrame(view, r, highlight_px_, style_.highlight);
  }
  DrawLabel(canvas, tile);
  tile.drawn_with_frame = frame.frame != nullptr;
  tile.drawn_generation = frame.generation;
  tile.dirty = false;
}

void ViewCompositor::DrawPicture(VideoFrame& canvas, const Tile& tile, const VideoFrame& picture) {
  const PicturePlacement place = PlacePicture(picture.width(), picture.height(), tile.rect, tile.fit);
  if (!(place.content == tile.rect)) FillRect(canvas.mutable_view(), tile.rect, style_.background);
  scaler_.Scale(CropView(picture.view(), place.source), canvas.mutable_view(), place.content);
  ++stats_.tiles_scaled;
}

void ViewCompositor::DrawLabel(VideoFrame& canvas, const Tile& tile) const {
  if (!tile.label || tile.label->width == 0) return;
  const LabelPlacement place = PlaceLabel(tile.rect, tile.label_metrics, tile.label->width, tile.label->height);
  const I420MutableView view = canvas.mutable_view();
  BlendRect(view, place.box, style_.label_box, style_.label_box_alpha);
  BlendMask(view, *tile.label, place.text_x, place.text_y, tile.rect, style_.label_text);
}

void ViewCompositor::DrawCentredText(VideoFrame& canvas, PixelRect area, const LabelBitmap& text) const {
  const int x = area.x + (area.width - text.width) / 2;
  const int y = area.y + (area.height - text.height) / 2;
  BlendMask(canvas.mutable_view(), text, x, y, area, style_.label_text);
}

void ViewCompositor::DrawWaitingSlate(VideoFrame& canvas) const {
  const PixelRect all{0, 0, size_.width, size_.height};
  FillRect(canvas.mutable_view(), all, style_.background);
  if (waiting_text_) DrawCentredText(canvas, all, *waiting_text_);
}

}  // namespace softmcu
