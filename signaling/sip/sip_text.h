#pragma once
// Character classes and small lexers of the SIP grammar (RFC 3261 §25.1), shared by the
// header parsers. Input is untrusted text; every function is bounded and never throws.
//
// Header values handed to these functions may contain folds (obs-fold, RFC 3261 §7.3.1:
// CRLF followed by SP/HT); SkipLws and TrimLws treat a fold as whitespace, as LWS does.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

bool IsAlnum(char c);
bool IsDigit(char c);
bool IsHex(char c);
// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
bool IsTokenChar(char c);
bool IsToken(std::string_view text);
// word = 1*(token chars / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}")
bool IsWordChar(char c);
// unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
bool IsUnreserved(char c);

// ABNF literals and header names compare case-insensitively (RFC 3261 §7.3.1, RFC 5234 §2.3).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Index of the first character at or after `pos` that is not LWS (SP, HT or a fold).
size_t SkipLws(std::string_view text, size_t pos);
std::string_view TrimLws(std::string_view text);
// Replaces every fold and run of LWS by one SP (for echoing and serializing values).
std::string Unfold(std::string_view text);

// 1*DIGIT with a value <= max (leading zeros allowed, as in wsinv's "0009"). No sign.
std::optional<uint64_t> ParseDigits(std::string_view text, uint64_t max);

// A quoted-string starting at text[pos] == '"' (RFC 3261 §25.1): qdtext or quoted-pair,
// non-ASCII only as well-formed UTF-8. On success returns the unescaped content and sets
// *end to the index after the closing quote.
std::optional<std::string> ParseQuotedString(std::string_view text, size_t pos, size_t* end);
// The quoted-string form of any UTF-8 text: '"' and '\' escaped; CR and LF, which no
// quoted-pair can carry, dropped.
std::string QuoteString(std::string_view text);
bool IsValidUtf8(std::string_view text);

// "%" HEX HEX escapes (RFC 3261 §25.1 "escaped"): all well formed?
bool HasValidEscapes(std::string_view text);
// Decodes escapes; nullopt on a malformed one. Never decodes recursively (RFC 3986 §2.4).
std::optional<std::string> Unescape(std::string_view text);

// Splits a header value into its comma-separated elements (RFC 3261 §7.3.1), ignoring
// commas inside quoted strings and <...>. Elements are LWS-trimmed; empty ones are kept
// so callers can reject them. More than `max_elements` → kTooManyValues; an unterminated
// quote → kBadHeader.
SipResult<std::vector<std::string_view>> SplitList(std::string_view value, size_t max_elements);

// A comma-separated list of tokens (Require, Supported, Allow, Proxy-Require...).
SipResult<std::vector<std::string>> ParseTokenList(std::string_view value, std::string_view header);

// At most 40 characters of untrusted text for an error message, controls replaced.
std::string Excerpt(std::string_view text);

}  // namespace softmcu::sip
