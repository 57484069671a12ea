#pragma once
// Small text helpers shared by the SDP parsers. SDP is ASCII text from the network
// (RFC 8866 §9 grammar); every helper is bounded and never throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace softmcu::sdp {

// Strips spaces and tabs at both ends.
std::string_view TrimWhitespace(std::string_view text);

// ABNF literals compare case-insensitively (RFC 5234 §2.3); encoding names too (RFC 4855 §3).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Splits on runs of single spaces (tabs tolerated), dropping empty fields. At most
// `max_fields` fields are returned; the last one then keeps the rest of the text.
std::vector<std::string_view> SplitFields(std::string_view text, size_t max_fields);

// Splits at the first `separator`; nullopt-free: returns {text, ""} when absent.
std::pair<std::string_view, std::string_view> SplitOnce(std::string_view text, char separator);

// 1*DIGIT that fits in `max`; no sign, no leading '+', no whitespace.
std::optional<uint64_t> ParseUnsigned(std::string_view text, uint64_t max);

// "30", "29.97", "30.00": a non-negative decimal with at most 6 fraction digits.
std::optional<double> ParseDecimal(std::string_view text);

// RFC 8866 §9 token-char: the characters allowed in attribute names, proto parts, etc.
bool IsToken(std::string_view text);

// For error messages: at most 40 characters of untrusted text, control characters replaced,
// SDES inline keys redacted (SdesKey::Redact).
std::string Quote(std::string_view text);

}  // namespace softmcu::sdp
