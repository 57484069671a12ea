#include "control/api/api_helpers.h"

#include <charconv>

#include "control/model/iso_time.h"
#include "control/model/json_reader.h"

namespace softmcu::control {
namespace {

std::optional<int64_t> ParsePositive(std::string_view text) {
  int64_t value = 0;
  if (text.empty() || text.size() > 18 || text[0] == '0') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

ControlResult<nlohmann::json> BodyObject(const ApiCall& call) { return ParseJsonBody(call.body, BodyShape::kObject); }

ControlResult<int64_t> IdParam(const ApiCall& call, const std::string& name) {
  auto it = call.params.find(name);
  if (it == call.params.end()) return Fail(ErrorKind::kInternal, "internal.error");
  auto value = ParsePositive(it->second);
  if (!value) return Fail(ErrorKind::kMalformed, "request.bad_id", name);
  return *value;
}

std::optional<uint32_t> ParseParticipantId(std::string_view text) {
  // ParticipantId 0 is valid (floor_types.h): accept "0" too, but no other leading zero.
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  return value;
}

ControlResult<uint32_t> ParticipantParam(const ApiCall& call, const std::string& name) {
  auto it = call.params.find(name);
  if (it == call.params.end()) return Fail(ErrorKind::kInternal, "internal.error");
  auto value = ParseParticipantId(it->second);
  if (!value) return Fail(ErrorKind::kMalformed, "request.bad_id", name);
  return *value;
}

ControlResult<std::optional<int64_t>> TimeQuery(const ApiCall& call, std::string_view key) {
  if (!call.HasQuery(key)) return std::optional<int64_t>();
  auto time = ParseIsoTime(call.Query(key));
  if (!time) return Fail(ErrorKind::kMalformed, "request.bad_query", std::string(key));
  return std::optional<int64_t>(*time);
}

ControlResult<std::optional<int64_t>> IntQuery(const ApiCall& call, std::string_view key, int64_t min, int64_t max) {
  if (!call.HasQuery(key)) return std::optional<int64_t>();
  const std::string text = call.Query(key);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return Fail(ErrorKind::kMalformed, "request.bad_query", std::string(key));
  }
  return std::optional<int64_t>(value);
}

ControlError FromLiveError(const LiveError& error, std::string_view room, std::optional<uint32_t> participant) {
  ControlError out;
  out.code = ToString(error.code);
  switch (error.code) {
    case LiveErrorCode::kUnknownRoom: out.kind = ErrorKind::kNotFound; break;
    case LiveErrorCode::kUnknownParticipant: out.kind = ErrorKind::kNotFound; break;
    case LiveErrorCode::kNotAllowed: out.kind = ErrorKind::kConflict; break;
    case LiveErrorCode::kInvalidArgument: out.kind = ErrorKind::kValidation; break;
    case LiveErrorCode::kUnavailable: out.kind = ErrorKind::kUnavailable; break;
  }
  out.With("room", std::string(room));
  if (participant) out.With("participant", std::to_string(*participant));
  out.With("detail", error.message.substr(0, 200));
  return out;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    pos = end + 1;
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = pair.substr(0, eq);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    if (key != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

}  // namespace softmcu::control
