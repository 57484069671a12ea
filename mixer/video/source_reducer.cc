#include "mixer/video/source_reducer.h"

#include "mixer/video/tile_scaler.h"

namespace softmcu {
namespace {

// The mixer holds the latest reduced picture of the source, a compositor may still be
// reading the one before, and the worker is making the next.
constexpr size_t kPicturesInFlight = 4;
// Halving levels of a source at once: its size changes with the layout.
constexpr size_t kSizes = 3;

}  // namespace

SourceReducer::SourceReducer() : pool_({.max_frames_per_size = kPicturesInFlight, .max_sizes = kSizes}) {}

SharedVideoFrame SourceReducer::Reduce(SharedVideoFrame picture, const SourceDemand& demand) {
  if (!picture || !demand.visible || demand.max_width <= 0 || demand.max_height <= 0) return picture;
  int width = picture->width();
  int height = picture->height();
  int halvings = 0;
  // Halve while the half still covers the largest tile in both directions (a cropped tile
  // needs the full width or height, whichever it keeps).
  while (width / 2 >= demand.max_width && height / 2 >= demand.max_height && width / 2 >= 2 && height / 2 >= 2) {
    width /= 2;
    height /= 2;
    ++halvings;
  }
  if (halvings == 0) return picture;
  SharedVideoFrame current = std::move(picture);
  for (int i = 0; i < halvings; ++i) {
    WritableVideoFrame half = pool_.Acquire(current->width() / 2, current->height() / 2);
    if (!half) return current;  // exhausted: what we have is still a correct picture
    HalveWithBox(current->view(), *half);
    half->set_pts(current->pts());
    half->set_source_id(current->source_id());
    half->set_frame_index(current->frame_index());
    current = std::move(half).Share();
  }
  ++reduced_;
  return current;
}

}  // namespace softmcu
