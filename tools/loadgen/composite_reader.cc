#include "tools/loadgen/composite_reader.h"

#include "tools/loadgen/stamp_reader.h"

namespace softmcu::loadgen {
namespace {
const std::string kNoLayout = "none";
}  // namespace

CompositeReader::CompositeReader(Options options) : options_(std::move(options)) {
  read_.tiles.reserve(32);
  scratch_.reserve(32);
}

const std::string& CompositeReader::layout_name() const {
  return current_ ? layouts_[*current_].name : kNoLayout;
}

std::optional<VideoStamp> CompositeReader::ReadTile(const I420View& picture, const StampRect& rect) const {
  for (double fraction : options_.band_fractions) {
    if (auto stamp = StampReader::Read(picture, rect, fraction)) return stamp;
  }
  return std::nullopt;
}

int CompositeReader::ReadLayout(const I420View& picture, const TileLayout& layout,
                                std::vector<std::optional<VideoStamp>>& out) const {
  out.clear();
  int valid = 0;
  for (const StampRect& rect : layout.tiles) {
    out.push_back(ReadTile(picture, rect));
    if (out.back()) ++valid;
  }
  return valid;
}

void CompositeReader::Detect(const I420View& picture) {
  ++detections_;
  frames_since_detect_ = 0;
  // Most valid tiles wins; then the larger share of the layout's tiles (1x1 over 1+1 when
  // only the big picture reads); the current layout keeps ties.
  auto better = [](int valid, size_t tiles, int best_valid, size_t best_tiles) {
    if (valid != best_valid) return valid > best_valid;
    return valid * static_cast<int64_t>(best_tiles) > best_valid * static_cast<int64_t>(tiles);
  };
  std::optional<size_t> best = current_;
  int best_valid = current_ ? current_valid_ : 0;
  size_t best_tiles = current_ ? layouts_[*current_].tiles.size() : 1;
  for (size_t i = 0; i < layouts_.size(); ++i) {
    if (current_ && i == *current_) continue;
    const int valid = ReadLayout(picture, layouts_[i], scratch_);
    if (valid > 0 && better(valid, layouts_[i].tiles.size(), best_valid, best_tiles)) {
      best = i;
      best_valid = valid;
      best_tiles = layouts_[i].tiles.size();
    }
  }
  current_ = best;
}

const CompositeReader::Read& CompositeReader::ReadComposite(const I420View& picture) {
  if (picture.width != width_ || picture.height != height_) {
    width_ = picture.width;
    height_ = picture.height;
    layouts_.clear();
    current_.reset();
    if (options_.forced_layout) {
      if (auto layout = TileLayouts::Named(*options_.forced_layout, width_, height_)) {
        layouts_.push_back(std::move(*layout));
        current_ = 0;
      }
    } else {
      layouts_ = TileLayouts::All(width_, height_);
    }
  }
  read_.tiles.clear();
  read_.layout = nullptr;
  read_.valid = 0;
  if (layouts_.empty()) return read_;
  int valid = current_ ? ReadLayout(picture, layouts_[*current_], read_.tiles) : 0;
  if (!options_.forced_layout &&
      (!current_ || valid == 0 || valid < current_valid_ || ++frames_since_detect_ >= options_.redetect_interval)) {
    current_valid_ = valid;
    Detect(picture);
    valid = current_ ? ReadLayout(picture, layouts_[*current_], read_.tiles) : 0;
  }
  current_valid_ = valid;
  if (current_) {
    read_.layout = &layouts_[*current_];
    read_.valid = valid;
  }
  return read_;
}

}  // namespace softmcu::loadgen
