#include "control/model/booking.h"

#include <set>

#include <nlohmann/json.hpp>

#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/model/room.h"

namespace softmcu::control {
namespace {

ControlError FieldError(std::string code, std::string field) {
  return ControlError{ErrorKind::kValidation, std::move(code), std::move(field), {}};
}

std::optional<int64_t> ReadTime(JsonReader& r, std::string_view key, Presence presence) {
  auto text = r.Text(key, presence, 40);
  if (!text) return std::nullopt;
  auto time = ParseIsoTime(*text);
  if (!time) r.Reject(FieldError("booking.time_invalid", std::string(key)));
  return time;
}

}  // namespace

const char* ToString(BookingStatus status) {
  return status == BookingStatus::kCancelled ? "cancelled" : "scheduled";
}

ControlResult<Booking> BookingFromJson(const nlohmann::json& body) {
  JsonReader r(body);
  Booking b;
  if (auto title = r.Text("title", Presence::kRequired, 200)) b.title = *title;
  if (auto host = r.Text("host_org", Presence::kRequired, kMaxNameChars)) b.host_org = *host;
  if (auto room = r.Text("room", Presence::kRequired, 32)) {
    if (!IsValidRoomNumber(*room)) r.Reject(FieldError("room.number_invalid", "room"));
    b.room_number = *room;
  }
  auto start = ReadTime(r, "start", Presence::kRequired);
  auto end = ReadTime(r, "end", Presence::kRequired);
  b.test_at = ReadTime(r, "test_start", Presence::kOptional);
  if (start && end) {
    b.start_at = *start;
    b.end_at = *end;
    if (*end <= *start) {
      r.Reject(FieldError("booking.end_before_start", "end"));
    } else if (*end - *start > kMaxMeetingSeconds) {
      r.Reject(FieldError("booking.too_long", "end").With("max_hours", std::to_string(kMaxMeetingSeconds / 3600)));
    }
    if (b.test_at && *b.test_at > *start) {
      r.Reject(FieldError("booking.test_after_start", "test_start"));
    } else if (b.test_at && *start - *b.test_at > kMaxTestLeadSeconds) {
      r.Reject(FieldError("booking.test_too_early", "test_start")
                   .With("max_days", std::to_string(kMaxTestLeadSeconds / 86400)));
    }
  }
  b.emergency = r.Bool("emergency", Presence::kOptional).value_or(false);
  if (const nlohmann::json* points = r.Array("points", Presence::kRequired, kMaxBookingPoints)) {
    std::set<int64_t> seen;
    for (size_t i = 0; i < points->size(); ++i) {
      const std::string field = "points[" + std::to_string(i) + "]";
      const auto& item = (*points)[i];
      if (!item.is_number_integer() || item.get<int64_t>() < 1) {
        r.Reject(FieldError("field.type", field).With("type", "point id"));
        break;
      }
      if (!seen.insert(item.get<int64_t>()).second) {
        r.Reject(FieldError("booking.point_duplicate", field));
        break;
      }
      b.point_ids.push_back(item.get<int64_t>());
    }
    if (points->empty()) r.Reject(FieldError("booking.no_points", "points"));
  }
  if (auto contact = r.TextAllowEmpty("contact", Presence::kOptional, 200)) b.contact = *contact;
  if (auto notes = r.TextAllowEmpty("notes", Presence::kOptional, kMaxNotesChars, TextKind::kMultiline)) b.notes = *notes;
  for (const char* read_only : {"id", "status", "created_by", "created_at", "updated_at"}) {
    r.Value(read_only, Presence::kOptional);
  }
  if (auto done = r.Finish(); !done) return Fail(done.error());
  return b;
}

nlohmann::json BookingToJson(const Booking& b) {
  return {
      {"id", b.id},
      {"title", b.title},
      {"host_org", b.host_org},
      {"room", b.room_number},
      {"start", FormatIsoTime(b.start_at)},
      {"end", FormatIsoTime(b.end_at)},
      {"test_start", b.test_at ? nlohmann::json(FormatIsoTime(*b.test_at)) : nlohmann::json(nullptr)},
      {"points", b.point_ids},
      {"emergency", b.emergency},
      {"status", ToString(b.status)},
      {"contact", b.contact},
      {"notes", b.notes},
      {"created_by", b.created_by},
      {"created_at", FormatIsoTime(b.created_at)},
      {"updated_at", FormatIsoTime(b.updated_at)},
  };
}

}  // namespace softmcu::control
