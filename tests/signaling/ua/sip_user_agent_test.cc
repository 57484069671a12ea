#include "signaling/ua/sip_user_agent.h"

#include <gtest/gtest.h>

#include "signaling/info/media_control.h"
#include "tests/signaling/testing/fake_user_agents.h"

namespace softmcu::sip {
namespace {

using testing::Datagram;
using testing::FakeNetwork;
using testing::FakeNode;
using testing::TestSdp;

// `caller` dials `callee`; both are softmcu user agents on a simulated UDP network.
class CallTest : public ::testing::Test {
 protected:
  CallTest()
      : caller_(network_.AddNode("192.0.2.20", 5060, Config())), callee_(network_.AddNode("192.0.2.10", 5060, Config())) {}

  static UserAgentConfig Config() {
    UserAgentConfig config;
    config.session_timer.enabled = false;  // on in the tests that are about it
    return config;
  }

  // The callee answers every incoming call with `answer` at once.
  void AutoAnswer(uint16_t port = 40000) {
    callee_.log().on_incoming = [this, port](const IncomingCall& call) {
      callee_.ua().Accept(call.handle, TestSdp(port));
    };
  }
  CallHandle Dial(PlaceCallOptions options = {}) {
    CallHandle handle = caller_.ua().NewHandle();
    caller_.ua().PlaceCall(handle, callee_.Uri("1000"), TestSdp(30000), options);
    return handle;
  }
  CallHandle Established() {
    AutoAnswer();
    CallHandle handle = Dial();
    network_.RunFor(TimeDelta::Millis(100));
    EXPECT_TRUE(caller_.log().Has("answered"));
    return handle;
  }
  CallHandle CalleeHandle() const { return callee_.log().incoming.back().handle; }

  FakeNetwork network_;
  FakeNode& caller_;
  FakeNode& callee_;
};

TEST_F(CallTest, InviteAckByeEndToEnd) {
  AutoAnswer();
  const CallHandle call = Dial();
  network_.RunFor(TimeDelta::Millis(100));
  ASSERT_EQ(callee_.log().incoming.size(), 1u);
  const IncomingCall& in = callee_.log().incoming[0];
  EXPECT_EQ(in.request_user, "1000");
  EXPECT_EQ(in.source, caller_.address());
  EXPECT_EQ(in.user_agent, "softmcu");  // the first INVITE names its product like every later request
  ASSERT_TRUE(in.offer);
  EXPECT_EQ(in.offer->media[0].port, 30000);
  ASSERT_EQ(caller_.log().answers.size(), 1u);
  EXPECT_EQ(caller_.log().answers[0].media[0].port, 40000);
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("ACK"); }), 1);

  caller_.ua().Hangup(call, "meeting over");
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(callee_.log().events.back(), "terminated remote-bye");
  EXPECT_EQ(caller_.log().events.back(), "terminated local-hangup");
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsResponse(200, "BYE"); }), 1);
  // Both calls are deleted after lingering 64*T1.
  network_.RunFor(TimeDelta::Seconds(33), TimeDelta::Seconds(1));
  EXPECT_EQ(caller_.ua().call_count(), 0u);
  EXPECT_EQ(callee_.ua().call_count(), 0u);
}

TEST_F(CallTest, UnicodeDisplayNameReachesTheConference) {
  AutoAnswer();
  PlaceCallOptions options;
  options.display_name = "UBND huyện Triệu Sơn";
  Dial(options);
  network_.RunFor(TimeDelta::Millis(100));
  ASSERT_EQ(callee_.log().incoming.size(), 1u);
  EXPECT_EQ(callee_.log().incoming[0].from_display_name, "UBND huyện Triệu Sơn");
}

TEST_F(CallTest, RingingIsSentWhenTheConferenceTakesItsTime) {
  Dial();
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_FALSE(caller_.log().Has("ringing"));  // ringing_delay is 200 ms
  network_.RunFor(TimeDelta::Millis(200));
  EXPECT_TRUE(caller_.log().Has("ringing"));
  callee_.ua().Accept(CalleeHandle(), TestSdp(40000));
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_TRUE(caller_.log().Has("answered"));
}

TEST_F(CallTest, UnansweredIncomingCallGets480) {
  Dial();
  network_.RunFor(TimeDelta::Seconds(31), TimeDelta::Millis(100));
  EXPECT_TRUE(callee_.log().Has("terminated no-answer 480"));
  EXPECT_TRUE(caller_.log().Has("terminated failed 480"));
}

TEST_F(CallTest, RejectReachesTheCallerWithStatusAndRetryAfter) {
  callee_.log().on_incoming = [this](const IncomingCall& call) {
    callee_.ua().Reject(call.handle, {.status = 503, .reason = "Room Full", .retry_after_seconds = 60});
  };
  Dial();
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_TRUE(caller_.log().Has("terminated failed 503"));
  EXPECT_EQ(caller_.log().ends.back().detail, "Room Full");
  auto responses = network_.CountSent([](const Datagram& d) {
    return d.IsResponse(503) && d.Parsed().GetRetryAfter().value()->seconds == 60;
  });
  EXPECT_EQ(responses, 1);
  EXPECT_TRUE(callee_.log().Has("terminated local-hangup 503"));
}

TEST_F(CallTest, PolicyRejectionIsASecurityEventWithTheSource) {
  callee_.log().on_incoming = [this](const IncomingCall& call) {
    callee_.ua().Reject(call.handle, {.status = 403, .reason = "Forbidden", .security_event = true});
  };
  Dial();
  network_.RunFor(TimeDelta::Millis(100));
  ASSERT_EQ(callee_.log().security.size(), 1u);
  EXPECT_EQ(callee_.log().security[0].kind, SecurityEventKind::kPolicyRejection);
  EXPECT_EQ(callee_.log().security[0].source, caller_.address());
  EXPECT_EQ(callee_.log().security[0].user, "1000");
}

TEST_F(CallTest, FailedDialOutIsRetriedWithBackoff) {
  int offers = 0;
  callee_.log().on_incoming = [&](const IncomingCall& call) {
    if (++offers < 3) {
      callee_.ua().Reject(call.handle, {.status = 486, .reason = "Busy Here"});
    } else {
      callee_.ua().Accept(call.handle, TestSdp(40000));
    }
  };
  PlaceCallOptions options;
  options.retries = 2;
  options.backoff = TimeDelta::Seconds(2);
  Dial(options);
  network_.RunFor(TimeDelta::Seconds(1));
  EXPECT_EQ(offers, 1);
  network_.RunFor(TimeDelta::Seconds(2));  // first retry after 2 s
  EXPECT_EQ(offers, 2);
  network_.RunFor(TimeDelta::Millis(2500));
  EXPECT_EQ(offers, 2);  // second after 4 s more
  network_.RunFor(TimeDelta::Seconds(1));
  EXPECT_EQ(offers, 3);
  EXPECT_TRUE(caller_.log().Has("answered"));
  EXPECT_EQ(caller_.log().Count("terminated failed 486"), 0);
}

TEST_F(CallTest, PermanentRefusalIsNotRetried) {
  int offers = 0;
  callee_.log().on_incoming = [&](const IncomingCall& call) {
    ++offers;
    callee_.ua().Reject(call.handle, {.status = 404, .reason = "Not Found"});
  };
  PlaceCallOptions options;
  options.retries = 3;
  Dial(options);
  network_.RunFor(TimeDelta::Seconds(60), TimeDelta::Seconds(1));
  EXPECT_EQ(offers, 1);
  EXPECT_TRUE(caller_.log().Has("terminated failed 404"));
}

TEST_F(CallTest, UnreachablePeerTimesOutAfterTimerB) {
  network_.drop = [](const Datagram&) { return true; };
  Dial();
  network_.RunFor(TimeDelta::Seconds(33), TimeDelta::Millis(100));
  EXPECT_TRUE(caller_.log().Has("terminated failed 408"));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("INVITE"); }), 7);  // 1 + 6 retransmissions
}

TEST_F(CallTest, HangupWhileRingingSendsCancelAndBothSidesEnd) {
  const CallHandle call = Dial();
  network_.RunFor(TimeDelta::Millis(300));  // 100 Trying, 180 Ringing
  caller_.ua().Hangup(call, "changed my mind");
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("CANCEL"); }), 1);
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsResponse(487, "INVITE"); }), 1);
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("ACK"); }), 1);  // the 487's, by the transaction
  EXPECT_TRUE(callee_.log().Has("terminated remote-cancel 487"));
  EXPECT_TRUE(caller_.log().Has("terminated local-hangup"));
  EXPECT_EQ(caller_.log().terminated.begin()->second, 1);
}

TEST_F(CallTest, HangupBeforeAnyProvisionalWaitsForOneThenCancels) {
  network_.drop = [](const Datagram& d) { return d.IsResponse(100); };
  const CallHandle call = Dial();
  caller_.ua().Hangup(call, "");
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("CANCEL"); }), 0);  // §9.1
  network_.RunFor(TimeDelta::Millis(200));  // 180 arrives
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsRequest("CANCEL"); }), 1);
  EXPECT_TRUE(callee_.log().Has("terminated remote-cancel 487"));
}

TEST_F(CallTest, LostOkIsRetransmittedUntilAcked) {
  AutoAnswer();
  int oks = 0;
  network_.drop = [&](const Datagram& d) { return d.IsResponse(200, "INVITE") && ++oks == 1; };
  Dial();
  network_.RunFor(TimeDelta::Millis(400));
  EXPECT_FALSE(caller_.log().Has("answered"));
  network_.RunFor(TimeDelta::Millis(200));  // T1 = 500 ms: the 2xx again
  EXPECT_TRUE(caller_.log().Has("answered"));
  network_.RunFor(TimeDelta::Seconds(5));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsResponse(200, "INVITE"); }), 2);
  EXPECT_FALSE(callee_.log().Has("terminated no-ack"));
}

TEST_F(CallTest, LostAckEndsTheCallWithByeAfter64T1) {
  AutoAnswer();
  network_.drop = [](const Datagram& d) { return d.IsRequest("ACK"); };
  Dial();
  network_.RunFor(TimeDelta::Seconds(33), TimeDelta::Millis(100));
  EXPECT_TRUE(callee_.log().Has("terminated no-ack"));
  EXPECT_TRUE(caller_.log().Has("terminated remote-bye"));
  // 200 at 0, then T1, 2T1, 4T1, T2 (4 s)... until 32 s.
  EXPECT_GE(network_.CountSent([](const Datagram& d) { return d.IsResponse(200, "INVITE"); }), 9);
}

TEST_F(CallTest, ReInviteWithNewSdpGoesToTheConferenceAndBack) {
  const CallHandle call = Established();
  callee_.log().on_reinvite = [this](CallHandle handle, const std::optional<sdp::SessionDescription>& offer) {
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->media[0].Direction(), sdp::MediaDirection::kSendOnly);
    callee_.ua().AnswerReInvite(handle, TestSdp(40000, "1", "recvonly"));
  };
  caller_.ua().SendReInvite(call, TestSdp(30000, "1", "sendonly"));  // hold
  network_.RunFor(TimeDelta::Millis(100));
  ASSERT_EQ(caller_.log().reinvite_results.size(), 1u);
  EXPECT_TRUE(caller_.log().reinvite_results[0].accepted);
  EXPECT_EQ(caller_.log().reinvite_results[0].answer->media[0].Direction(), sdp::MediaDirection::kRecvOnly);
  // The stack bumped the o= version of the changed offer.
  EXPECT_EQ(callee_.log().reinvites[0]->origin.session_version, "2");
}

TEST_F(CallTest, RefusedReInviteLeavesTheSessionAsItWas) {
  const CallHandle call = Established();
  callee_.log().on_reinvite = [this](CallHandle handle, const auto&) {
    callee_.ua().RejectReInvite(handle, 488, "Not Acceptable Here");
  };
  caller_.ua().SendReInvite(call, TestSdp(30002));
  network_.RunFor(TimeDelta::Millis(100));
  ASSERT_EQ(caller_.log().reinvite_results.size(), 1u);
  EXPECT_FALSE(caller_.log().reinvite_results[0].accepted);
  EXPECT_EQ(caller_.log().reinvite_results[0].status, 488);
  EXPECT_FALSE(caller_.log().Has("terminated local-hangup"));
  // The next offer is version 2 again: the refused one was rolled back.
  callee_.log().on_reinvite = [this](CallHandle handle, const auto&) { callee_.ua().AnswerReInvite(handle, TestSdp(40000)); };
  caller_.ua().SendReInvite(call, TestSdp(30004));
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(callee_.log().reinvites.back()->origin.session_version, "2");
}

TEST_F(CallTest, ReInviteGlareIsResolvedByRetrying) {
  const CallHandle call = Established();
  callee_.log().on_reinvite = [this](CallHandle handle, const auto&) { callee_.ua().AnswerReInvite(handle, TestSdp(40000)); };
  caller_.log().on_reinvite = [this](CallHandle handle, const auto&) { caller_.ua().AnswerReInvite(handle, TestSdp(30000)); };
  caller_.ua().SendReInvite(call, TestSdp(30010));
  callee_.ua().SendReInvite(CalleeHandle(), TestSdp(40010));
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsResponse(491); }), 2);
  network_.RunFor(TimeDelta::Seconds(10), TimeDelta::Millis(50));
  EXPECT_EQ(caller_.log().Count("reinvite-accepted"), 1);
  EXPECT_EQ(callee_.log().Count("reinvite-accepted"), 1);
}

TEST_F(CallTest, SameVersionReInviteIsAnsweredByTheStack) {
  const CallHandle call = Established();
  caller_.ua().SendReInvite(call, TestSdp(30000));  // the SDP it sent before: a refresh
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_TRUE(callee_.log().reinvites.empty());
  EXPECT_TRUE(caller_.log().Has("reinvite-accepted"));
}

TEST_F(CallTest, InfoCarriesKeyframeRequestsAndDtmf) {
  const CallHandle call = Established();
  caller_.ua().RequestKeyframe(call);
  caller_.ua().SendInfo(call, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n");
  caller_.ua().SendInfo(call, "application/dtmf", "#");
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_TRUE(callee_.log().Has("keyframe"));
  EXPECT_TRUE(callee_.log().Has("dtmf 5"));
  EXPECT_TRUE(callee_.log().Has("dtmf #"));
  caller_.ua().SendInfo(call, "application/dtmf-relay", "Signal=Z\r\n");
  caller_.ua().SendInfo(call, "text/plain", "hello");
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(network_.CountSent([](const Datagram& d) {
              return d.IsResponse(400, "INFO") && d.Parsed().Warnings()->front().text.find("Signal") != std::string::npos;
            }),
            1);
  EXPECT_EQ(network_.CountSent([](const Datagram& d) { return d.IsResponse(415, "INFO"); }), 1);
  EXPECT_FALSE(caller_.log().Has("terminated transport-error"));
}

TEST_F(CallTest, PingInDialogMeasuresTheRoundTrip) {
  const CallHandle call = Established();
  int status = -1;
  caller_.ua().PingCall(call, [&](int s, TimeDelta) { status = s; });
  network_.RunFor(TimeDelta::Millis(100));
  EXPECT_EQ(status, 200);
}

TEST_F(CallTest, EveryHandleEndsExactlyOnce) {
  const CallHandle call = Established();
  caller_.ua().Hangup(call, "");
  caller_.ua().Hangup(call, "");
  callee_.ua().Hangup(CalleeHandle(), "");
  network_.RunFor(TimeDelta::Seconds(40), TimeDelta::Millis(100));
  for (auto* node : {&caller_, &callee_}) {
    for (const auto& [handle, count] : node->log().terminated) EXPECT_EQ(count, 1) << handle;
  }
}

// ---------------------------------------------------------------- session timers

// A caller and a callee with session timers on, the callee accepting every call.
class SessionTimerCallTest : public ::testing::Test {
 protected:
  static UserAgentConfig TimerConfig(uint32_t interval, uint32_t min_se = 90) {
    UserAgentConfig config;
    config.session_timer = {true, interval, min_se};
    return config;
  }
  void Dial(UserAgentConfig caller, UserAgentConfig callee) {
    a_ = &network_.AddNode("192.0.2.20", 5060, caller);
    b_ = &network_.AddNode("192.0.2.10", 5060, callee);
    b_->log().on_incoming = [this](const IncomingCall& call) { b_->ua().Accept(call.handle, TestSdp(40000)); };
    a_->ua().PlaceCall(a_->ua().NewHandle(), b_->Uri("1000"), TestSdp(30000), {});
    network_.RunFor(TimeDelta::Millis(100));
  }

  FakeNetwork network_;
  FakeNode* a_ = nullptr;
  FakeNode* b_ = nullptr;
};

TEST_F(SessionTimerCallTest, CallerRefreshesAtHalfTheInterval) {
  Dial(TimerConfig(120), TimerConfig(1800));
  FakeNetwork& network = network_;
  FakeNode& a = *a_;
  FakeNode& b = *b_;
  auto ok = std::find_if(network.sent.begin(), network.sent.end(), [](const Datagram& d) { return d.IsResponse(200, "INVITE"); });
  ASSERT_NE(ok, network.sent.end());
  auto se = ok->Parsed().GetSessionExpires();
  ASSERT_TRUE(se && *se);
  EXPECT_EQ((*se)->seconds, 120u);  // the caller's smaller interval wins
  EXPECT_EQ((*se)->refresher, Refresher::kUac) << ok->wire;
  network.RunFor(TimeDelta::Seconds(61), TimeDelta::Millis(500));
  // One refresh, by UPDATE without SDP since the callee allows UPDATE (RFC 4028 §9).
  EXPECT_EQ(network.CountSent([](const Datagram& d) { return d.IsRequest("UPDATE"); }), 1);
  EXPECT_EQ(network.CountSent([](const Datagram& d) { return d.IsResponse(200, "UPDATE"); }), 1);
  EXPECT_TRUE(b.log().reinvites.empty());  // same SDP version: not the conference's business
  network.RunFor(TimeDelta::Seconds(600), TimeDelta::Seconds(1));
  EXPECT_FALSE(a.log().Has("terminated session-timer-expired"));
  EXPECT_FALSE(b.log().Has("terminated session-timer-expired"));
}

TEST_F(SessionTimerCallTest, SilentPeerIsHungUpWhenTheSessionExpires) {
  Dial(TimerConfig(120), TimerConfig(1800));
  FakeNetwork& network = network_;
  FakeNode& a = *a_;
  FakeNode& b = *b_;
  ASSERT_TRUE(a.log().Has("answered"));
  // The caller vanishes (power cut): nothing from it reaches the MCU any more.
  network.drop = [&](const Datagram& d) { return d.from == a.address(); };
  // RFC 4028 §10: the MCU gives up at 120 − min(32, 120/3) = 88 s without a refresh.
  network.RunFor(TimeDelta::Seconds(87), TimeDelta::Seconds(1));
  EXPECT_FALSE(b.log().Has("terminated session-timer-expired"));
  network.RunFor(TimeDelta::Seconds(2), TimeDelta::Seconds(1));
  EXPECT_TRUE(b.log().Has("terminated session-timer-expired"));
  EXPECT_GE(network.CountSent([](const Datagram& d) { return d.IsRequest("BYE"); }), 1);
}

TEST_F(SessionTimerCallTest, TooSmallIntervalGets422AndTheCallerRetries) {
  Dial(TimerConfig(100, 90), TimerConfig(1800, 300));
  FakeNetwork& network = network_;
  FakeNode& a = *a_;
  FakeNode& b = *b_;
  EXPECT_EQ(network.CountSent([](const Datagram& d) { return d.IsResponse(422); }), 1);
  EXPECT_TRUE(a.log().Has("answered"));
  EXPECT_EQ(b.log().incoming.size(), 1u);  // the 422 never reached the conference
}

// ---------------------------------------------------------------- digest

TEST_F(CallTest, ChallengedCallerRetriesWithCredentialsAndIsAuthenticated) {
  callee_.ua().SetPasswordLookup([](std::string_view realm, std::string_view user) -> std::optional<std::string> {
    if (realm == "softmcu" && user == "ubnd-trieu-son") return "S3cret!pw";
    return std::nullopt;
  });
  callee_.log().on_incoming = [this](const IncomingCall& call) {
    if (!call.authenticated_user) return callee_.ua().Challenge(call.handle, "softmcu");
    callee_.ua().Accept(call.handle, TestSdp(40000));
  };
  PlaceCallOptions options;
  options.credentials = DigestCredentials{"ubnd-trieu-son", "S3cret!pw"};
  Dial(options);
  network_.RunFor(TimeDelta::Millis(200));
  ASSERT_EQ(callee_.log().incoming.size(), 2u);
  EXPECT_EQ(callee_.log().incoming[1].authenticated_user, "ubnd-trieu-son");
  EXPECT_TRUE(caller_.log().Has("answered"));
  // SHA-256 was offered first and chosen.
  auto invites = std::count_if(network_.sent.begin(), network_.sent.end(), [](const Datagram& d) {
    return d.IsRequest("INVITE") && d.Parsed().Find(HeaderId::kAuthorization) &&
           d.Parsed().Find(HeaderId::kAuthorization)->find("algorithm=SHA-256") != std::string_view::npos;
  });
  EXPECT_EQ(invites, 1);
}

TEST_F(CallTest, WrongPasswordIsChallengedAgainLoggedAndFinallyBlocked) {
  callee_.ua().SetPasswordLookup([](std::string_view, std::string_view) { return std::optional<std::string>("right"); });
  callee_.log().on_incoming = [this](const IncomingCall& call) {
    if (!call.authenticated_user) callee_.ua().Challenge(call.handle, "softmcu");
  };
  for (int i = 0; i < 6; ++i) {
    PlaceCallOptions options;
    options.credentials = DigestCredentials{"ubnd", "wrong"};
    Dial(options);
    network_.RunFor(TimeDelta::Millis(200));
  }
  int failures = 0, blocks = 0;
  for (const auto& event : callee_.log().security) {
    failures += event.kind == SecurityEventKind::kAuthFailure;
    blocks += event.kind == SecurityEventKind::kSourceBlocked;
    EXPECT_EQ(event.source, caller_.address());
  }
  EXPECT_EQ(failures, 5);
  EXPECT_EQ(blocks, 1);
  EXPECT_GT(callee_.ua().stats().blocked, 0u);  // the sixth call's INVITE was ignored
  EXPECT_FALSE(caller_.log().Has("answered"));
}

}  // namespace
}  // namespace softmcu::sip
