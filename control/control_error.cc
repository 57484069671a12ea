#include "control/control_error.h"

namespace softmcu::control {

int HttpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return 400;
    case ErrorKind::kUnauthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kMethodNotAllowed: return 405;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kPayloadTooLarge: return 413;
    case ErrorKind::kValidation: return 422;
    case ErrorKind::kRateLimited: return 429;
    case ErrorKind::kInternal: return 500;
    case ErrorKind::kUnavailable: return 503;
  }
  return 500;
}

std::string ControlError::Arg(std::string_view name) const {
  for (const auto& [key, value] : args) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace softmcu::control
