#pragma once
// Reads the JSON body of an API request into typed values without ever throwing, and turns
// every problem into a ControlError that names the field (CONVENTIONS.md §5: input from
// the network is parsed into results). Validators of points, rooms, bookings and accounts
// are written on it, so the API answers the same way for the same mistake everywhere:
//
//   JsonReader r(body);                         // body: a parsed JSON object
//   auto name = r.Text("name", Presence::kRequired, 100);
//   auto mbps = r.Number("bandwidth_mbps", Presence::kOptional);
//   if (auto done = r.Finish(); !done) return Fail(done.error());   // unknown keys too
//
// The first error wins (the operator fixes one field at a time, and the message names it).
// Codes: field.required, field.type (arg "type"), field.unknown, field.too_long (arg
// "max"), field.empty, field.text (control characters), field.range (args "min", "max").

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_error.h"
#include "control/model/text_rules.h"

namespace softmcu::control {

inline constexpr size_t kMaxJsonDepth = 16;

enum class Presence { kRequired, kOptional };

// Parses a request body. 400 request.malformed_json (arg "offset", the byte where it went
// wrong), request.too_deep, request.not_object (when `require_object`).
enum class BodyShape { kObject, kAny };
ControlResult<nlohmann::json> ParseJsonBody(std::string_view body, BodyShape shape = BodyShape::kObject);

class JsonReader {
 public:
  // `object` must outlive the reader. `prefix` names nested objects in errors ("contacts[1].").
  explicit JsonReader(const nlohmann::json& object, std::string prefix = "");

  // A string of 1..max_chars code points, trimmed of nothing (the caller decides); `kind`
  // says whether newlines are allowed. Null counts as absent.
  std::optional<std::string> Text(std::string_view key, Presence presence, size_t max_chars,
                                  TextKind kind = TextKind::kLine);
  // Like Text but the empty string is allowed.
  std::optional<std::string> TextAllowEmpty(std::string_view key, Presence presence, size_t max_chars,
                                            TextKind kind = TextKind::kLine);
  std::optional<bool> Bool(std::string_view key, Presence presence);
  std::optional<int64_t> Integer(std::string_view key, Presence presence, int64_t min, int64_t max);
  std::optional<double> Number(std::string_view key, Presence presence);
  // The raw value (for arrays, objects, or "string or object" fields); type unchecked.
  const nlohmann::json* Value(std::string_view key, Presence presence);
  const nlohmann::json* Array(std::string_view key, Presence presence, size_t max_items);

  // Records an error found by the caller's own rule (the first error wins).
  void Reject(ControlError error);
  // Field name with this reader's prefix.
  std::string FieldName(std::string_view key) const { return prefix_ + std::string(key); }

  bool ok() const { return !error_.has_value(); }
  // Checks for keys nobody asked for, then returns the first error if any.
  ControlResult<void> Finish();

 private:
  const nlohmann::json* Find(std::string_view key, Presence presence);
  void TypeError(std::string_view key, const char* type);

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
  std::optional<ControlError> error_;
};

}  // namespace softmcu::control
