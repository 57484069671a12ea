#pragma once
// Wall-clock times at the API: RFC 3339 / ISO 8601 text ↔ Unix seconds (UTC).
// Accepted: "2026-12-01T08:00:00Z", "2026-12-01T15:00:00+07:00", fractional seconds
// ("…:00.250Z", truncated), and a bare date "2026-12-01" (midnight UTC) for report ranges.
// Rejected: anything else, impossible dates (Feb 30), years outside 1970–9999.
// Written: always UTC with "Z", second precision.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace softmcu::control {

std::optional<int64_t> ParseIsoTime(std::string_view text);
std::string FormatIsoTime(int64_t unix_seconds);

// Days since 1970-01-01 for a proleptic Gregorian date, and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int* year, unsigned* month, unsigned* day);

}  // namespace softmcu::control
