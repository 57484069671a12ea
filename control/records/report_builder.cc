#include "control/records/report_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "control/model/iso_time.h"

namespace softmcu::control {
namespace {

int64_t MeetingEnd(const MeetingRecord& m, int64_t now) { return m.ended_at.value_or(std::max(now, m.started_at)); }

// Total length of the union of [from, to) intervals, clipped to [lo, hi).
int64_t CoveredSeconds(std::vector<std::pair<int64_t, int64_t>> intervals, int64_t lo, int64_t hi) {
  for (auto& [a, b] : intervals) {
    a = std::max(a, lo);
    b = std::min(b, hi);
  }
  std::sort(intervals.begin(), intervals.end());
  int64_t total = 0, cursor = lo;
  for (const auto& [a, b] : intervals) {
    const int64_t start = std::max(a, cursor);
    if (b > start) {
      total += b - start;
      cursor = b;
    }
  }
  return total;
}

// Key identifying a point in a meeting's records: the address-book id, else the name.
std::string PointKey(const PointRef& p) { return p.point_id ? "#" + std::to_string(*p.point_id) : "=" + p.name; }

void AddSummary(std::map<std::string, CountSummary>* table, const std::string& key, int64_t minutes) {
  auto& entry = (*table)[key];
  entry.key = key;
  ++entry.meetings;
  entry.minutes += minutes;
}

std::vector<CountSummary> Values(const std::map<std::string, CountSummary>& table) {
  std::vector<CountSummary> out;
  for (const auto& [key, summary] : table) out.push_back(summary);
  return out;
}

std::string OptionalTime(const std::optional<int64_t>& t) { return t ? FormatIsoTime(*t) : ""; }

}  // namespace

std::string ReportBuilder::MonthOf(int64_t unix_seconds) const {
  const int64_t local = unix_seconds + utc_offset_minutes_ * 60;
  int64_t days = local / 86400;
  if (local % 86400 < 0) --days;
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u", year, month);
  return text;
}

ControlResult<MeetingsReport> ReportBuilder::Meetings(int64_t from, int64_t to, int64_t now, MeetingKinds kinds) {
  CONTROL_ASSIGN(auto logs, logbook_->LoadRange(from, to));
  MeetingsReport report{from, to, {}, {}, {}};
  std::map<std::string, CountSummary> by_host, by_month;
  for (const auto& log : logs) {
    const auto& m = log.meeting;
    if (kinds == MeetingKinds::kLiveOnly && m.start.kind != MeetingKind::kLive) continue;
    MeetingReportRow row;
    row.id = m.id;
    row.room = m.start.room_number;
    row.title = m.start.title;
    row.host_org = m.start.host_org;
    row.kind = m.start.kind;
    row.booking_id = m.start.booking_id;
    row.started_at = m.started_at;
    row.ended_at = m.ended_at;
    row.duration_minutes = (MeetingEnd(m, now) - m.started_at + 30) / 60;
    std::set<std::string> joined;
    for (const auto& s : log.sessions) joined.insert(PointKey(s.point));
    row.points_joined = joined.size();
    row.incidents = log.incidents.size();
    AddSummary(&by_host, row.host_org, row.duration_minutes);
    AddSummary(&by_month, MonthOf(row.started_at), row.duration_minutes);
    report.meetings.push_back(std::move(row));
  }
  report.by_host = Values(by_host);
  report.by_month = Values(by_month);
  return report;
}

ControlResult<AvailabilityReport> ReportBuilder::Availability(int64_t from, int64_t to, int64_t now) {
  CONTROL_ASSIGN(auto logs, logbook_->LoadRange(from, to));
  std::map<std::string, AvailabilityRow> rows;
  for (const auto& log : logs) {
    const auto& m = log.meeting;
    if (m.start.kind != MeetingKind::kLive) continue;
    const int64_t start = m.started_at, end = MeetingEnd(m, now);
    // Expected: the booked points, and whoever joined.
    std::map<std::string, PointRef> expected;
    if (m.start.booking_id) {
      if (auto booking = bookings_->Get(*m.start.booking_id)) {
        for (int64_t id : booking->point_ids) expected["#" + std::to_string(id)] = PointRef{id, "", ""};
      }
    }
    std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> connected;
    for (const auto& s : log.sessions) {
      const std::string key = PointKey(s.point);
      expected[key] = s.point;
      connected[key].emplace_back(s.joined_at, s.left_at.value_or(end));
    }
    for (const auto& [key, ref] : expected) {
      AvailabilityRow& row = rows[key];
      row.point_id = ref.point_id;
      if (!ref.name.empty()) row.name = ref.name;
      ++row.meetings_expected;
      row.expected_seconds += end - start;
      if (auto it = connected.find(key); it != connected.end()) {
        ++row.meetings_joined;
        row.connected_seconds += CoveredSeconds(it->second, start, end);
      }
    }
    for (const auto& incident : log.incidents) {
      const std::string key = PointKey(incident.point);
      if (auto it = rows.find(key); it != rows.end()) ++it->second.incidents;
    }
  }
  AvailabilityReport report{from, to, {}};
  for (auto& [key, row] : rows) {
    // A booked point that never joined has no name in the logbook: take the address book's.
    if (row.name.empty() && row.point_id) {
      auto point = points_->Get(*row.point_id);
      row.name = point ? point->name : "#" + std::to_string(*row.point_id);
    }
    report.points.push_back(std::move(row));
  }
  std::sort(report.points.begin(), report.points.end(),
            [](const AvailabilityRow& a, const AvailabilityRow& b) { return a.name < b.name; });
  return report;
}

nlohmann::json MeetingsReportToJson(const MeetingsReport& report) {
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto& r : report.meetings) {
    meetings.push_back({{"id", r.id},
                        {"room", r.room},
                        {"title", r.title},
                        {"host_org", r.host_org},
                        {"kind", ToString(r.kind)},
                        {"booking", r.booking_id ? nlohmann::json(*r.booking_id) : nlohmann::json(nullptr)},
                        {"started_at", FormatIsoTime(r.started_at)},
                        {"ended_at", r.ended_at ? nlohmann::json(FormatIsoTime(*r.ended_at)) : nlohmann::json(nullptr)},
                        {"duration_minutes", r.duration_minutes},
                        {"points_joined", r.points_joined},
                        {"incidents", r.incidents}});
  }
  auto summaries = [](const std::vector<CountSummary>& list, const char* key_name) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : list) out.push_back({{key_name, s.key}, {"meetings", s.meetings}, {"minutes", s.minutes}});
    return out;
  };
  return {{"from", FormatIsoTime(report.from)},
          {"to", FormatIsoTime(report.to)},
          {"total_meetings", report.meetings.size()},
          {"meetings", meetings},
          {"by_host", summaries(report.by_host, "host_org")},
          {"by_month", summaries(report.by_month, "month")}};
}

std::string MeetingsReportToCsv(const MeetingsReport& report, CsvBom bom) {
  CsvWriter csv(bom);
  for (const char* h : {"id", "room", "title", "host_org", "kind", "booking", "started_at", "ended_at",
                        "duration_minutes", "points_joined", "incidents"}) {
    csv.Text(h);
  }
  csv.EndRow();
  for (const auto& r : report.meetings) {
    csv.Number(r.id).Text(r.room).Text(r.title).Text(r.host_org).Text(ToString(r.kind));
    if (r.booking_id) {
      csv.Number(*r.booking_id);
    } else {
      csv.Text("");
    }
    csv.Text(FormatIsoTime(r.started_at))
        .Text(OptionalTime(r.ended_at))
        .Number(r.duration_minutes)
        .Number(static_cast<int64_t>(r.points_joined))
        .Number(static_cast<int64_t>(r.incidents));
    csv.EndRow();
  }
  return csv.data();
}

nlohmann::json AvailabilityReportToJson(const AvailabilityReport& report) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& r : report.points) {
    points.push_back({{"point", r.point_id ? nlohmann::json(*r.point_id) : nlohmann::json(nullptr)},
                      {"name", r.name},
                      {"meetings_expected", r.meetings_expected},
                      {"meetings_joined", r.meetings_joined},
                      {"expected_minutes", r.expected_seconds / 60},
                      {"connected_minutes", r.connected_seconds / 60},
                      {"availability_pct", std::round(r.availability_pct() * 10) / 10},
                      {"incidents", r.incidents}});
  }
  return {{"from", FormatIsoTime(report.from)}, {"to", FormatIsoTime(report.to)}, {"points", points}};
}

std::string AvailabilityReportToCsv(const AvailabilityReport& report, CsvBom bom) {
  CsvWriter csv(bom);
  for (const char* h : {"point", "name", "meetings_expected", "meetings_joined", "expected_minutes",
                        "connected_minutes", "availability_pct", "incidents"}) {
    csv.Text(h);
  }
  csv.EndRow();
  for (const auto& r : report.points) {
    if (r.point_id) {
      csv.Number(*r.point_id);
    } else {
      csv.Text("");
    }
    csv.Text(r.name)
        .Number(static_cast<int64_t>(r.meetings_expected))
        .Number(static_cast<int64_t>(r.meetings_joined))
        .Number(r.expected_seconds / 60)
        .Number(r.connected_seconds / 60)
        .Number(r.availability_pct(), 1)
        .Number(static_cast<int64_t>(r.incidents));
    csv.EndRow();
  }
  return csv.data();
}

}  // namespace softmcu::control
