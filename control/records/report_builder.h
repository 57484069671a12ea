#pragma once
// Reports over the logbook (issue 7 "reports"; An Giang art. 17.7.c and Hà Giang art. 11.6
// want meeting statistics every six months):
//  - meetings in a period: one row per meeting, totals per host organisation and per month;
//  - per-point availability: for each point, in the live meetings it was expected at (booked
//    for, or joined), how much of the meeting time it was connected, with incident counts.
// As JSON and as CSV (csv_writer.h). Months are calendar months in the operators' time zone
// (`utc_offset_minutes`, +420 for Vietnam), so a meeting at 06:30 on the 1st local time
// counts in that month even though it is the previous day in UTC.
//
// Reads only; thread-safe (through the stores).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/control_error.h"
#include "control/records/csv_writer.h"
#include "control/store/booking_store.h"
#include "control/store/logbook.h"
#include "control/store/point_store.h"

namespace softmcu::control {

struct MeetingReportRow {
  int64_t id = 0;
  std::string room;
  std::string title;
  std::string host_org;
  MeetingKind kind = MeetingKind::kLive;
  std::optional<int64_t> booking_id;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at;
  int64_t duration_minutes = 0;
  size_t points_joined = 0;  // distinct points (or callers) that joined
  size_t incidents = 0;
};

struct CountSummary {
  std::string key;  // host organisation, or month "2026-12"
  size_t meetings = 0;
  int64_t minutes = 0;
};

struct MeetingsReport {
  int64_t from = 0;
  int64_t to = 0;
  std::vector<MeetingReportRow> meetings;
  std::vector<CountSummary> by_host;
  std::vector<CountSummary> by_month;
};

struct AvailabilityRow {
  std::optional<int64_t> point_id;
  std::string name;
  size_t meetings_expected = 0;
  size_t meetings_joined = 0;
  int64_t expected_seconds = 0;
  int64_t connected_seconds = 0;
  size_t incidents = 0;
  double availability_pct() const {
    return expected_seconds > 0 ? 100.0 * static_cast<double>(connected_seconds) / static_cast<double>(expected_seconds)
                                : 0.0;
  }
};

struct AvailabilityReport {
  int64_t from = 0;
  int64_t to = 0;
  std::vector<AvailabilityRow> points;
};

enum class MeetingKinds { kLiveOnly, kAll };

class ReportBuilder {
 public:
  ReportBuilder(Logbook* logbook, BookingStore* bookings, PointStore* points, int utc_offset_minutes)
      : logbook_(logbook), bookings_(bookings), points_(points), utc_offset_minutes_(utc_offset_minutes) {}

  // Meetings that started in [from, to). `now` closes meetings still running.
  ControlResult<MeetingsReport> Meetings(int64_t from, int64_t to, int64_t now, MeetingKinds kinds);
  ControlResult<AvailabilityReport> Availability(int64_t from, int64_t to, int64_t now);

  // "2026-12" in the operators' time zone.
  std::string MonthOf(int64_t unix_seconds) const;

 private:
  Logbook* const logbook_;
  BookingStore* const bookings_;
  PointStore* const points_;
  const int utc_offset_minutes_;
};

nlohmann::json MeetingsReportToJson(const MeetingsReport& report);
std::string MeetingsReportToCsv(const MeetingsReport& report, CsvBom bom);
nlohmann::json AvailabilityReportToJson(const AvailabilityReport& report);
std::string AvailabilityReportToCsv(const AvailabilityReport& report, CsvBom bom);

}  // namespace softmcu::control
