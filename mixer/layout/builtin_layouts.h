#pragma once
// The layouts every conference offers without configuration (DESIGN.md "Operating model
// in the product"): 1x1, 1+1 (picture-in-picture), 2x2, 1+5, 1+7, 3x3, 1+12, 4x4, 5x5.
//
// Tile order is the same in all of them: the main tile (if any) is tile 0, then the small
// tiles in reading order (row by row, left to right). Grids (NxN) have no main tile; every
// layout except 1+1 covers the canvas exactly, with no gap and no overlap.

#include <span>
#include <string_view>

#include "core/result.h"
#include "mixer/layout/layout.h"

namespace softmcu {

// kNotFound for an unknown name, listing the known ones.
Result<Layout> BuiltInLayout(std::string_view name);
std::span<const std::string_view> BuiltInLayoutNames();

}  // namespace softmcu
