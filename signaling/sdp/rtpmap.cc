#include "signaling/sdp/rtpmap.h"

#include <array>

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

std::optional<uint8_t> ParsePayloadType(std::string_view text) {
  auto value = ParseUnsigned(text, 127);
  if (!value) return std::nullopt;
  return static_cast<uint8_t>(*value);
}

Result<Rtpmap> Rtpmap::Parse(std::string_view value) {
  auto fields = SplitFields(value, 2);
  if (fields.size() != 2)
    return MakeError(ErrorCode::kInvalidArgument, "a=rtpmap needs '<pt> <name>/<rate>'");
  auto pt = ParsePayloadType(fields[0]);
  if (!pt) return MakeError(ErrorCode::kInvalidArgument, "a=rtpmap payload type is not 0-127");
  auto [name, rest] = SplitOnce(fields[1], '/');
  if (!IsToken(name)) return MakeError(ErrorCode::kInvalidArgument, "a=rtpmap encoding name is invalid");
  auto [rate_text, params] = SplitOnce(rest, '/');
  auto rate = ParseUnsigned(rate_text, 10'000'000);
  if (!rate || *rate == 0)
    return MakeError(ErrorCode::kInvalidArgument, "a=rtpmap clock rate is not a number");
  Rtpmap map{
      .payload_type = *pt, .encoding_name = std::string(name), .clock_rate = static_cast<uint32_t>(*rate)};
  if (rest.find('/') != std::string_view::npos) {
    auto channels = ParseUnsigned(params, 255);
    if (!channels || *channels == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "a=rtpmap encoding parameter is not a channel count");
    }
    map.channels = static_cast<uint32_t>(*channels);
  }
  return map;
}

std::string Rtpmap::Format() const {
  std::string out = std::to_string(payload_type) + " " + encoding_name + "/" + std::to_string(clock_rate);
  if (channels) out += "/" + std::to_string(*channels);
  return out;
}

bool Rtpmap::Is(std::string_view name) const {
  return EqualsIgnoreCase(encoding_name, name);
}

std::optional<Rtpmap> StaticRtpmap(uint8_t payload_type) {
  struct Entry {
    uint8_t pt;
    const char* name;
    uint32_t rate;
    uint32_t channels;  // 0: video, no encoding parameter
  };
  // RFC 3551 Table 4 (audio) and Table 5 (video).
  static constexpr std::array<Entry, 24> kTable = {{
      {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
      {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
      {10, "L16", 44100, 2},  {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
      {14, "MPA", 90000, 0},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
      {18, "G729", 8000, 1},  {25, "CelB", 90000, 0}, {26, "JPEG", 90000, 0}, {28, "nv", 90000, 0},
      {31, "H261", 90000, 0}, {32, "MPV", 90000, 0},  {33, "MP2T", 90000, 0}, {34, "H263", 90000, 0},
  }};
  for (const auto& e : kTable) {
    if (e.pt != payload_type) continue;
    Rtpmap map{.payload_type = e.pt, .encoding_name = e.name, .clock_rate = e.rate};
    if (e.channels != 0) map.channels = e.channels;
    return map;
  }
  return std::nullopt;
}

}  // namespace softmcu::sdp
