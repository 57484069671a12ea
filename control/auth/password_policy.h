#pragma once
// The password policy of the regulations (An Giang art. 11.2; DESIGN.md "Security"):
// at least 8 characters with a digit, a lower-case and an upper-case letter and a special
// character; not containing the account name; not one of the last N passwords; expires
// after 180 days, forcing a change. Each rule is refused with its own code so the console
// can say exactly what to fix:
//   password.too_short (arg "min"), password.too_long (arg "max"), password.no_digit,
//   password.no_lower, password.no_upper, password.no_special, password.contains_user,
//   password.reused (arg "history", checked by Accounts against stored hashes).
// Letters and digits are ASCII; "special" is any other printable character, including a
// space and non-ASCII letters (so "Mật-khẩu" has its specials; it still needs a digit).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "control/control_error.h"

namespace softmcu::control {

struct PasswordPolicy {
  size_t min_length = 8;
  size_t max_length = 128;   // bounds the KDF's input; a passphrase fits
  size_t history = 5;        // the last N passwords (the current one included) may not be reused
  int64_t max_age_days = 180;

  // The rules that need no stored state. The first broken rule, in the order listed above.
  ControlResult<void> Check(std::string_view password, std::string_view user) const;
  bool Expired(int64_t changed_at, int64_t now) const { return now - changed_at >= max_age_days * 86400; }
  int64_t ExpiresAt(int64_t changed_at) const { return changed_at + max_age_days * 86400; }
};

}  // namespace softmcu::control
