#include "signaling/info/dtmf_relay.h"

#include <charconv>
#include <optional>

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

std::string_view Trim(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(start, end - start + 1);
}

tl::unexpected<Error> Malformed(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "malformed DTMF INFO: " + what);
}

}  // namespace

std::optional<char> DtmfRelay::ParseSignal(std::string_view text) {
  if (text.size() == 1) {
    char c = text[0];
    if (c >= 'a' && c <= 'd') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) return c;
    return std::nullopt;
  }
  static constexpr char kEvents[] = {'*', '#', 'A', 'B', 'C', 'D'};
  if (text.size() == 2 && text[0] == '1' && text[1] >= '0' && text[1] <= '5') return kEvents[text[1] - '0'];
  return std::nullopt;
}

Result<DtmfKey> DtmfRelay::ParseDtmfRelay(std::string_view body) {
  if (body.size() > kMaxBodySize) return Malformed("body over " + std::to_string(kMaxBodySize) + " bytes");
  std::optional<DtmfKey> key;
  std::optional<TimeDelta> duration;
  while (!body.empty()) {
    const size_t eol = body.find('\n');
    std::string_view line = Trim(body.substr(0, eol));
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Malformed("line without '='");
    const std::string_view name = Trim(line.substr(0, eq));
    const std::string_view value = Trim(line.substr(eq + 1));
    if (EqualsIgnoreCase(name, "Signal")) {
      auto signal = ParseSignal(value);
      if (!signal) return Malformed("unknown Signal '" + std::string(value.substr(0, 8)) + "'");
      if (key) return Malformed("two Signal lines");
      key = DtmfKey{*signal};
    } else if (EqualsIgnoreCase(name, "Duration")) {
      unsigned ms = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec != std::errc() || end != value.data() + value.size() || ms > 60000)
        return Malformed("Duration is not a number of milliseconds up to 60000");
      duration = TimeDelta::Millis(ms);
    }
  }
  if (!key) return Malformed("no Signal line");
  if (duration) key->duration = *duration;
  return *key;
}

Result<DtmfKey> DtmfRelay::ParseDtmf(std::string_view body) {
  if (body.size() > kMaxBodySize) return Malformed("body over " + std::to_string(kMaxBodySize) + " bytes");
  auto signal = ParseSignal(Trim(body));
  if (!signal) return Malformed("body is not one DTMF key");
  return DtmfKey{*signal};
}

}  // namespace softmcu::sip
