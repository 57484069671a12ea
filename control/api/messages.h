#pragma once
// Operator-facing messages in Vietnamese (default) and English (issue 7 "Bad input": the
// console's language, with an English switch). A ControlError carries a stable code, the
// field and named values; this catalogue turns it into a sentence. "{field}" and every
// argument name in braces are substituted; an unknown code falls back to a generic
// sentence per HTTP class, so a new code never produces an empty message.
//
// Language choice for a request (PickLanguage): the `lang` query parameter, else the
// `softmcu_lang` cookie, else the first supported language in Accept-Language (q-values
// honoured), else Vietnamese. Stateless; thread-safe.

#include <string>
#include <string_view>

#include "control/control_error.h"

namespace softmcu::control {

enum class Lang { kVi, kEn };
const char* ToString(Lang lang);

Lang PickLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language);
std::string RenderMessage(const ControlError& error, Lang lang);
// Whether the catalogue has a sentence for `code` in both languages (tests check every code).
bool HasMessage(std::string_view code);

}  // namespace softmcu::control
