// Bookings with their conflict checks, the booking scheduler, reports and CSV, the event hub.
#include <gtest/gtest.h>

#include "control/records/booking_scheduler.h"
#include "control/records/csv_writer.h"
#include "tests/control/control_fixture.h"
#include "tests/control/csv_reader.h"

namespace softmcu::control::testing {
namespace {

int64_t At(const char* iso) { return *ParseIsoTime(iso); }

class BookingTest : public ControlTest {
 protected:
  void SetUp() override {
    ControlOptions options = TestOptions(dir_.path());
    options.bookings.mcu_budget_kbps = 10'000;
    Open(options);
    for (int i = 0; i < 4; ++i) {
      BridgePoint p;
      p.name = "Điểm " + std::to_string(i);
      p.sip_uri = "sip:p" + std::to_string(i) + "@10.0.0." + std::to_string(i + 1);
      p.bandwidth_kbps = 3000;
      points_.push_back(plane_->points().Create(p)->id);
    }
    for (const char* number : {"1000", "2000"}) {
      Room room;
      room.number = number;
      room.name = std::string("Phòng ") + number;
      ASSERT_TRUE(plane_->rooms().Create(room));
    }
  }

  Booking Make(const char* room, const char* start, const char* end, std::vector<int64_t> points) {
    Booking b;
    b.title = std::string("Họp ") + start;
    b.host_org = "UBND tỉnh";
    b.room_number = room;
    b.start_at = At(start);
    b.end_at = At(end);
    b.point_ids = std::move(points);
    return b;
  }

  std::vector<int64_t> points_;
};

TEST_F(BookingTest, APointInTwoOverlappingMeetingsIsRefusedNamingTheOther) {
  auto first = plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0], points_[1]}), "op");
  ASSERT_TRUE(first) << first.error().code;
  auto clash = plane_->bookings().Create(
      Make("2000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {points_[2], points_[1]}), "op");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(clash.error().code, "booking.point_conflict");
  EXPECT_EQ(clash.error().Arg("point"), "Điểm 1");
  EXPECT_EQ(clash.error().Arg("booking"), std::to_string(first->id));
  // Back to back is fine.
  EXPECT_TRUE(plane_->bookings().Create(
      Make("2000", "2027-01-05T03:00:00Z", "2027-01-05T04:00:00Z", {points_[1]}), "op"));
}

TEST_F(BookingTest, TheTestRunOccupiesThePointsToo) {
  Booking first = Make("1000", "2027-01-05T03:00:00Z", "2027-01-05T05:00:00Z", {points_[0]});
  first.test_at = At("2027-01-05T01:30:00Z");
  ASSERT_TRUE(plane_->bookings().Create(first, "op"));
  auto clash = plane_->bookings().Create(
      Make("2000", "2027-01-05T01:00:00Z", "2027-01-05T02:00:00Z", {points_[0]}), "op");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, "booking.point_conflict");
}

TEST_F(BookingTest, ARoomInTwoOverlappingMeetingsIsRefused) {
  ASSERT_TRUE(plane_->bookings().Create(Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0]}), "op"));
  auto clash = plane_->bookings().Create(
      Make("1000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {points_[1]}), "op");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, "booking.room_conflict");
  EXPECT_EQ(clash.error().Arg("room"), "1000");
}

TEST_F(BookingTest, BandwidthOverTheBudgetIsRefusedWithBothFigures) {
  auto over = plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0], points_[1], points_[2], points_[3]}),
      "op");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "booking.bandwidth_exceeded");
  EXPECT_EQ(over.error().Arg("needed_mbps"), "12.0");
  EXPECT_EQ(over.error().Arg("budget_mbps"), "10.0");
}

TEST_F(BookingTest, OverlappingMeetingsShareTheBudget) {
  ASSERT_TRUE(plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0], points_[1]}), "op"));
  auto over = plane_->bookings().Create(
      Make("2000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {points_[2], points_[3]}), "op");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "booking.bandwidth_exceeded_overlap");
  EXPECT_EQ(over.error().Arg("others_mbps"), "6.0");
  // After the first ends there is room.
  EXPECT_TRUE(plane_->bookings().Create(
      Make("2000", "2027-01-05T03:00:00Z", "2027-01-05T04:00:00Z", {points_[2], points_[3]}), "op"));
}

TEST_F(BookingTest, CancelledBookingsConflictWithNothing) {
  auto first = plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0]}), "op");
  ASSERT_TRUE(plane_->bookings().Cancel(first->id));
  EXPECT_TRUE(plane_->bookings().Create(Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0]}), "op"));
  EXPECT_EQ(plane_->bookings().Update(first->id, Make("1000", "2027-01-06T01:00:00Z", "2027-01-06T03:00:00Z",
                                                      {points_[0]})).error().code,
            "booking.cancelled");
}

TEST_F(BookingTest, UpdatingABookingDoesNotConflictWithItself) {
  auto first = plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0]}), "op");
  auto moved = plane_->bookings().Update(
      first->id, Make("1000", "2027-01-05T02:00:00Z", "2027-01-05T04:00:00Z", {points_[0], points_[1]}));
  ASSERT_TRUE(moved) << moved.error().code;
  EXPECT_EQ(moved->point_ids.size(), 2u);
  EXPECT_EQ(moved->created_by, "op");
}

TEST_F(BookingTest, UnknownRoomsAndPointsAndPastMeetingsAreRefused) {
  EXPECT_EQ(plane_->bookings().Create(Make("3000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0]}), "op")
                .error().code,
            "booking.unknown_room");
  auto unknown = plane_->bookings().Create(
      Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0], 999}), "op");
  EXPECT_EQ(unknown.error().code, "booking.unknown_point");
  EXPECT_EQ(unknown.error().field, "points[1]");
  EXPECT_EQ(plane_->bookings().Create(Make("1000", "2027-01-01T01:00:00Z", "2027-01-01T03:00:00Z", {points_[0]}), "op")
                .error().code,
            "booking.in_past");
}

TEST_F(BookingTest, NoticeIsRequiredExceptForEmergencies) {
  plane_.reset();
  ControlOptions options = options_;
  options.bookings.min_notice_seconds = 24 * 3600;
  Open(options);
  // Now is 2027-01-04T01:00Z; a meeting in 3 hours.
  Booking soon = Make("1000", "2027-01-04T04:00:00Z", "2027-01-04T05:00:00Z", {points_[0]});
  auto refused = plane_->bookings().Create(soon, "op");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "booking.short_notice");
  soon.emergency = true;
  auto accepted = plane_->bookings().Create(soon, "op");
  ASSERT_TRUE(accepted);
  EXPECT_TRUE(accepted->emergency);
}

TEST(BookingScheduler, OpensTestRunThenGoesLiveThenEnds) {
  Booking b;
  b.id = 1;
  b.room_number = "1000";
  b.test_at = 100;
  b.start_at = 200;
  b.end_at = 300;
  b.point_ids = {4, 5};
  BookingScheduler scheduler;
  std::vector<Booking> list = {b};
  EXPECT_TRUE(scheduler.Update(list, 50).empty());
  auto actions = scheduler.Update(list, 100);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0], (BookingAction{BookingActionKind::kOpenTestRun, 1, "1000", {4, 5}}));
  EXPECT_TRUE(scheduler.Update(list, 150).empty());  // said once
  actions = scheduler.Update(list, 200);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, BookingActionKind::kGoLive);
  actions = scheduler.Update(list, 300);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, BookingActionKind::kEnd);
  EXPECT_EQ(scheduler.PhaseOf(1), BookingPhase::kEnded);
  EXPECT_TRUE(scheduler.Update(list, 400).empty());
}

TEST(BookingScheduler, ARestartMidMeetingGoesLiveWithoutATestRun) {
  Booking b;
  b.id = 7;
  b.room_number = "1000";
  b.test_at = 100;
  b.start_at = 200;
  b.end_at = 300;
  BookingScheduler scheduler;
  std::vector<Booking> list = {b};
  auto actions = scheduler.Update(list, 250);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, BookingActionKind::kGoLive);
  BookingScheduler late;
  EXPECT_TRUE(late.Update(list, 350).empty());  // ended unseen: nothing to do
}

TEST(BookingScheduler, CancellingOrRemovingARunningBookingEndsIt) {
  Booking b;
  b.id = 3;
  b.room_number = "2000";
  b.start_at = 200;
  b.end_at = 300;
  BookingScheduler scheduler;
  std::vector<Booking> list = {b};
  ASSERT_EQ(scheduler.Update(list, 210).size(), 1u);
  list[0].status = BookingStatus::kCancelled;
  auto actions = scheduler.Update(list, 220);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, BookingActionKind::kEnd);
  EXPECT_EQ(actions[0].room, "2000");

  BookingScheduler other;
  list[0].status = BookingStatus::kScheduled;
  ASSERT_EQ(other.Update(list, 210).size(), 1u);
  actions = other.Update({}, 220);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, BookingActionKind::kEnd);
}

TEST(CsvWriter, QuotesWhatNeedsQuotingAndDefusesFormulas) {
  CsvWriter csv(CsvBom::kWithout);
  csv.Text("plain").Text("a,b").Text("say \"hi\"").Text("two\nlines").Text("=HYPERLINK(\"x\")").Number(-5);
  csv.EndRow();
  EXPECT_EQ(csv.data(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",-5\r\n");
  auto rows = ParseCsv(csv.data());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][3], "two\nlines");
  EXPECT_EQ(rows[0][4], "'=HYPERLINK(\"x\")");
  CsvWriter with_bom;
  EXPECT_EQ(with_bom.data(), "\xEF\xBB\xBF");
}

TEST_F(BookingTest, ReportsCountMeetingsPerHostAndMonthInLocalTime) {
  Logbook& log = plane_->logbook();
  // 2027-01-31T18:00Z is 2027-02-01 01:00 in Vietnam: a February meeting.
  auto a = log.StartMeeting({"1000", std::nullopt, "Giao ban", "UBND tỉnh", MeetingKind::kLive}, At("2027-01-31T18:00:00Z"));
  ASSERT_TRUE(log.PointJoined(*a, {points_[0], "Điểm 0", ""}, At("2027-01-31T18:00:00Z")));
  ASSERT_TRUE(log.EndMeeting(*a, At("2027-01-31T19:00:00Z")));
  auto b = log.StartMeeting({"1000", std::nullopt, "Họp, \"khẩn\"", "Sở TT&TT", MeetingKind::kLive}, At("2027-01-10T01:00:00Z"));
  ASSERT_TRUE(log.EndMeeting(*b, At("2027-01-10T01:30:00Z")));
  auto test = log.StartMeeting({"1000", std::nullopt, "thử", "UBND tỉnh", MeetingKind::kTest}, At("2027-01-10T00:00:00Z"));
  ASSERT_TRUE(log.EndMeeting(*test, At("2027-01-10T00:30:00Z")));

  auto report = plane_->reports().Meetings(At("2027-01-01"), At("2027-03-01"), Now(), MeetingKinds::kLiveOnly);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->meetings.size(), 2u);
  ASSERT_EQ(report->by_month.size(), 2u);
  EXPECT_EQ(report->by_month[0].key, "2027-01");
  EXPECT_EQ(report->by_month[1].key, "2027-02");
  EXPECT_EQ(report->by_host.size(), 2u);
  EXPECT_EQ(report->meetings[1].duration_minutes, 60);
  EXPECT_EQ(report->meetings[1].points_joined, 1u);

  auto rows = ParseCsv(MeetingsReportToCsv(*report, CsvBom::kWith));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "id");  // the BOM is stripped by the reader
  EXPECT_EQ(rows[1][2], "Họp, \"khẩn\"");
  EXPECT_EQ(rows[1][3], "Sở TT&TT");
}

TEST_F(BookingTest, AvailabilityCountsBookedPointsThatNeverJoined) {
  Booking booking = Make("1000", "2027-01-05T01:00:00Z", "2027-01-05T03:00:00Z", {points_[0], points_[1]});
  auto booked = plane_->bookings().Create(booking, "op");
  ASSERT_TRUE(booked);
  Logbook& log = plane_->logbook();
  auto m = log.StartMeeting({"1000", booked->id, booking.title, booking.host_org, MeetingKind::kLive},
                            At("2027-01-05T01:00:00Z"));
  // Point 0 is there for the first hour, drops for 30 minutes, comes back.
  auto s1 = log.PointJoined(*m, {points_[0], "Điểm 0", ""}, At("2027-01-05T01:00:00Z"));
  ASSERT_TRUE(log.PointLeft(*s1, "rtp timeout", At("2027-01-05T02:00:00Z")));
  ASSERT_TRUE(log.RecordIncident(*m, {points_[0], "Điểm 0", ""}, IncidentCause::kRtpTimeout, "", "", At("2027-01-05T02:00:00Z")));
  ASSERT_TRUE(log.PointJoined(*m, {points_[0], "Điểm 0", ""}, At("2027-01-05T02:30:00Z")));
  ASSERT_TRUE(log.EndMeeting(*m, At("2027-01-05T03:00:00Z")));

  auto report = plane_->reports().Availability(At("2027-01-01"), At("2027-02-01"), Now());
  ASSERT_TRUE(report);
  ASSERT_EQ(report->points.size(), 2u);
  const auto& p0 = report->points[0];
  const auto& p1 = report->points[1];
  EXPECT_EQ(p0.name, "Điểm 0");
  EXPECT_EQ(p0.connected_seconds, 90 * 60);
  EXPECT_EQ(p0.expected_seconds, 120 * 60);
  EXPECT_DOUBLE_EQ(p0.availability_pct(), 75.0);
  EXPECT_EQ(p0.incidents, 1u);
  EXPECT_EQ(p1.name, "Điểm 1");  // from the address book: it never joined
  EXPECT_EQ(p1.meetings_joined, 0u);
  EXPECT_DOUBLE_EQ(p1.availability_pct(), 0.0);
}

TEST(EventHub, SubscribersGetEventsForTheirRoom) {
  EventHub hub(8, 4);
  auto all = hub.Subscribe("");
  auto room = hub.Subscribe("1000");
  hub.Publish("floor", "1000", R"({"holders":[3]})");
  hub.Publish("floor", "2000", R"({"holders":[]})");
  hub.Publish("meeting", "", R"({})");
  auto got_all = all->Wait(std::chrono::milliseconds(0));
  auto got_room = room->Wait(std::chrono::milliseconds(0));
  EXPECT_EQ(got_all.size(), 3u);
  ASSERT_EQ(got_room.size(), 2u);  // its room and the room-less event
  EXPECT_EQ(got_room[0].data, R"({"holders":[3]})");
  EXPECT_LT(got_room[0].id, got_room[1].id);
}

TEST(EventHub, ASlowSubscriberLosesTheOldestAndIsToldHowMany) {
  EventHub hub(4, 4);
  auto sub = hub.Subscribe("");
  for (int i = 0; i < 10; ++i) hub.Publish("stats", "1000", std::to_string(i));
  auto events = sub->Wait(std::chrono::milliseconds(0));
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].type, "dropped");
  EXPECT_EQ(events[0].data, R"({"count":6})");
  EXPECT_EQ(events[1].data, "6");
  EXPECT_EQ(events[4].data, "9");
  EXPECT_EQ(hub.events_dropped(), 6u);
}

TEST(EventHub, SubscribersAreBoundedAndCloseWakesThem) {
  EventHub hub(4, 2);
  auto a = hub.Subscribe("");
  auto b = hub.Subscribe("");
  EXPECT_EQ(hub.Subscribe(""), nullptr);
  b.reset();
  auto c = hub.Subscribe("");
  ASSERT_NE(c, nullptr);
  std::thread closer([&] { hub.Close(); });
  // Returns once closed, long before its timeout.
  auto events = a->Wait(std::chrono::seconds(30));
  closer.join();
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(a->closed());
}

}  // namespace
}  // namespace softmcu::control::testing
