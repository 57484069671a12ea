// Call control end to end on loopback: a real SipStack for the MCU (driven by the
// CallController) and another for the "terminal" (the interop tests' stand-in), the
// conference engine with one worker. The terminal's media ports are never opened, so a
// connected call loses its media after the (short) media timeout — which is exactly what
// the redial tests need. Waits are bounded; nothing sleeps a fixed time.

#include "conference/call/call_controller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "conference/call/redial_backoff.h"
#include "conference/call/reoffer_change.h"
#include "tests/interop/testing/conference_stand_in.h"

namespace softmcu {
namespace {

using namespace std::chrono_literals;

class MemoryDirectory final : public CallDirectory {
 public:
  std::optional<DirectoryRoom> FindRoom(std::string_view number) override {
    std::lock_guard lock(mutex);
    if (number != room.config.number) return std::nullopt;
    return room;
  }
  std::optional<DirectoryPoint> FindPoint(int64_t point_id) override {
    std::lock_guard lock(mutex);
    for (const auto& p : book) {
      if (p.id == point_id) return p;
    }
    return std::nullopt;
  }
  CallerCheck CheckCaller(std::string_view from_uri, std::string_view source_ip) override {
    std::lock_guard lock(mutex);
    CallerCheck check;
    for (const auto& m : room.members) {
      if (m.sip_uri == from_uri) check.point = m;
    }
    check.source_allowed = allow_source_prefix.empty() ? false : source_ip.rfind(allow_source_prefix, 0) == 0;
    return check;
  }
  std::mutex mutex;
  DirectoryRoom room;
  std::vector<DirectoryPoint> book;  // points of the address book that are no member
  std::string allow_source_prefix = "127.";
};

class RecordingObserver final : public CallControllerObserver {
 public:
  void OnCallRefused(const CallRefusal& refusal) override {
    std::lock_guard lock(mutex);
    refusals.push_back(refusal);
  }
  void OnCallIncident(const CallIncident& incident, double redial_in_s) override {
    std::lock_guard lock(mutex);
    incidents.push_back(incident);
    redial_delays.push_back(redial_in_s);
  }
  std::mutex mutex;
  std::vector<CallRefusal> refusals;
  std::vector<CallIncident> incidents;
  std::vector<double> redial_delays;
};

class ForwardingListener final : public ConferenceListener {
 public:
  void OnParticipantUpdated(std::string_view, const ParticipantSnapshot&) override {}
  void OnParticipantRemoved(std::string_view, ParticipantId, std::string_view) override {}
  void OnFloorEvent(std::string_view, const FloorEvent&) override {}
  void OnLevels(std::string_view, std::span<const SpeakerLevel>) override {}
  void OnTestReport(std::string_view, const ParticipantSnapshot&) override {}
  void OnMediaLost(std::string_view room, ParticipantId id) override {
    if (CallController* c = calls.load()) c->OnMediaLost(room, id);
  }
  void OnHangupWanted(std::string_view, ParticipantId, std::string_view) override {}
  std::atomic<CallController*> calls{nullptr};
};

sdp::MediaCapabilities SrtpCaps() {
  sdp::MediaCapabilities caps;
  caps.srtp = sdp::SrtpPolicy::kRequired;
  return caps;
}

class CallControllerTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(CallControllerConfig{}); }

  void Build(CallControllerConfig config) {
    Teardown();
    directory_.room.config.number = "1000";
    directory_.room.config.name = "Phòng họp";
    directory_.room.srtp_required = true;
    ConferenceConfig conference;
    conference.workers = 1;
    conference.media_timeout = TimeDelta::Millis(1500);
    manager_ = std::make_unique<ConferenceManager>(conference, &listener_, SystemClock::Instance());
    config.redial = RedialPolicy{.initial = TimeDelta::Millis(200), .max = TimeDelta::Seconds(1), .max_attempts = 0};
    config.dialout_retries = 0;
    config.answer_timeout = TimeDelta::Seconds(5);
    calls_ = std::make_unique<CallController>(config, &signalling_.loop(), manager_.get(), &directory_, &observer_,
                                              SystemClock::Instance());
    listener_.calls = calls_.get();
    sip::SipStackConfig sip_config;
    sip_config.listen.push_back(*sip::TransportAddress::Parse("udp:127.0.0.1:0"));
    std::promise<Result<std::vector<sip::TransportAddress>>> bound;
    signalling_.loop().Post([&] {
      stack_ = std::make_unique<sip::SipStack>(&signalling_.loop(), sip_config, calls_.get(), calls_.get(), nullptr);
      bound.set_value(stack_->Start());
    });
    auto addresses = bound.get_future().get();
    ASSERT_TRUE(addresses.has_value());
    mcu_ = addresses->front();
    calls_->SetStack(stack_.get());
    calls_->Start();

    sip::SipStackConfig peer_config;
    peer_config.listen.push_back(*sip::TransportAddress::Parse("udp:127.0.0.1:0"));
    terminal_ = std::make_unique<interop::ConferenceStandIn>(SrtpCaps());
    ASSERT_TRUE(terminal_->StartStack(peer_config)) << terminal_->error();
  }

  void TearDown() override { Teardown(); }

  void Teardown() {
    if (calls_) calls_->Stop();
    terminal_.reset();
    listener_.calls = nullptr;
    if (stack_) {
      std::promise<void> done;
      signalling_.loop().Post([&] {
        stack_.reset();
        done.set_value();
      });
      done.get_future().wait();
    }
    manager_.reset();
    calls_.reset();
  }

  std::string TerminalUri() const {
    return "sip:branch@" + terminal_->Bound(sip::TransportKind::kUdp).HostPort();
  }

  // The terminal calls room `room` with an SRTP (or plain) offer.
  sip::CallHandle CallIn(const std::string& room, bool srtp = true) {
    sdp::MediaCapabilities caps = srtp ? SrtpCaps() : interop::ConferenceStandIn::PlainRtpAllowed();
    if (!srtp) caps.crypto_suites.clear();  // RTP/AVP without a=crypto, as an old terminal offers
    auto offer = sdp::MediaNegotiator(caps).CreateOffer(sdp::LocalMedia{.audio = {.rtp_port = 41000},
                                                                        .video = {.rtp_port = 41002}});
    EXPECT_TRUE(offer.has_value());
    return terminal_->stack().PlaceCall("sip:" + room + "@" + mcu_.HostPort(), offer->sdp,
                                        sip::PlaceCallOptions{.answer_timeout = TimeDelta::Seconds(5),
                                                              .display_name = "Xã Hoằng Hóa"});
  }

  std::optional<RoomSnapshot> Snapshot() {
    auto s = manager_->Run<RoomSnapshot>("1000", [](Room& r) -> Result<RoomSnapshot> { return r.Snapshot(); });
    if (!s) return std::nullopt;
    return *s;
  }

  template <typename Pred>
  bool WaitUntil(Pred pred, std::chrono::milliseconds limit = 10s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (pred()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return pred();
  }

  bool WaitForState(ParticipantState state, std::chrono::milliseconds limit = 10s) {
    return WaitUntil([&] {
      auto s = Snapshot();
      return s && s->participants.size() == 1 && s->participants.front().state == state;
    }, limit);
  }

  int LastStatus() {
    auto ends = terminal_->Ends();
    return ends.empty() ? -1 : ends.back().status;
  }

  MemoryDirectory directory_;
  RecordingObserver observer_;
  ForwardingListener listener_;
  EventLoopThread signalling_{"sip-mcu"};
  std::unique_ptr<ConferenceManager> manager_;
  std::unique_ptr<CallController> calls_;
  std::unique_ptr<sip::SipStack> stack_;
  sip::TransportAddress mcu_;
  std::unique_ptr<interop::ConferenceStandIn> terminal_;
};

TEST(RedialDelayTest, DoublesUpToTheCeilingAndGivesUpAfterMaxAttempts) {
  RedialPolicy policy{.initial = TimeDelta::Seconds(2), .max = TimeDelta::Seconds(60), .max_attempts = 0};
  EXPECT_EQ(RedialDelay(policy, 1)->us(), TimeDelta::Seconds(2).us());
  EXPECT_EQ(RedialDelay(policy, 2)->us(), TimeDelta::Seconds(4).us());
  EXPECT_EQ(RedialDelay(policy, 5)->us(), TimeDelta::Seconds(32).us());
  EXPECT_EQ(RedialDelay(policy, 6)->us(), TimeDelta::Seconds(60).us());
  EXPECT_EQ(RedialDelay(policy, 1000)->us(), TimeDelta::Seconds(60).us());
  policy.max_attempts = 3;
  EXPECT_TRUE(RedialDelay(policy, 3).has_value());
  EXPECT_FALSE(RedialDelay(policy, 4).has_value());
}

TEST_F(CallControllerTest, SourceOffTheAllowListGets403BeforeAnythingAboutRooms) {
  {
    std::lock_guard lock(directory_.mutex);
    directory_.allow_source_prefix.clear();
  }
  CallIn("9999");  // an unknown room: the answer must not tell
  ASSERT_TRUE(terminal_->WaitFor("terminated failed")) << terminal_->EventsText();
  EXPECT_EQ(LastStatus(), 403);
  std::lock_guard lock(observer_.mutex);
  ASSERT_EQ(observer_.refusals.size(), 1u);
  EXPECT_TRUE(observer_.refusals[0].security);
  EXPECT_EQ(observer_.refusals[0].source.rfind("127.0.0.1:", 0), 0u);
}

TEST_F(CallControllerTest, UnknownRoomGets404) {
  CallIn("4321");
  ASSERT_TRUE(terminal_->WaitFor("terminated failed")) << terminal_->EventsText();
  EXPECT_EQ(LastStatus(), 404);
  EXPECT_FALSE(manager_->IsOpen("4321"));
}

TEST_F(CallControllerTest, PlainRtpOfferGets488WhenTheRoomRequiresSrtp) {
  CallIn("1000", /*srtp=*/false);
  ASSERT_TRUE(terminal_->WaitFor("terminated failed")) << terminal_->EventsText();
  EXPECT_EQ(LastStatus(), 488);
  auto s = Snapshot();
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(WaitUntil([&] { return Snapshot() && Snapshot()->participants.empty(); }));
}

TEST_F(CallControllerTest, DialInOpensTheRoomAndConnectsAnAnonymousCallerWhoLeavesOnBye) {
  auto call = CallIn("1000");
  ASSERT_TRUE(terminal_->WaitFor("answered")) << terminal_->EventsText();
  EXPECT_TRUE(manager_->IsOpen("1000"));
  ASSERT_TRUE(WaitForState(ParticipantState::kConnected));
  auto s = Snapshot();
  EXPECT_EQ(s->participants.front().info.direction, CallDirection::kDialIn);
  EXPECT_EQ(s->participants.front().info.name, "Xã Hoằng Hóa");  // not in the book: its display name
  // A caller not in the address book is not redialled: its BYE makes it leave.
  terminal_->stack().Hangup(call);
  EXPECT_TRUE(WaitUntil([&] { return Snapshot() && Snapshot()->participants.empty(); }));
  EXPECT_EQ(calls_->stats().pending_redials, 0u);
}

// A re-INVITE that puts the call on hold is answered; one with new SRTP keys is refused
// with 488 (the running transport cannot take them) and the call goes on as it was.
TEST_F(CallControllerTest, AReofferWithNewKeysIsRefusedWhileHoldIsAnswered) {
  sdp::MediaCapabilities caps = SrtpCaps();
  const sdp::LocalMedia media{.audio = {.rtp_port = 41000}, .video = {.rtp_port = 41002}};
  auto offer = sdp::MediaNegotiator(caps).CreateOffer(media);
  ASSERT_TRUE(offer.has_value());
  auto call = terminal_->stack().PlaceCall("sip:1000@" + mcu_.HostPort(), offer->sdp,
                                           sip::PlaceCallOptions{.answer_timeout = TimeDelta::Seconds(5)});
  ASSERT_TRUE(terminal_->WaitFor("answered")) << terminal_->EventsText();

  sdp::SessionDescription hold = offer->sdp;
  for (auto& m : hold.media) {
    std::erase_if(m.attributes, [](const sdp::Attribute& a) { return a.name == "sendrecv"; });
    m.AddAttribute("sendonly");
  }
  terminal_->stack().SendReInvite(call, hold);
  ASSERT_TRUE(terminal_->WaitFor("reinvite-accepted")) << terminal_->EventsText();

  auto rekeyed = sdp::MediaNegotiator(caps).CreateOffer(media);  // same ports, fresh keys
  ASSERT_TRUE(rekeyed.has_value());
  terminal_->stack().SendReInvite(call, rekeyed->sdp);
  ASSERT_TRUE(terminal_->WaitFor("reinvite-refused")) << terminal_->EventsText();
  const auto events = terminal_->Events();
  EXPECT_EQ(std::count(events.begin(), events.end(), "reinvite-accepted"), 1) << terminal_->EventsText();
  EXPECT_EQ(std::count(events.begin(), events.end(), "terminated remote-bye"), 0) << "the call goes on";
}

// A point that ignores TMMBR/REMB is asked for a lower rate in the SDP: a re-INVITE whose
// video line carries b=TIAS and b=AS and nothing else new; then for the full rate again.
TEST_F(CallControllerTest, ABandwidthRequestIsAReInviteWithTiasAndTheSameMedia) {
  CallIn("1000");
  ASSERT_TRUE(terminal_->WaitFor("answered")) << terminal_->EventsText();
  ASSERT_TRUE(WaitForState(ParticipantState::kConnected));
  const ParticipantId id = Snapshot()->participants.front().id;
  const auto answer = terminal_->LastRemoteAnswer();
  ASSERT_TRUE(answer.has_value());

  calls_->RequestBandwidth("1000", id, 300);
  ASSERT_TRUE(terminal_->WaitFor("reinvite")) << terminal_->EventsText();
  auto offer = terminal_->LastReOffer();
  ASSERT_TRUE(offer.has_value());
  ASSERT_EQ(offer->media.size(), answer->media.size());
  for (size_t i = 0; i < offer->media.size(); ++i) {
    const auto& m = offer->media[i];
    EXPECT_EQ(m.port, answer->media[i].port) << m.media;
    EXPECT_EQ(m.Cryptos().size(), answer->media[i].Cryptos().size()) << m.media;
    EXPECT_EQ(m.formats, answer->media[i].formats) << m.media;
    if (m.media == "video") {
      EXPECT_EQ(m.BandwidthOf("TIAS"), 300'000u);
      EXPECT_EQ(m.BandwidthOf("AS"), 300u);
    } else {
      EXPECT_EQ(m.BandwidthOf("TIAS"), answer->media[i].BandwidthOf("TIAS")) << "audio keeps its line";
    }
  }
  EXPECT_EQ(ReofferChange(*answer, *answer, *offer), std::nullopt) << "keys, ports and codecs as in force";

  calls_->RequestBandwidth("1000", id, 0);
  ASSERT_TRUE(terminal_->WaitFor("reinvite", 2)) << terminal_->EventsText();
  offer = terminal_->LastReOffer();
  ASSERT_TRUE(offer.has_value());
  for (size_t i = 0; i < offer->media.size(); ++i) {
    EXPECT_EQ(offer->media[i].BandwidthOf("TIAS"), answer->media[i].BandwidthOf("TIAS")) << "the full rate again";
    EXPECT_EQ(offer->media[i].BandwidthOf("AS"), answer->media[i].BandwidthOf("AS"));
  }
}

TEST_F(CallControllerTest, CallsOverCapacityGet503WithRetryAfter) {
  CallControllerConfig config;
  config.max_calls = 1;
  config.busy_retry_after_seconds = 17;
  Build(config);
  CallIn("1000");
  ASSERT_TRUE(terminal_->WaitFor("answered")) << terminal_->EventsText();
  CallIn("1000");
  ASSERT_TRUE(terminal_->WaitFor("terminated failed")) << terminal_->EventsText();
  EXPECT_EQ(LastStatus(), 503);
}

TEST_F(CallControllerTest, DialOutConnectsAPointThatIsRedialledWhenItDropsUntilTheOperatorDisconnects) {
  {
    std::lock_guard lock(directory_.mutex);
    directory_.room.members.push_back(DirectoryPoint{.id = 7, .name = "UBND huyện Triệu Sơn", .sip_uri = TerminalUri()});
  }
  auto dialled = calls_->DialMembers("1000");
  ASSERT_TRUE(dialled.has_value()) << dialled.error().message;
  ASSERT_EQ(dialled->size(), 1u);
  const ParticipantId id = dialled->front();
  ASSERT_TRUE(terminal_->WaitFor("incoming")) << terminal_->EventsText();
  ASSERT_TRUE(WaitForState(ParticipantState::kConnected));
  EXPECT_EQ(Snapshot()->participants.front().info.name, "UBND huyện Triệu Sơn");
  EXPECT_EQ(Snapshot()->participants.front().info.point_id, 7);

  // Dialling it again while it is in the room is refused.
  auto again = calls_->Dial("1000", DialRequest{.point_id = 7});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  // The terminal sends no RTP: after the media timeout the point is lost, the MCU hangs
  // up and calls it again — same participant, same id.
  ASSERT_TRUE(terminal_->WaitFor("incoming", 2, 15s)) << terminal_->EventsText();
  {
    std::lock_guard lock(observer_.mutex);
    ASSERT_FALSE(observer_.incidents.empty());
    EXPECT_TRUE(observer_.incidents.front().rtp_timeout);
    EXPECT_GT(observer_.redial_delays.front(), 0);
  }
  EXPECT_TRUE(WaitUntil([&] {
    auto s = Snapshot();
    return s && s->participants.size() == 1 && s->participants.front().id == id;
  }));

  // The operator disconnects it: it leaves and is not called again.
  ASSERT_TRUE(calls_->Disconnect("1000", id).has_value());
  EXPECT_TRUE(WaitUntil([&] { return Snapshot() && Snapshot()->participants.empty(); }));
  const int incoming = terminal_->Count("incoming");
  std::this_thread::sleep_for(1500ms);  // longer than the redial ceiling: no new call may come
  EXPECT_EQ(terminal_->Count("incoming"), incoming);
  EXPECT_EQ(calls_->stats().pending_redials, 0u);
}

// A booking may invite points that are not members of its room: the meeting's start dials
// them with the members, from the address book; unknown ids are skipped, not fatal.
TEST_F(CallControllerTest, ABookingsGuestPointsAreDialledWithTheMembers) {
  {
    std::lock_guard lock(directory_.mutex);
    directory_.book.push_back(DirectoryPoint{.id = 9, .name = "Xã Thọ Dân", .sip_uri = TerminalUri()});
  }
  auto dialled = calls_->DialMembers("1000", /*keep_trying=*/false, {9, 404});
  ASSERT_TRUE(dialled.has_value()) << dialled.error().message;
  ASSERT_EQ(dialled->size(), 1u) << "point 404 is in no book";
  ASSERT_TRUE(terminal_->WaitFor("incoming")) << terminal_->EventsText();
  ASSERT_TRUE(WaitForState(ParticipantState::kConnected));
  const auto p = Snapshot()->participants.front();
  EXPECT_EQ(p.info.name, "Xã Thọ Dân");
  EXPECT_EQ(p.info.point_id, 9);
  EXPECT_EQ(p.info.role, ParticipantRole::kBranch);
  // Dialling the room again does not call it twice.
  auto again = calls_->DialMembers("1000", false, {9});
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->empty());
  // Without the booking, a non-member stays refused by id.
  auto direct = calls_->Dial("1000", DialRequest{.point_id = 9});
  ASSERT_FALSE(direct.has_value());
  EXPECT_NE(direct.error().message.find("not a member"), std::string::npos) << direct.error().message;
}

TEST_F(CallControllerTest, ARefusedDialOutLeavesTheRoomWithTheSipReason) {
  terminal_->SetAnswer(interop::ConferenceStandIn::Answer::kReject);
  auto id = calls_->Dial("1000", DialRequest{.uri = TerminalUri()});
  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_TRUE(WaitUntil([&] { return Snapshot() && Snapshot()->participants.empty(); }));
  std::lock_guard lock(observer_.mutex);
  ASSERT_EQ(observer_.incidents.size(), 1u);
  EXPECT_EQ(observer_.incidents[0].sip_status, 403);
  EXPECT_EQ(observer_.redial_delays[0], 0);
}

TEST_F(CallControllerTest, DialRejectsWhatIsNotASipUriAndUnknownRooms) {
  auto bad = calls_->Dial("1000", DialRequest{.uri = "http://example.com"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  auto nowhere = calls_->Dial("5555", DialRequest{.uri = TerminalUri()});
  ASSERT_FALSE(nowhere.has_value());
  EXPECT_EQ(nowhere.error().code, ErrorCode::kNotFound);
  auto stranger = calls_->Dial("1000", DialRequest{.point_id = 99});
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace softmcu
