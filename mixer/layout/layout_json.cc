#include "mixer/layout/layout_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace softmcu {
namespace {

using nlohmann::json;

Error TileError(size_t index, std::string what) {
  return Error{ErrorCode::kInvalidArgument, fmt::format("tile {}: {}", index, what)};
}

// A fraction 0..1 to layout units. Range is checked on the double, before the cast, so a
// huge or non-finite number cannot reach an undefined float-to-int conversion.
Result<int> ReadFraction(size_t index, const json& tile, const char* key) {
  auto it = tile.find(key);
  if (it == tile.end()) return tl::unexpected(TileError(index, fmt::format("\"{}\" is missing", key)));
  if (!it->is_number()) return tl::unexpected(TileError(index, fmt::format("\"{}\" must be a number", key)));
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < 0.0 || v > 1.0) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("tile {}: \"{}\" = {} is outside 0..1", index, key, v));
  }
  return static_cast<int>(std::lround(v * kLayoutUnits));
}

Result<bool> ReadBool(size_t index, const json& tile, const char* key) {
  auto it = tile.find(key);
  if (it == tile.end()) return false;
  if (!it->is_boolean())
    return tl::unexpected(TileError(index, fmt::format("\"{}\" must be true or false", key)));
  return it->get<bool>();
}

Result<LayoutTile> ReadTile(size_t index, const json& value) {
  if (!value.is_object()) return tl::unexpected(TileError(index, "must be an object"));
  for (const auto& [key, unused] : value.items()) {
    static constexpr std::string_view kKnown[] = {"x", "y", "w", "h", "z", "main", "overlay", "fit"};
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return tl::unexpected(TileError(index, fmt::format("unknown key \"{}\"", key)));
    }
  }
  LayoutTile tile;
  for (auto [key, field] : {std::pair{"x", &tile.x}, {"y", &tile.y}, {"w", &tile.w}, {"h", &tile.h}}) {
    auto v = ReadFraction(index, value, key);
    if (!v) return tl::unexpected(v.error());
    *field = *v;
  }
  auto main = ReadBool(index, value, "main");
  if (!main) return tl::unexpected(main.error());
  auto overlay = ReadBool(index, value, "overlay");
  if (!overlay) return tl::unexpected(overlay.error());
  tile.main = *main;
  tile.overlay = *overlay;
  tile.z = tile.overlay ? 1 : 0;
  if (auto it = value.find("z"); it != value.end()) {
    if (!it->is_number_integer()) return tl::unexpected(TileError(index, "\"z\" must be an integer"));
    const auto z = it->get<int64_t>();
    if (z < 0 || z > kMaxTileZ) {
      return MakeError(ErrorCode::kOutOfRange,
                       fmt::format("tile {}: z = {} is outside 0..{}", index, z, kMaxTileZ));
    }
    tile.z = static_cast<int>(z);
  }
  if (auto it = value.find("fit"); it != value.end()) {
    const std::string* fit = it->get_ptr<const std::string*>();
    if (fit != nullptr && *fit == "letterbox") {
      tile.fit = TileFit::kLetterbox;
    } else if (fit != nullptr && *fit == "crop") {
      tile.fit = TileFit::kCrop;
    } else {
      return tl::unexpected(TileError(index, "\"fit\" must be \"letterbox\" or \"crop\""));
    }
  }
  return tile;
}

}  // namespace

Result<Layout> LayoutFromJson(const json& value) {
  if (!value.is_object()) return MakeError(ErrorCode::kInvalidArgument, "layout must be a JSON object");
  for (const auto& [key, unused] : value.items()) {
    if (key != "name" && key != "tiles") {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("layout: unknown key \"{}\"", key));
    }
  }
  auto name = value.find("name");
  if (name == value.end() || !name->is_string()) {
    return MakeError(ErrorCode::kInvalidArgument, "layout: \"name\" must be a string");
  }
  auto tiles = value.find("tiles");
  if (tiles == value.end() || !tiles->is_array()) {
    return MakeError(ErrorCode::kInvalidArgument, "layout: \"tiles\" must be an array");
  }
  // Checked before reading so that a huge array costs nothing.
  if (tiles->size() > kMaxLayoutTiles) {
    return MakeError(ErrorCode::kOutOfRange, fmt::format("tile {}: too many tiles ({}, max {})",
                                                         kMaxLayoutTiles, tiles->size(), kMaxLayoutTiles));
  }
  std::vector<LayoutTile> out;
  out.reserve(tiles->size());
  for (size_t i = 0; i < tiles->size(); ++i) {
    auto tile = ReadTile(i, (*tiles)[i]);
    if (!tile) return tl::unexpected(tile.error());
    out.push_back(*tile);
  }
  return Layout::Create(name->get<std::string>(), std::move(out));
}

Result<Layout> ParseLayoutJson(std::string_view text) {
  if (text.size() > kMaxLayoutJsonBytes) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("layout JSON is {} bytes (max {})", text.size(), kMaxLayoutJsonBytes));
  }
  // The exception-free parse: a malformed document comes back as a discarded value.
  json value = json::parse(text.begin(), text.end(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return MakeError(ErrorCode::kInvalidArgument, "layout: malformed JSON");
  return LayoutFromJson(value);
}

json LayoutToJsonValue(const Layout& layout) {
  json tiles = json::array();
  for (const LayoutTile& t : layout.tiles()) {
    json tile = {{"x", static_cast<double>(t.x) / kLayoutUnits},
                 {"y", static_cast<double>(t.y) / kLayoutUnits},
                 {"w", static_cast<double>(t.w) / kLayoutUnits},
                 {"h", static_cast<double>(t.h) / kLayoutUnits}};
    if (t.z != (t.overlay ? 1 : 0)) tile["z"] = t.z;
    if (t.main) tile["main"] = true;
    if (t.overlay) tile["overlay"] = true;
    if (t.fit != TileFit::kLetterbox) tile["fit"] = ToString(t.fit);
    tiles.push_back(std::move(tile));
  }
  return json{{"name", layout.name()}, {"tiles", std::move(tiles)}};
}

std::string LayoutToJson(const Layout& layout) {
  // A name built in code (not parsed) may hold invalid UTF-8; replace it rather than throw.
  return LayoutToJsonValue(layout).dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

}  // namespace softmcu
