#pragma once
// Results for the control plane (CONVENTIONS.md §6): a stable error code that callers
// switch on, plus a human message that ends up in a log line, a SIP reason or a JSON error.

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace softmcu {

enum class ErrorCode {
  kInvalidArgument,
  kOutOfRange,
  kNotFound,
  kAlreadyExists,
  kUnavailable,    // a resource (port, socket, library) could not be had
  kFailedPrecondition,  // not possible in the current state (a locked room, a floor not held)
  kPermissionDenied,    // the actor may not do this (a terminal granting the floor)
  kInternal,
};

const char* ToString(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace softmcu
