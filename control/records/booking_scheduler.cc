#include "control/records/booking_scheduler.h"

#include <set>

namespace softmcu::control {

const char* ToString(BookingPhase phase) {
  switch (phase) {
    case BookingPhase::kScheduled: return "scheduled";
    case BookingPhase::kTestRun: return "test";
    case BookingPhase::kLive: return "live";
    case BookingPhase::kEnded: return "ended";
  }
  return "scheduled";
}

const char* ToString(BookingActionKind kind) {
  switch (kind) {
    case BookingActionKind::kOpenTestRun: return "open_test_run";
    case BookingActionKind::kGoLive: return "go_live";
    case BookingActionKind::kEnd: return "end";
  }
  return "end";
}

BookingPhase BookingScheduler::TargetPhase(const Booking& b, int64_t now) {
  if (b.status == BookingStatus::kCancelled || now >= b.end_at) return BookingPhase::kEnded;
  if (now >= b.start_at) return BookingPhase::kLive;
  if (b.test_at && now >= *b.test_at) return BookingPhase::kTestRun;
  return BookingPhase::kScheduled;
}

std::vector<BookingAction> BookingScheduler::Update(std::span<const Booking> bookings, int64_t now) {
  std::vector<BookingAction> actions;
  std::set<int64_t> seen;
  for (const Booking& b : bookings) {
    seen.insert(b.id);
    const BookingPhase target = TargetPhase(b, now);
    auto it = tracked_.try_emplace(b.id, Tracked{BookingPhase::kScheduled, b.room_number}).first;
    Tracked& t = it->second;
    const BookingPhase current = t.phase;
    if (target <= current) continue;  // phases only move forward
    switch (target) {
      case BookingPhase::kTestRun:
        actions.push_back({BookingActionKind::kOpenTestRun, b.id, b.room_number, b.point_ids});
        break;
      case BookingPhase::kLive:
        actions.push_back({BookingActionKind::kGoLive, b.id, b.room_number, b.point_ids});
        break;
      case BookingPhase::kEnded:
        // Only a booking we opened needs closing; one that ended unseen gets nothing.
        if (current == BookingPhase::kTestRun || current == BookingPhase::kLive) {
          actions.push_back({BookingActionKind::kEnd, b.id, t.room, {}});
        }
        break;
      case BookingPhase::kScheduled:
        break;
    }
    t.phase = target;
    t.room = b.room_number;
  }
  // Running bookings that vanished (deleted, or moved outside the caller's window): end them.
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    if (seen.contains(it->first)) {
      ++it;
      continue;
    }
    if (it->second.phase == BookingPhase::kTestRun || it->second.phase == BookingPhase::kLive) {
      actions.push_back({BookingActionKind::kEnd, it->first, it->second.room, {}});
    }
    it = tracked_.erase(it);
  }
  return actions;
}

BookingPhase BookingScheduler::PhaseOf(int64_t booking_id) const {
  auto it = tracked_.find(booking_id);
  return it == tracked_.end() ? BookingPhase::kScheduled : it->second.phase;
}

}  // namespace softmcu::control
