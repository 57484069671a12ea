#include "mixer/layout/layout.h"

#include <fmt/format.h>

#include <algorithm>

namespace softmcu {
namespace {

// Units shown to an operator the way the JSON writes them: 0.3333.
std::string Frac(int units) {
  return fmt::format("{:.4f}", static_cast<double>(units) / kLayoutUnits);
}

Result<void> ValidateTile(size_t i, const LayoutTile& t) {
  if (t.w <= 0 || t.h <= 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("tile {}: size {} x {} is empty or negative", i, Frac(t.w), Frac(t.h)));
  }
  if (t.w < kMinTileUnits || t.h < kMinTileUnits) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("tile {}: size {} x {} is smaller than the minimum {}", i, Frac(t.w),
                                 Frac(t.h), Frac(kMinTileUnits)));
  }
  if (t.x < 0 || t.y < 0) {
    return MakeError(
        ErrorCode::kOutOfRange,
        fmt::format("tile {}: position ({}, {}) is left of or above the canvas", i, Frac(t.x), Frac(t.y)));
  }
  // Written so that it cannot overflow: x and w are both known to be non-negative here.
  if (t.x > kLayoutUnits - t.w) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("tile {}: x + w = {} is beyond the right edge (1)", i, Frac(t.x + t.w)));
  }
  if (t.y > kLayoutUnits - t.h) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("tile {}: y + h = {} is below the bottom edge (1)", i, Frac(t.y + t.h)));
  }
  if (t.z < 0 || t.z > kMaxTileZ) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("tile {}: z = {} is outside 0..{}", i, t.z, kMaxTileZ));
  }
  return {};
}

}  // namespace

const char* ToString(TileFit fit) {
  return fit == TileFit::kCrop ? "crop" : "letterbox";
}

bool TilesOverlap(const LayoutTile& a, const LayoutTile& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

Result<Layout> Layout::Create(std::string name, std::vector<LayoutTile> tiles) {
  if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "layout name is empty");
  if (name.size() > kMaxLayoutNameBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("layout name is {} bytes long (max {})", name.size(), kMaxLayoutNameBytes));
  }
  if (tiles.empty()) return MakeError(ErrorCode::kInvalidArgument, "layout has no tiles");
  if (tiles.size() > kMaxLayoutTiles) {
    return MakeError(ErrorCode::kOutOfRange, fmt::format("tile {}: too many tiles ({}, max {})",
                                                         kMaxLayoutTiles, tiles.size(), kMaxLayoutTiles));
  }
  std::optional<size_t> main_tile;
  for (size_t i = 0; i < tiles.size(); ++i) {
    if (auto ok = ValidateTile(i, tiles[i]); !ok) return tl::unexpected(ok.error());
    if (tiles[i].main) {
      if (main_tile) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("tile {}: a second main tile (tile {} is main already)", i, *main_tile));
      }
      main_tile = i;
    }
  }
  // Overlap is allowed only where the upper tile (higher z) says it is an overlay.
  for (size_t j = 1; j < tiles.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      if (!TilesOverlap(tiles[i], tiles[j])) continue;
      const bool j_on_top = tiles[j].z > tiles[i].z;
      const bool i_on_top = tiles[i].z > tiles[j].z;
      if ((j_on_top && tiles[j].overlay) || (i_on_top && tiles[i].overlay)) continue;
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("tile {}: overlaps tile {} (only an \"overlay\" tile with a higher z may cover "
                      "another)",
                      j, i));
    }
  }
  return Layout(std::move(name), std::move(tiles), main_tile);
}

std::vector<size_t> Layout::DrawOrder() const {
  std::vector<size_t> order(tiles_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return tiles_[a].z < tiles_[b].z; });
  return order;
}

}  // namespace softmcu
