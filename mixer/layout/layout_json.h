#pragma once
// Operator-defined layouts as JSON (the console's and the config file's form), parsed into
// a validated Layout and written back:
//
//   {"name": "delegations",
//    "tiles": [{"x": 0, "y": 0, "w": 0.5, "h": 0.5, "main": true},
//              {"x": 0.5, "y": 0, "w": 0.5, "h": 0.5},
//              {"x": 0.7, "y": 0.7, "w": 0.25, "h": 0.25, "z": 1, "overlay": true,
//               "fit": "crop"}]}
//
// x, y, w, h: numbers 0..1, fractions of the canvas, quantised to 1/10000 (layout.h).
// z: optional integer 0..99, default 0 (1 for an overlay). main, overlay: optional booleans.
// fit: optional "letterbox" (default: the whole picture, bars around) or "crop" (fill the
// tile, cut the overflow).
// Unknown keys are errors (a misspelt "mian" would otherwise silently do nothing).
// Errors name the tile index ("tile 2: \"w\" must be a number"). Never throws.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "mixer/layout/layout.h"

namespace softmcu {

inline constexpr size_t kMaxLayoutJsonBytes = 16 * 1024;

Result<Layout> ParseLayoutJson(std::string_view text);
// For a layout embedded in a larger document (a conference's config).
Result<Layout> LayoutFromJson(const nlohmann::json& value);

// Compact JSON that ParseLayoutJson reads back into an equal Layout. Fields at their
// default (z 0, main false, overlay false) are left out.
std::string LayoutToJson(const Layout& layout);
nlohmann::json LayoutToJsonValue(const Layout& layout);

}  // namespace softmcu
