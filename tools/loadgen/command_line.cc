#include "tools/loadgen/command_line.h"

#include <charconv>
#include <string>

#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {
namespace {

bool ParseInt(std::string_view text, int* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

Result<std::pair<int, int>> ParseSize(std::string_view text) {
  const size_t x = text.find('x');
  int w = 0, h = 0;
  if (x == std::string_view::npos || !ParseInt(text.substr(0, x), &w) || !ParseInt(text.substr(x + 1), &h) || w <= 0 ||
      h <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' is not a size like 1280x720");
  }
  return std::make_pair(w, h);
}

Result<std::vector<RenditionSpec>> ParseRenditions(std::string_view text) {
  std::vector<RenditionSpec> out;
  if (!text.empty() && (text.back() == ',' || text.front() == ',')) {
    return MakeError(ErrorCode::kInvalidArgument, "an empty rendition in '" + std::string(text) + "'");
  }
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const size_t at = item.find('@');
    int kbps = 0;
    if (at == std::string_view::npos || !ParseInt(item.substr(at + 1), &kbps) || kbps <= 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "rendition '" + std::string(item) + "' is not WIDTHxHEIGHT@KBPS, e.g. 640x360@600");
    }
    auto size = ParseSize(item.substr(0, at));
    if (!size) return tl::unexpected(size.error());
    if (size->first < 320 || size->second < 144 || size->first % 2 || size->second % 2) {
      return MakeError(ErrorCode::kInvalidArgument, "rendition '" + std::string(item) +
                                                        "': sizes must be even and at least 320x144 (the stamp needs it)");
    }
    out.push_back({size->first, size->second, DataRate::KilobitsPerSec(kbps)});
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (out.empty() || out.size() > StampCode::kMaxRenditions) {
    return MakeError(ErrorCode::kInvalidArgument, "give 1 to 4 renditions, e.g. 1280x720@1500,640x360@600");
  }
  return out;
}

Result<bool> ParseSwitch(std::string_view text) {
  if (text == "on" || text == "true" || text == "yes" || text == "1") return true;
  if (text == "off" || text == "false" || text == "no" || text == "0") return false;
  return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' is not on or off");
}

}  // namespace softmcu::loadgen
