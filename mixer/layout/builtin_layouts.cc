#include "mixer/layout/builtin_layouts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "core/check.h"

namespace softmcu {
namespace {

constexpr std::array<std::string_view, 9> kNames = {"1x1", "1+1",  "2x2", "1+5", "1+7",
                                                    "3x3", "1+12", "4x4", "5x5"};

// Edge k of an n-way split, rounded: abutting cells share the same integer edge.
int Edge(int k, int n) {
  return (k * kLayoutUnits + n / 2) / n;
}

// Cell (col, row) spanning `span` cells of an n x n grid.
LayoutTile Cell(int n, int col, int row, int span = 1) {
  LayoutTile t;
  t.x = Edge(col, n);
  t.y = Edge(row, n);
  t.w = Edge(col + span, n) - t.x;
  t.h = Edge(row + span, n) - t.y;
  return t;
}

std::vector<LayoutTile> Grid(int n) {
  std::vector<LayoutTile> tiles;
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col) tiles.push_back(Cell(n, col, row));
  return tiles;
}

// A big `span` x `span` main block at (col0, row0) of an n x n grid; every other cell is a
// small tile, in reading order.
std::vector<LayoutTile> BigPlusSmall(int n, int span, int col0, int row0) {
  LayoutTile main = Cell(n, col0, row0, span);
  main.main = true;
  std::vector<LayoutTile> tiles = {main};
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      const bool in_main = col >= col0 && col < col0 + span && row >= row0 && row < row0 + span;
      if (!in_main) tiles.push_back(Cell(n, col, row));
    }
  }
  return tiles;
}

std::vector<LayoutTile> PictureInPicture() {
  constexpr int kInset = kLayoutUnits / 4;    // a quarter of the width and height
  constexpr int kMargin = kLayoutUnits / 40;  // 2.5% from the bottom-right corner
  return {
      LayoutTile{.x = 0, .y = 0, .w = kLayoutUnits, .h = kLayoutUnits, .main = true},
      LayoutTile{.x = kLayoutUnits - kMargin - kInset,
                 .y = kLayoutUnits - kMargin - kInset,
                 .w = kInset,
                 .h = kInset,
                 .z = 1,
                 .overlay = true},
  };
}

std::vector<LayoutTile> TilesOf(std::string_view name) {
  if (name == "1x1") return BigPlusSmall(1, 1, 0, 0);
  if (name == "1+1") return PictureInPicture();
  if (name == "2x2") return Grid(2);
  if (name == "1+5") return BigPlusSmall(3, 2, 0, 0);  // 2/3 main top-left
  if (name == "1+7") return BigPlusSmall(4, 3, 0, 0);  // 3/4 main top-left
  if (name == "3x3") return Grid(3);
  if (name == "1+12") return BigPlusSmall(4, 2, 1, 1);  // 2x2 block in the centre of 4x4
  if (name == "4x4") return Grid(4);
  if (name == "5x5") return Grid(5);
  return {};
}

}  // namespace

Result<Layout> BuiltInLayout(std::string_view name) {
  std::vector<LayoutTile> tiles = TilesOf(name);
  if (tiles.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     fmt::format("no built-in layout \"{}\" (known: {})", name, fmt::join(kNames, ", ")));
  }
  auto layout = Layout::Create(std::string(name), std::move(tiles));
  SOFTMCU_CHECK(layout.has_value());  // the built-ins are valid by construction
  return layout;
}

std::span<const std::string_view> BuiltInLayoutNames() {
  return kNames;
}

}  // namespace softmcu
