#pragma once
// Parsing of the softmcu-loadgen option values that have a syntax of their own (kept out of
// main.cc so they are unit-tested): rendition lists, sizes, on/off switches. Errors say what
// was expected, for the command line's error message.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {

// "1280x720@1500,640x360@600,320x180@200": sizes and kbps, at most 4, each at least 320x144.
Result<std::vector<RenditionSpec>> ParseRenditions(std::string_view text);
// "1280x720".
Result<std::pair<int, int>> ParseSize(std::string_view text);
// "on"/"off" (also true/false, yes/no, 1/0).
Result<bool> ParseSwitch(std::string_view text);

}  // namespace softmcu::loadgen
