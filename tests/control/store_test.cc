// The SQLite store: migrations, transactions, persistence, and the stores on it.
#include <gtest/gtest.h>

#include "control/store/migrations.h"
#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

BridgePoint MakePoint(const std::string& name, const std::string& uri, int64_t kbps = 2000) {
  BridgePoint p;
  p.name = name;
  p.sip_uri = uri;
  p.tier = Tier::kDistrict;
  p.bandwidth_kbps = kbps;
  p.allowed_sources = {"10.1.0.0/16"};
  p.contacts = {{"Lê Văn An", "+84 912 345 678"}, {"Trần Thị Bình", "0207 3822 123"}};
  return p;
}

class StoreTest : public ControlTest {
 protected:
  void SetUp() override { Open(); }
};

TEST_F(StoreTest, NewDatabaseIsMigratedToTheLatestVersion) {
  EXPECT_EQ(plane_->database().schema_version(), LatestSchemaVersion());
  Reopen();  // nothing left to run
  EXPECT_EQ(plane_->database().schema_version(), LatestSchemaVersion());
}

TEST_F(StoreTest, ADatabaseFromANewerSoftmcuIsRefused) {
  ASSERT_TRUE(plane_->database().Read([](Connection& c) { return c.Exec("PRAGMA user_version = 999"); }));
  plane_.reset();
  auto reopened = ControlPlane::Open(options_, &clock_, &metrics_);
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error().code, "store.schema_too_new");
}

TEST_F(StoreTest, RecordsSurviveReopeningTheDatabase) {
  auto point = plane_->points().Create(MakePoint("UBND huyện Triệu Sơn", "sip:ts@10.1.2.3"));
  ASSERT_TRUE(point);
  ASSERT_TRUE(plane_->audit().Record({0, 0, AuditCategory::kAction, "point.create", "admin", "127.0.0.1", "point 1",
                                      AuditResult::kOk, ""}));
  Reopen();
  auto loaded = plane_->points().Get(point->id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->name, "UBND huyện Triệu Sơn");
  EXPECT_EQ(loaded->contacts, point->contacts);
  EXPECT_EQ(loaded->allowed_sources, point->allowed_sources);
  auto audit = plane_->audit().List({});
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 1u);
}

TEST_F(StoreTest, AFailedMultiRowWriteLeavesNothingBehind) {
  // The point row and its first source are written, then the sixth statement (the first
  // contact) fails: the transaction must take the point and the source back with it.
  plane_->database().InjectFaultAfter(6);
  auto created = plane_->points().Create(MakePoint("Xã A", "sip:a@10.1.0.1"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, "store.error");
  auto list = plane_->points().List();
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
  auto orphans = plane_->database().Read([](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto s, c.Prepare("SELECT (SELECT COUNT(*) FROM point_contacts) + (SELECT COUNT(*) FROM point_sources)"));
    CONTROL_TRY(s.Step());
    return s.Int(0);
  });
  EXPECT_EQ(*orphans, 0);
  // And the store works again afterwards.
  EXPECT_TRUE(plane_->points().Create(MakePoint("Xã A", "sip:a@10.1.0.1")));
}

TEST_F(StoreTest, AFailedRoomMemberWriteKeepsTheOldRoom) {
  auto a = plane_->points().Create(MakePoint("A", "sip:a@10.1.0.1"));
  auto b = plane_->points().Create(MakePoint("B", "sip:b@10.1.0.2"));
  Room room;
  room.number = "1000";
  room.name = "Phòng họp";
  room.members = {{a->id, 0, false}};
  ASSERT_TRUE(plane_->rooms().Create(room));
  room.name = "Renamed";
  room.members = {{a->id, 0, false}, {b->id, 1, false}};
  plane_->database().InjectFaultAfter(7);  // after the UPDATE and the first member insert
  EXPECT_FALSE(plane_->rooms().Update("1000", room));
  auto stored = plane_->rooms().Get("1000");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Phòng họp");
  ASSERT_EQ(stored->members.size(), 1u);
  EXPECT_EQ(stored->members[0].point_id, a->id);
}

TEST_F(StoreTest, PointNamesAndUrisAreUnique) {
  ASSERT_TRUE(plane_->points().Create(MakePoint("A", "sip:a@10.1.0.1")));
  auto same_name = plane_->points().Create(MakePoint("A", "sip:other@10.1.0.9"));
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().code, "point.name_taken");
  EXPECT_EQ(same_name.error().kind, ErrorKind::kConflict);
  auto same_uri = plane_->points().Create(MakePoint("B", "sip:a@10.1.0.1"));
  EXPECT_EQ(same_uri.error().code, "point.uri_taken");
}

TEST_F(StoreTest, APointInARoomCannotBeDeleted) {
  auto a = plane_->points().Create(MakePoint("A", "sip:a@10.1.0.1"));
  Room room;
  room.number = "1000";
  room.name = "Phòng họp";
  room.chair_point_id = a->id;
  room.members = {{a->id, std::nullopt, false}};
  ASSERT_TRUE(plane_->rooms().Create(room));
  auto deleted = plane_->points().Delete(a->id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, "point.in_use_room");
  EXPECT_EQ(deleted.error().Arg("room"), "1000");
  ASSERT_TRUE(plane_->rooms().Delete("1000"));
  EXPECT_TRUE(plane_->points().Delete(a->id));
}

TEST_F(StoreTest, RoomMembersMustExist) {
  Room room;
  room.number = "1000";
  room.name = "Phòng họp";
  room.members = {{42, std::nullopt, false}};
  auto created = plane_->rooms().Create(room);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, "room.unknown_point");
  EXPECT_EQ(created.error().field, "members[0].point");
  EXPECT_FALSE(plane_->rooms().Get("1000"));
}

TEST_F(StoreTest, CallersAreFoundByUriOrSource) {
  auto a = plane_->points().Create(MakePoint("A", "sip:a@10.1.0.1"));
  auto by_uri = plane_->points().FindByUri("sip:a@10.1.0.1");
  ASSERT_TRUE(by_uri && *by_uri);
  EXPECT_EQ((*by_uri)->id, a->id);
  auto by_source = plane_->points().FindBySource("10.1.200.7");
  ASSERT_TRUE(by_source && *by_source);
  EXPECT_FALSE(*plane_->points().FindBySource("192.0.2.1"));
}

TEST_F(StoreTest, LogbookRecordsAMeetingWithEverythingInIt) {
  auto id = plane_->logbook().StartMeeting({"1000", std::nullopt, "Giao ban", "UBND tỉnh", MeetingKind::kLive});
  ASSERT_TRUE(id);
  auto session = plane_->logbook().PointJoined(*id, {7, "Xã A", "sip:a@10.1.0.1"});
  ASSERT_TRUE(session);
  clock_.Advance(TimeDelta::Seconds(600));
  ASSERT_TRUE(plane_->logbook().RecordIncident(*id, {7, "Xã A", ""}, IncidentCause::kRtpTimeout, "no RTP for 10 s", ""));
  ASSERT_TRUE(plane_->logbook().PointLeft(*session, "rtp timeout"));
  ASSERT_TRUE(plane_->logbook().RecordQuality(*id, {7, "Xã A", ""}, {1.5, 12.0, 1900.0, 2}));
  ASSERT_TRUE(plane_->logbook().AddNote(*id, "operator", "Xã A mất kết nối, đã gọi lại."));
  ASSERT_TRUE(plane_->logbook().EndMeeting(*id));
  auto log = plane_->logbook().GetMeeting(*id);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->sessions.size(), 1u);
  EXPECT_EQ(*log->sessions[0].left_at - log->sessions[0].joined_at, 600);
  EXPECT_EQ(log->sessions[0].leave_cause, "rtp timeout");
  ASSERT_EQ(log->incidents.size(), 1u);
  EXPECT_EQ(log->incidents[0].cause, IncidentCause::kRtpTimeout);
  EXPECT_EQ(log->quality[0].summary.freezes, 2);
  EXPECT_EQ(log->notes[0].user, "operator");
  EXPECT_TRUE(log->meeting.ended_at);
  EXPECT_EQ(plane_->logbook().AddNote(999, "x", "y").error().code, "logbook.meeting_not_found");
}

TEST_F(StoreTest, EndingAMeetingClosesOpenSessions) {
  auto id = plane_->logbook().StartMeeting({"1000", std::nullopt, "", "", MeetingKind::kTest});
  auto session = plane_->logbook().PointJoined(*id, {std::nullopt, "Khách", "sip:guest@192.0.2.8"});
  ASSERT_TRUE(plane_->logbook().EndMeeting(*id));
  auto log = plane_->logbook().GetMeeting(*id);
  ASSERT_TRUE(log->sessions[0].left_at);
  EXPECT_EQ(log->sessions[0].leave_cause, "meeting ended");
  EXPECT_EQ(plane_->logbook().PointLeft(*session, "late").error().code, "logbook.session_not_found");
}

TEST_F(StoreTest, SecurityEventFloodsAreCoalescedAndCounted) {
  for (int i = 0; i < 50; ++i) {
    plane_->audit().RecordSecurityEvent("sip.source_rejected", "203.0.113.9", "sip:1000@mcu", "not on the allow list");
  }
  plane_->audit().RecordSecurityEvent("sip.source_rejected", "203.0.113.10", "sip:1000@mcu", "not on the allow list");
  auto entries = plane_->audit().List({});
  ASSERT_EQ(entries->size(), 2u);
  clock_.Advance(TimeDelta::Seconds(61));
  plane_->audit().RecordSecurityEvent("sip.source_rejected", "203.0.113.9", "sip:1000@mcu", "not on the allow list");
  entries = plane_->audit().List({});
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].category, AuditCategory::kSecurity);
  EXPECT_EQ((*entries)[0].source, "203.0.113.9");
  EXPECT_NE((*entries)[0].detail.find("+49 similar"), std::string::npos) << (*entries)[0].detail;
}

TEST_F(StoreTest, AuditQueriesFilterAndPage) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(plane_->audit().Record({0, 0, AuditCategory::kAction, i % 2 ? "point.create" : "room.update",
                                        i % 2 ? "alice" : "bob", "127.0.0.1", "", AuditResult::kOk, ""}));
    clock_.Advance(TimeDelta::Seconds(10));
  }
  AuditQuery q;
  q.action_prefix = "point";
  EXPECT_EQ(plane_->audit().List(q)->size(), 2u);
  q = {};
  q.user = "bob";
  EXPECT_EQ(plane_->audit().List(q)->size(), 3u);
  q = {};
  q.limit = 2;
  auto page = plane_->audit().List(q);
  ASSERT_EQ(page->size(), 2u);
  q.before_id = page->back().id;
  q.limit = 10;
  EXPECT_EQ(plane_->audit().List(q)->size(), 3u);
  q = {};
  q.action_prefix = "poin";  // a prefix matches whole dotted segments only
  EXPECT_EQ(plane_->audit().List(q)->size(), 0u);
}

TEST_F(StoreTest, PruningRemovesOnlyWhatIsPastRetention) {
  const int64_t t0 = Now();
  auto old_meeting = plane_->logbook().StartMeeting({"1000", std::nullopt, "old", "", MeetingKind::kLive});
  ASSERT_TRUE(plane_->logbook().AddNote(*old_meeting, "op", "old note"));
  ASSERT_TRUE(plane_->logbook().EndMeeting(*old_meeting));
  ASSERT_TRUE(plane_->audit().Record({0, 0, AuditCategory::kAction, "old", "", "", "", AuditResult::kOk, ""}));
  clock_.Advance(TimeDelta::Seconds(10 * 86400));
  auto recent_meeting = plane_->logbook().StartMeeting({"1000", std::nullopt, "recent", "", MeetingKind::kLive});
  ASSERT_TRUE(plane_->logbook().EndMeeting(*recent_meeting));
  ASSERT_TRUE(plane_->audit().Record({0, 0, AuditCategory::kAction, "recent", "", "", "", AuditResult::kOk, ""}));

  // 179 days after the old records: nothing is past 180 days yet.
  clock_.SetTo(Timestamp::Seconds(t0 + 179 * 86400));
  RecordPruner pruner(&plane_->audit(), &plane_->logbook(), &plane_->sessions(), &clock_, RetentionOptions{},
                      TimeDelta::Seconds(1800));
  auto report = pruner.Prune();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->audit_entries, 0);
  EXPECT_EQ(report->meetings, 0);

  // 181 days: the old meeting and audit entry go; the recent ones stay.
  clock_.SetTo(Timestamp::Seconds(t0 + 181 * 86400));
  report = pruner.Prune();
  EXPECT_EQ(report->audit_entries, 1);
  EXPECT_EQ(report->meetings, 1);
  EXPECT_FALSE(plane_->logbook().GetMeeting(*old_meeting));
  EXPECT_TRUE(plane_->logbook().GetMeeting(*recent_meeting));
  auto remaining = plane_->audit().List({});
  ASSERT_EQ(remaining->size(), 2u);  // "recent" and the prune's own entry
  EXPECT_EQ((*remaining)[0].action, "records.prune");
  EXPECT_EQ((*remaining)[1].action, "recent");
  auto notes = plane_->database().Read([](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto s, c.Prepare("SELECT COUNT(*) FROM notes"));
    CONTROL_TRY(s.Step());
    return s.Int(0);
  });
  EXPECT_EQ(*notes, 0);  // cascaded with its meeting
}

TEST(Retention, BelowTheMinimumOnlyWhenExplicitlyAllowed) {
  EXPECT_TRUE(RetentionOptions{}.Validate());
  EXPECT_EQ((RetentionOptions{90, false}.Validate().error().code), "config.retention_too_short");
  EXPECT_TRUE((RetentionOptions{1, true}.Validate()));
  EXPECT_TRUE((RetentionOptions{365, false}.Validate()));
}

}  // namespace
}  // namespace softmcu::control::testing
