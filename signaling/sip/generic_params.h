#pragma once
// Parameter lists: `*( SEMI generic-param )` of header values (RFC 3261 §25.1:
// generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string;
// LWS allowed around ";" and "=") and `*( ";" uri-parameter )` of SIP URIs (§19.1.1 and
// §25.1: pname ["=" pvalue], paramchar = param-unreserved / unreserved / escaped, no LWS).
// Owned strings; names compare case-insensitively.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

enum class ParamSyntax { kHeader, kUri };

struct GenericParam {
  std::string name;
  std::string value;       // unquoted; URI parameters stay %-escaped as on the wire
  bool has_value = false;  // ";lr" vs ";lr=" (the latter is rejected)
  bool quoted = false;     // the value was a quoted-string

  bool operator==(const GenericParam&) const = default;
};

struct GenericParams {
  std::vector<GenericParam> items;

  // `text` is empty or starts with ';' and holds nothing but parameters.
  static SipResult<GenericParams> Parse(std::string_view text, ParamSyntax syntax);

  const GenericParam* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  // The value of `name`; nullopt when absent, "" when present without value.
  std::optional<std::string_view> Value(std::string_view name) const;
  // Sets (replacing) or appends a parameter; for builders, not for wire input.
  void Set(std::string_view name, std::optional<std::string_view> value);
  // Appends ";name=value..." (values quoted when they were, or when they need it).
  void AppendTo(std::string* out) const;

  bool operator==(const GenericParams&) const = default;
};

}  // namespace softmcu::sip
