#pragma once
// Session timers (RFC 4028 §4):
//
//   Session-Expires = ("Session-Expires" / "x") HCOLON delta-seconds *(SEMI se-params)
//   se-params       = refresher-param / generic-param
//   refresher-param = "refresher" EQUAL ("uas" / "uac")
//   Min-SE          = "Min-SE" HCOLON delta-seconds *(SEMI generic-param)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

enum class Refresher { kUac, kUas };

struct SessionExpires {
  uint32_t seconds = 0;
  std::optional<Refresher> refresher;
  GenericParams params;  // all parameters, refresher included

  static SipResult<SessionExpires> Parse(std::string_view value);
  std::string Format() const;

  bool operator==(const SessionExpires&) const = default;
};

struct MinSE {
  uint32_t seconds = 0;
  GenericParams params;

  static SipResult<MinSE> Parse(std::string_view value);
  std::string Format() const;
};

// delta-seconds followed by parameters, shared by Session-Expires, Min-SE, Expires-like values.
SipResult<std::pair<uint32_t, GenericParams>> ParseDeltaSecondsWithParams(std::string_view value,
                                                                          std::string_view header);

}  // namespace softmcu::sip
