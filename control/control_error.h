#pragma once
// The error every part of control/ returns (CONVENTIONS.md §6): what went wrong as a stable
// `code` a client can switch on ("password.no_digit"), the request `field` it concerns
// ("allowed_sources[2]"), and the values its message needs. The operator-facing sentence
// is rendered later, in the caller's language (api/messages.h), so a store or a validator
// never decides the wording. `kind` says which HTTP status the API answers with.
//
// Plain value; cheap to copy; no thread affinity.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace softmcu::control {

enum class ErrorKind {
  kMalformed,         // 400: the request cannot be read (bad JSON, bad query)
  kUnauthorized,      // 401: no valid session
  kForbidden,         // 403: a session, but not allowed (role, CSRF, password expired)
  kNotFound,          // 404: unknown id or route
  kMethodNotAllowed,  // 405
  kConflict,          // 409: valid request that clashes with stored or live state
  kPayloadTooLarge,   // 413
  kValidation,        // 422: a field breaks a rule
  kRateLimited,       // 429
  kInternal,          // 500: never carries details to the client
  kUnavailable,       // 503
};

int HttpStatus(ErrorKind kind);

struct ControlError {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;   // stable identifier, "area.rule"
  std::string field;  // offending request field, "" when none
  // Placeholder values for the message ("{max}" → "20"). Kept in order; names unique.
  std::vector<std::pair<std::string, std::string>> args;

  // The value of placeholder `name`, or "" if absent.
  std::string Arg(std::string_view name) const;
  ControlError& With(std::string name, std::string value) {
    args.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

template <typename T>
using ControlResult = tl::expected<T, ControlError>;

inline tl::unexpected<ControlError> Fail(ErrorKind kind, std::string code, std::string field = {},
                                         std::vector<std::pair<std::string, std::string>> args = {}) {
  return tl::unexpected<ControlError>(ControlError{kind, std::move(code), std::move(field), std::move(args)});
}
inline tl::unexpected<ControlError> Fail(ControlError error) {
  return tl::unexpected<ControlError>(std::move(error));
}

}  // namespace softmcu::control

// Early return of an error (Ladybird's TRY): `CONTROL_TRY(stmt->Run());` and
// `CONTROL_ASSIGN(auto stmt, c.Prepare("..."));`.
#define CONTROL_TRY(expr)                                                          \
  do {                                                                             \
    auto control_try_result_ = (expr);                                             \
    if (!control_try_result_) return ::tl::unexpected(std::move(control_try_result_).error()); \
  } while (false)
#define CONTROL_CONCAT_INNER(a, b) a##b
#define CONTROL_CONCAT(a, b) CONTROL_CONCAT_INNER(a, b)
#define CONTROL_ASSIGN(lhs, expr) CONTROL_ASSIGN_IMPL(CONTROL_CONCAT(control_assign_, __LINE__), lhs, expr)
#define CONTROL_ASSIGN_IMPL(tmp, lhs, expr)                      \
  auto tmp = (expr);                                             \
  if (!tmp) return ::tl::unexpected(std::move(tmp).error());     \
  lhs = std::move(*tmp)
