#pragma once
// Small helpers shared by the route files: reading bodies, ids and times from a call, and
// mapping live-control errors to API errors.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/api/api_call.h"
#include "control/control_error.h"
#include "control/live/live_control.h"

namespace softmcu::control {

// The body as a JSON object (400 request.* on failure).
ControlResult<nlohmann::json> BodyObject(const ApiCall& call);
// A positive integer path parameter (400 request.bad_id naming it).
ControlResult<int64_t> IdParam(const ApiCall& call, const std::string& name);
// A participant id as text: decimal, "0" allowed, no sign, no other leading zero.
std::optional<uint32_t> ParseParticipantId(std::string_view text);
// A ParticipantId path parameter (400 request.bad_id naming it).
ControlResult<uint32_t> ParticipantParam(const ApiCall& call, const std::string& name);
// An optional RFC 3339 time or date query parameter (400 request.bad_query naming it).
ControlResult<std::optional<int64_t>> TimeQuery(const ApiCall& call, std::string_view key);
// An optional integer query parameter within [min, max].
ControlResult<std::optional<int64_t>> IntQuery(const ApiCall& call, std::string_view key, int64_t min, int64_t max);

ControlError FromLiveError(const LiveError& error, std::string_view room, std::optional<uint32_t> participant);

// The value of cookie `name` in a Cookie header (RFC 6265 §5.4), "" if absent.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace softmcu::control
