#pragma once
// Bookings (tables bookings, booking_points) with the checks that keep the schedule
// possible (issue 7 "Bookings"), all inside the transaction that writes the booking:
//  - the room and every point exist (422 booking.unknown_room / booking.unknown_point);
//  - a booking that is not an emergency starts at least `min_notice` ahead
//    (422 booking.short_notice; An Giang art. 13 wants 3 working days, Khánh Hòa 6 days;
//    emergency meetings are set up at short notice, art. 13.2) and none ends in the past;
//  - no point and no room is in two overlapping meetings, test runs included
//    (409 booking.point_conflict naming the point and the other meeting, or
//    booking.room_conflict naming the room and the other meeting);
//  - the meeting's points fit the MCU's bandwidth budget, together with the meetings that
//    overlap it (409 booking.bandwidth_exceeded with the needed and the budget figures).
// Cancelled bookings stay (status "cancelled") and conflict with nothing.
//
// Thread-safe (through Database).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "control/control_error.h"
#include "control/model/booking.h"
#include "control/store/database.h"
#include "core/clock.h"

namespace softmcu::control {

struct BookingLimits {
  int64_t mcu_budget_kbps = 50'000;  // Hà Giang art. 15.1: 50 Mbps at the MCU
  int64_t min_notice_seconds = 0;    // 0: no advance notice required
};

class BookingStore {
 public:
  BookingStore(Database* db, const Clock* clock, BookingLimits limits) : db_(db), clock_(clock), limits_(limits) {}

  // Bookings whose occupied interval meets [from, to) (either bound may be absent), by start.
  ControlResult<std::vector<Booking>> List(std::optional<int64_t> from, std::optional<int64_t> to,
                                           bool include_cancelled);
  ControlResult<Booking> Get(int64_t id);
  ControlResult<Booking> Create(Booking booking, std::string_view created_by);
  // Replaces the booking's fields and points (status and creator stay).
  ControlResult<Booking> Update(int64_t id, Booking booking);
  ControlResult<Booking> Cancel(int64_t id);

  const BookingLimits& limits() const { return limits_; }

 private:
  ControlResult<void> Check(Connection& c, const Booking& booking, int64_t now);
  static ControlResult<std::optional<Booking>> Load(Connection& c, int64_t id);
  static ControlResult<void> WritePoints(Connection& c, const Booking& booking);

  Database* const db_;
  const Clock* const clock_;
  const BookingLimits limits_;
};

}  // namespace softmcu::control
