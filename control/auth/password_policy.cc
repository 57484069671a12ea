#include "control/auth/password_policy.h"

#include <algorithm>
#include <string>

#include "control/model/text_rules.h"

namespace softmcu::control {
namespace {

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

ControlError Rule(std::string code) { return ControlError{ErrorKind::kValidation, std::move(code), "password", {}}; }

}  // namespace

ControlResult<void> PasswordPolicy::Check(std::string_view password, std::string_view user) const {
  if (!IsCleanText(password, TextKind::kLine)) return Fail(Rule("field.text"));
  const size_t length = Utf8Length(password);
  if (length < min_length) return Fail(Rule("password.too_short").With("min", std::to_string(min_length)));
  if (length > max_length) return Fail(Rule("password.too_long").With("max", std::to_string(max_length)));
  bool digit = false, lower = false, upper = false, special = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else {
      special = true;
    }
  }
  if (!digit) return Fail(Rule("password.no_digit"));
  if (!lower) return Fail(Rule("password.no_lower"));
  if (!upper) return Fail(Rule("password.no_upper"));
  if (!special) return Fail(Rule("password.no_special"));
  // "No names" (art. 11.2): at least the account's own name, case-insensitively.
  if (user.size() >= 3 && AsciiLower(password).find(AsciiLower(user)) != std::string::npos) {
    return Fail(Rule("password.contains_user"));
  }
  return {};
}

}  // namespace softmcu::control
