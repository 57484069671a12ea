// Fuzzes what the operator API reads from the network before any store sees it
// (control/model, control/api helpers): the first byte picks the reader, the rest is its
// input. Every input must give a value or a ControlError with a code, never a crash, an
// exception or an unrendered message; accepted values must satisfy their own invariants
// (a parsed CIDR round-trips through its canonical text, a parsed time formats and parses
// back to itself, an accepted point re-validates from its own JSON).
// Seeds: tests/fuzz/corpus/control_input/ (one good and one near-miss per reader).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/messages.h"
#include "control/api/router.h"
#include "control/model/booking.h"
#include "control/model/cidr.h"
#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/model/room.h"

namespace {

using namespace softmcu::control;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckError(const ControlError& error) {
  Check(!error.code.empty());
  Check(!RenderMessage(error, Lang::kVi).empty());
  Check(!RenderMessage(error, Lang::kEn).empty());
}

void FuzzPoint(std::string_view text) {
  auto body = ParseJsonBody(text);
  if (!body) return CheckError(body.error());
  std::vector<ControlError> warnings;
  auto point = PointFromJson(*body, &warnings);
  if (!point) return CheckError(point.error());
  auto again = PointFromJson(PointToJson(*point), nullptr);
  Check(again.has_value());
  Check(again->allowed_sources == point->allowed_sources && again->bandwidth_kbps == point->bandwidth_kbps);
}

void FuzzRoom(std::string_view text) {
  auto body = ParseJsonBody(text);
  if (!body) return CheckError(body.error());
  auto room = RoomFromJson(*body, "");
  if (!room) return CheckError(room.error());
  Check(IsValidRoomNumber(room->number));
  auto again = RoomFromJson(RoomToJson(*room, true), "");
  Check(again.has_value());
  Check(again->members == room->members && again->layout == room->layout);
}

void FuzzBooking(std::string_view text) {
  auto body = ParseJsonBody(text);
  if (!body) return CheckError(body.error());
  auto booking = BookingFromJson(*body);
  if (!booking) return CheckError(booking.error());
  Check(booking->end_at > booking->start_at);
  Check(!booking->test_at || *booking->test_at <= booking->start_at);
  Check(!booking->point_ids.empty());
}

void FuzzCidr(std::string_view text) {
  const size_t split = text.find('|');
  auto cidr = Cidr::Parse(text.substr(0, split));
  if (!cidr) return;
  auto again = Cidr::Parse(cidr->ToString());
  Check(again.has_value() && *again == *cidr);
  if (split != std::string_view::npos) (void)cidr->Contains(text.substr(split + 1));
}

void FuzzTime(std::string_view text) {
  auto time = ParseIsoTime(text);
  if (!time) return;
  Check(ParseIsoTime(FormatIsoTime(*time)) == time);
}

void FuzzHeaders(std::string_view text) {
  (void)CookieValue(text, "softmcu_session");
  (void)PickLanguage("", "", text);
  static const Router* router = [] {
    auto* r = new Router();
    for (const char* pattern : {"/api/v1/rooms/{number}/floor/{id}", "/api/v1/rooms/{number}/floor/requests/{id}",
                                "/api/v1/points/{id}"}) {
      r->Add({"DELETE", pattern, softmcu::control::Permission::kView, "", nullptr});
    }
    return r;
  }();
  auto match = router->Find("DELETE", text);
  if (!match) CheckError(match.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: FuzzPoint(text); break;
    case 1: FuzzRoom(text); break;
    case 2: FuzzBooking(text); break;
    case 3: FuzzCidr(text); break;
    case 4: FuzzTime(text); break;
    case 5: FuzzHeaders(text); break;
  }
  return 0;
}
