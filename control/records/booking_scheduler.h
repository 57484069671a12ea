#pragma once
// When a booking's room must open its test run, go live and end (issue 7: "at test-run
// time the room opens in test mode and the points are dialled for their loopback test; at
// start time it goes live"). A pure state machine (CONVENTIONS.md §10): Update() takes the
// current bookings and the time and returns the actions due; the caller (the daemon, with
// the conference) carries them out. No I/O, no clock of its own.
//
// Per booking: kScheduled → kTestRun (at test_start, if any) → kLive (at start) → kEnded (at
// end). A booking first seen late jumps straight to its phase: one found between start and
// end (the daemon restarted mid-meeting) gets kGoLive without a test run; one whose end has
// passed unseen gets nothing. A running booking that is cancelled, or vanishes from the
// list, gets kEnd at once.
//
// One thread (the daemon's timer); not thread-safe.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "control/model/booking.h"

namespace softmcu::control {

enum class BookingPhase { kScheduled, kTestRun, kLive, kEnded };
enum class BookingActionKind { kOpenTestRun, kGoLive, kEnd };
const char* ToString(BookingPhase phase);
const char* ToString(BookingActionKind kind);

struct BookingAction {
  BookingActionKind kind = BookingActionKind::kGoLive;
  int64_t booking_id = 0;
  std::string room;
  std::vector<int64_t> point_ids;  // whom to dial (test run, go live)
  friend bool operator==(const BookingAction&, const BookingAction&) = default;
};

class BookingScheduler {
 public:
  // `bookings`: the bookings around now (BookingStore::List over a window that covers
  // every booking that may be running, cancelled ones included or not).
  std::vector<BookingAction> Update(std::span<const Booking> bookings, int64_t now);
  BookingPhase PhaseOf(int64_t booking_id) const;

 private:
  struct Tracked {
    BookingPhase phase = BookingPhase::kScheduled;
    std::string room;
  };
  static BookingPhase TargetPhase(const Booking& booking, int64_t now);

  std::map<int64_t, Tracked> tracked_;
};

}  // namespace softmcu::control
