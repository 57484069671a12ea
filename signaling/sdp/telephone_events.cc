#include "signaling/sdp/telephone_events.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<TelephoneEvents> TelephoneEvents::Parse(std::string_view list) {
  TelephoneEvents result;
  list = TrimWhitespace(list);
  if (list.empty()) return MakeError(ErrorCode::kInvalidArgument, "telephone-event list is empty");
  size_t ranges = 0;
  while (true) {
    auto [range, rest] = SplitOnce(list, ',');
    const bool more = list.find(',') != std::string_view::npos;
    if (++ranges > 64)
      return MakeError(ErrorCode::kOutOfRange, "telephone-event list has more than 64 ranges");
    range = TrimWhitespace(range);
    auto [first_text, last_text] = SplitOnce(range, '-');
    auto first = ParseUnsigned(first_text, 255);
    auto last = range.find('-') == std::string_view::npos ? first : ParseUnsigned(last_text, 255);
    if (!first || !last || *last < *first) {
      return MakeError(ErrorCode::kInvalidArgument, "telephone-event range " + Quote(range) + " is invalid");
    }
    for (uint64_t e = *first; e <= *last; ++e) result.events.set(e);
    if (!more) break;
    list = rest;
  }
  return result;
}

TelephoneEvents TelephoneEvents::Default() {
  TelephoneEvents result;
  for (size_t e = 0; e <= 15; ++e) result.events.set(e);
  return result;
}

std::string TelephoneEvents::Format() const {
  std::string out;
  for (size_t e = 0; e < 256;) {
    if (!events.test(e)) {
      ++e;
      continue;
    }
    size_t end = e;
    while (end + 1 < 256 && events.test(end + 1)) ++end;
    if (!out.empty()) out += ",";
    out += std::to_string(e);
    if (end != e) out += "-" + std::to_string(end);
    e = end + 1;
  }
  return out;
}

}  // namespace softmcu::sdp
