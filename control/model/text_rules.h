#pragma once
// Rules for the free text operators type: names of sites, rooms and meetings (Vietnamese,
// UTF-8 with diacritics), notes, phone numbers. One place, so every entity applies the same.

#include <cstddef>
#include <string_view>

namespace softmcu::control {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);
// Code points in valid UTF-8 text.
size_t Utf8Length(std::string_view text);

enum class TextKind {
  kLine,       // a name or title: no control characters at all
  kMultiline,  // notes: newlines and tabs allowed, other controls not
};
// Valid UTF-8 without forbidden control characters (C0, DEL, C1).
bool IsCleanText(std::string_view text, TextKind kind);

// A phone number as written in a contact list: digits with optional leading '+', spaces,
// '-', '.', '(' and ')'; 3 to 20 digits.
bool IsValidPhone(std::string_view text);

// Only ASCII digits, 1..max_length of them.
bool IsDigits(std::string_view text, size_t min_length, size_t max_length);

}  // namespace softmcu::control
