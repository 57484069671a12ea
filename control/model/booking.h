#pragma once
// A booking: a meeting registered ahead (Khánh Hòa art. 7, An Giang art. 13) with its host
// organisation, room, time, test-run time and the points that take part; or an emergency
// meeting at short notice (An Giang art. 13.2). Validation of the booking itself lives here;
// the conflict checks against other bookings and the MCU's bandwidth are the store's.
//
// JSON form (API and docs/api.md):
//   {"id": 3, "title": "Họp phòng chống bão số 9", "host_org": "UBND tỉnh", "room": "1000",
//    "start": "2026-12-01T08:00:00+07:00", "end": "2026-12-01T10:00:00+07:00",
//    "test_start": "2026-12-01T07:00:00+07:00", "points": [1, 2, 3], "emergency": false,
//    "contact": "Văn phòng UBND tỉnh, 0207 3822 123", "notes": "", "status": "scheduled"}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/control_error.h"

namespace softmcu::control {

inline constexpr int64_t kMaxMeetingSeconds = 24 * 3600;
inline constexpr int64_t kMaxTestLeadSeconds = 7 * 24 * 3600;  // An Giang: 1–2 working days
inline constexpr size_t kMaxBookingPoints = 200;

enum class BookingStatus { kScheduled, kCancelled };
const char* ToString(BookingStatus status);

struct Booking {
  int64_t id = 0;
  std::string title;
  std::string host_org;
  std::string room_number;
  int64_t start_at = 0;
  int64_t end_at = 0;
  std::optional<int64_t> test_at;
  bool emergency = false;
  BookingStatus status = BookingStatus::kScheduled;
  std::vector<int64_t> point_ids;
  std::string contact;
  std::string notes;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // The interval the booking occupies its points and room: from the test run (or the
  // start) to the end.
  int64_t occupied_from() const { return test_at.value_or(start_at); }
  bool Overlaps(const Booking& other) const {
    return occupied_from() < other.end_at && other.occupied_from() < end_at;
  }
};

// Validates an API body. Errors: booking.time_invalid (a field that is not an RFC 3339
// time), booking.end_before_start, booking.too_long (arg "max_hours"), booking.test_after_start,
// booking.test_too_early, booking.no_points, booking.point_duplicate, room.number_invalid,
// plus JsonReader's field.*.
ControlResult<Booking> BookingFromJson(const nlohmann::json& body);
nlohmann::json BookingToJson(const Booking& booking);

}  // namespace softmcu::control
