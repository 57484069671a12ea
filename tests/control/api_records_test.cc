// The HTTP API over loopback: bookings, logbook, reports (JSON and CSV), records.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/control/control_fixture.h"
#include "tests/control/csv_reader.h"

namespace softmcu::control::testing {
namespace {

using nlohmann::json;

class RecordsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ControlOptions options = TestOptions(dir_.path());
    options.bookings.mcu_budget_kbps = 10'000;
    StartWith(options);
    a_ = CreatePoint("UBND huyện A", 3);
    b_ = CreatePoint("UBND huyện B", 3);
    c_ = CreatePoint("UBND huyện C", 3);
    d_ = CreatePoint("UBND huyện D", 3);
    for (const char* number : {"1000", "2000"}) {
      EXPECT_EQ(Post("/api/v1/rooms", {{"number", number}, {"name", std::string("Phòng ") + number}}, operator_).status, 201);
    }
  }
  json Booking(const char* room, const char* start, const char* end, std::vector<int64_t> points) {
    return {{"title", "Họp giao ban"}, {"host_org", "UBND tỉnh"}, {"room", room},
            {"start", start},          {"end", end},               {"points", points}};
  }
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0;
};

TEST_F(RecordsApiTest, BookingsAreCreatedListedUpdatedAndCancelled) {
  json body = Booking("1000", "2027-01-05T08:00:00+07:00", "2027-01-05T10:00:00+07:00", {a_, b_});
  body["test_start"] = "2027-01-05T07:00:00+07:00";
  body["emergency"] = true;
  Reply created = Post("/api/v1/bookings", body, operator_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["start"], "2027-01-05T01:00:00Z");
  EXPECT_EQ(created.json["created_by"], "operator");
  EXPECT_EQ(created.json["emergency"], true);
  const std::string path = "/api/v1/bookings/" + std::to_string(created.json["id"].get<int64_t>());
  EXPECT_EQ(Get("/api/v1/bookings", viewer_).json.size(), 1u);
  body["title"] = "Họp giao ban (dời giờ)";
  Reply updated = Put(path, body, operator_);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json["title"], "Họp giao ban (dời giờ)");
  Reply cancelled = Delete(path, operator_);
  EXPECT_EQ(cancelled.json["status"], "cancelled");
  EXPECT_EQ(Get("/api/v1/bookings", viewer_).json.size(), 0u);
  EXPECT_EQ(Get("/api/v1/bookings?include_cancelled=1", viewer_).json.size(), 1u);
  EXPECT_EQ(Post("/api/v1/bookings", body, viewer_).status, 403);
  auto creates = AuditOf("booking.create");  // newest first: the viewer's refusal, then the creation
  ASSERT_EQ(creates.size(), 2u);
  EXPECT_EQ(creates[0].result, AuditResult::kDenied);
  EXPECT_EQ(creates[1].result, AuditResult::kOk);
  EXPECT_EQ(AuditOf("booking.cancel").size(), 1u);
}

// An operator starting a booked meeting by hand: its points are dialled, members or not.
TEST_F(RecordsApiTest, StartingABookedMeetingDialsTheBookingsPoints) {
  Reply created = Post("/api/v1/bookings", Booking("1000", "2027-01-05T08:00:00+07:00", "2027-01-05T10:00:00+07:00", {c_, a_}),
                       operator_);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.json["id"];
  Reply unknown = Post("/api/v1/rooms/1000/meeting", {{"phase", "live"}, {"booking", id + 100}}, operator_);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(unknown.Code(), "booking.not_found");
  EXPECT_TRUE(live_.meeting_points().empty()) << "nothing started";
  Reply started = Post("/api/v1/rooms/1000/meeting", {{"phase", "live"}, {"booking", id}}, operator_);
  ASSERT_EQ(started.status, 200) << started.body;
  std::vector<int64_t> points = live_.meeting_points();
  std::sort(points.begin(), points.end());
  EXPECT_EQ(points, (std::vector<int64_t>{std::min(a_, c_), std::max(a_, c_)}));
}

TEST_F(RecordsApiTest, ConflictsAre409sNamingTheClash) {
  ASSERT_EQ(Post("/api/v1/bookings", Booking("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {a_, b_}),
                 operator_).status, 201);
  Reply point = Send("POST", "/api/v1/bookings?lang=en",
                     Booking("2000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {b_}).dump(), operator_);
  EXPECT_EQ(point.status, 409);
  EXPECT_EQ(point.Code(), "booking.point_conflict");
  EXPECT_EQ(point.Field(), "points");
  EXPECT_NE(point.Message().find("UBND huyện B"), std::string::npos) << point.Message();
  EXPECT_NE(point.Message().find("Họp giao ban"), std::string::npos);
  Reply room = Post("/api/v1/bookings", Booking("1000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {c_}), operator_);
  EXPECT_EQ(room.Code(), "booking.room_conflict");
  Reply bandwidth = Send("POST", "/api/v1/bookings?lang=en",
                         Booking("2000", "2027-01-06T01:00:00Z", "2027-01-06T03:00:00Z", {a_, b_, c_, d_}).dump(),
                         operator_);
  EXPECT_EQ(bandwidth.status, 409);
  EXPECT_EQ(bandwidth.Code(), "booking.bandwidth_exceeded");
  EXPECT_NE(bandwidth.Message().find("12.0 Mbps"), std::string::npos) << bandwidth.Message();
  EXPECT_NE(bandwidth.Message().find("10.0 Mbps"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/bookings?from=2027-01-01&to=2027-02-01", viewer_).json.size(), 1u);
  auto failed = AuditOf("booking.create");
  ASSERT_EQ(failed.size(), 4u);
  EXPECT_EQ(failed[0].result, AuditResult::kFailed);
  EXPECT_EQ(failed[0].detail, "booking.bandwidth_exceeded (points)");
}

TEST_F(RecordsApiTest, BadBookingsNameTheField) {
  json body = Booking("1000", "2027-01-05T08:00:00", "2027-01-05T10:00:00+07:00", {a_});
  Reply r = Post("/api/v1/bookings", body, operator_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Code(), "booking.time_invalid");
  EXPECT_EQ(r.Field(), "start");
  EXPECT_EQ(Post("/api/v1/bookings", Booking("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {999}), operator_)
                .Code(),
            "booking.unknown_point");
  EXPECT_EQ(Get("/api/v1/bookings/77", viewer_).status, 404);
  EXPECT_EQ(Get("/api/v1/bookings?from=yesterday", viewer_).Field(), "from");
}

TEST_F(RecordsApiTest, LogbookNotesIncidentsAndTheMeetingRecord) {
  auto meeting = plane_->logbook().StartMeeting({"1000", std::nullopt, "Giao ban", "UBND tỉnh", MeetingKind::kLive});
  ASSERT_TRUE(meeting);
  ASSERT_TRUE(plane_->logbook().PointJoined(*meeting, {a_, "UBND huyện A", "sip:a@10.0.0.1"}));
  const std::string path = "/api/v1/logbook/meetings/" + std::to_string(*meeting);
  EXPECT_EQ(Post(path + "/notes", {{"text", "Huyện A báo mất tiếng,\nđã xử lý."}}, operator_).status, 201);
  EXPECT_EQ(Post(path + "/incidents", {{"point", a_}, {"cause", "reported"}, {"detail", "gọi điện báo"}}, operator_).status,
            201);
  EXPECT_EQ(Post(path + "/incidents", {{"cause", "gremlins"}, {"detail", "x"}}, operator_).Code(), "logbook.cause_invalid");
  EXPECT_EQ(Post(path + "/notes", {{"text", "x"}}, viewer_).status, 403);
  EXPECT_EQ(Post("/api/v1/logbook/meetings/999/notes", {{"text", "x"}}, operator_).status, 404);
  Reply record = Get(path, viewer_);
  ASSERT_EQ(record.status, 200);
  EXPECT_EQ(record.json["sessions"].size(), 1u);
  EXPECT_EQ(record.json["notes"][0]["user"], "operator");
  EXPECT_EQ(record.json["incidents"][0]["name"], "UBND huyện A");
  EXPECT_EQ(record.json["incidents"][0]["reported_by"], "operator");
  Reply list = Get("/api/v1/logbook", viewer_);
  ASSERT_EQ(list.json.size(), 1u);
  EXPECT_EQ(list.json[0]["title"], "Giao ban");
  EXPECT_EQ(AuditOf("logbook.note").size(), 3u);  // the note, the viewer's refusal, the unknown meeting
}

TEST_F(RecordsApiTest, MeetingReportsAsCsvParseBack) {
  auto m1 = plane_->logbook().StartMeeting({"1000", std::nullopt, "Họp \"khẩn\", bão số 9", "UBND tỉnh", MeetingKind::kLive});
  ASSERT_TRUE(plane_->logbook().PointJoined(*m1, {a_, "UBND huyện A", ""}));
  clock_.Advance(TimeDelta::Seconds(3600));
  ASSERT_TRUE(plane_->logbook().EndMeeting(*m1));
  auto m2 = plane_->logbook().StartMeeting({"2000", std::nullopt, "=cmd|' /C calc'!A0", "Sở Y tế", MeetingKind::kLive});
  ASSERT_TRUE(plane_->logbook().EndMeeting(*m2));
  clock_.Advance(TimeDelta::Seconds(60));
  viewer_ = Login("viewer", kViewerPassword);  // the fixture's session went idle for an hour

  Reply as_json = Get("/api/v1/reports/meetings?from=2027-01-01&to=2027-02-01", viewer_);
  ASSERT_EQ(as_json.status, 200) << as_json.body;
  EXPECT_EQ(as_json.json["total_meetings"], 2);
  EXPECT_EQ(as_json.json["by_host"].size(), 2u);

  auto csv = Client()->Get("/api/v1/reports/meetings?from=2027-01-01&to=2027-02-01",
                           {{"Authorization", "Bearer " + viewer_}, {"Accept", "text/csv"}});
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");
  auto rows = ParseCsv(csv->body);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "room", "title", "host_org", "kind", "booking", "started_at",
                                               "ended_at", "duration_minutes", "points_joined", "incidents"}));
  EXPECT_EQ(rows[1][2], "Họp \"khẩn\", bão số 9");
  EXPECT_EQ(rows[1][8], "60");
  EXPECT_EQ(rows[1][9], "1");
  EXPECT_EQ(rows[2][2], "'=cmd|' /C calc'!A0");  // not a formula in a spreadsheet
  auto no_bom = Client()->Get("/api/v1/reports/meetings?format=csv&bom=0", {{"Authorization", "Bearer " + viewer_}});
  EXPECT_EQ(no_bom->body.substr(0, 2), "id");
  EXPECT_EQ(Get("/api/v1/reports/meetings?from=2027-02-01&to=2027-01-01", viewer_).status, 400);

  Reply availability = Get("/api/v1/reports/availability?from=2027-01-01&to=2027-02-01", viewer_);
  ASSERT_EQ(availability.status, 200);
  EXPECT_EQ(availability.json["points"][0]["availability_pct"], 100.0);
  auto availability_csv = Client()->Get("/api/v1/reports/availability?from=2027-01-01&to=2027-02-01&format=csv",
                                        {{"Authorization", "Bearer " + viewer_}});
  auto availability_rows = ParseCsv(availability_csv->body);
  ASSERT_EQ(availability_rows.size(), 2u);
  EXPECT_EQ(availability_rows[1][1], "UBND huyện A");
  EXPECT_EQ(availability_rows[1][6], "100.0");
}

TEST_F(RecordsApiTest, TheAuditCanBeExportedAsCsv) {
  auto csv = Client()->Get("/api/v1/audit?format=csv&bom=0", {{"Authorization", "Bearer " + admin_}});
  ASSERT_TRUE(csv);
  auto rows = ParseCsv(csv->body);
  ASSERT_GT(rows.size(), 5u);
  EXPECT_EQ(rows[0][3], "action");
  EXPECT_EQ(Get("/api/v1/audit?category=nonsense", admin_).status, 400);
  Reply security = Get("/api/v1/audit?category=security&action=login", admin_);
  ASSERT_EQ(security.status, 200);
  EXPECT_GE(security.json.size(), 3u);  // the fixture's three logins
}

TEST_F(RecordsApiTest, RecordsSurviveARestart) {
  ASSERT_EQ(Post("/api/v1/bookings", Booking("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {a_}), operator_)
                .status, 201);
  plane_.reset();
  StartWith(options_);
  EXPECT_EQ(Get("/api/v1/points", viewer_).json.size(), 4u);
  EXPECT_EQ(Get("/api/v1/rooms", viewer_).json.size(), 2u);
  EXPECT_EQ(Get("/api/v1/bookings", viewer_).json.size(), 1u);
  EXPECT_EQ(AuditOf("booking.create").size(), 1u);
}

TEST_F(RecordsApiTest, PruningOnDemandIsForAdmins) {
  EXPECT_EQ(Send("POST", "/api/v1/records/prune", "", operator_).status, 403);
  Reply r = Send("POST", "/api/v1/records/prune", "", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["audit_entries"], 0);
  EXPECT_EQ(AuditOf("records.prune_now").size(), 2u);  // the refused and the done
}

TEST_F(RecordsApiTest, BookingsDriveTheScheduler) {
  json body = Booking("1000", "2027-01-04T03:00:00Z", "2027-01-04T05:00:00Z", {a_, b_});
  body["test_start"] = "2027-01-04T02:00:00Z";
  ASSERT_EQ(Post("/api/v1/bookings", body, operator_).status, 201);
  EXPECT_TRUE(plane_->DueBookingActions()->empty());
  clock_.SetTo(Timestamp::Seconds(*ParseIsoTime("2027-01-04T02:00:00Z")));
  auto actions = plane_->DueBookingActions();
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ((*actions)[0].kind, BookingActionKind::kOpenTestRun);
  EXPECT_EQ((*actions)[0].point_ids, (std::vector<int64_t>{a_, b_}));
  clock_.SetTo(Timestamp::Seconds(*ParseIsoTime("2027-01-04T03:00:00Z")));
  EXPECT_EQ((*plane_->DueBookingActions())[0].kind, BookingActionKind::kGoLive);
  clock_.SetTo(Timestamp::Seconds(*ParseIsoTime("2027-01-04T05:00:00Z")));
  EXPECT_EQ((*plane_->DueBookingActions())[0].kind, BookingActionKind::kEnd);
}

}  // namespace
}  // namespace softmcu::control::testing
