#include "signaling/dialog/session_timer.h"

#include <gtest/gtest.h>

#include "signaling/sip/sip_message_builder.h"

namespace softmcu::sip {
namespace {

SipMessage Message(std::initializer_list<std::pair<const char*, const char*>> extra, int status = 0) {
  auto builder = status ? SipMessageBuilder::Response(status, "X") : SipMessageBuilder::Request("INVITE", "sip:1000@192.0.2.10");
  builder.AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")
      .AddHeader("From", "<sip:a@192.0.2.1>;tag=1")
      .AddHeader("To", "<sip:1000@192.0.2.10>")
      .AddHeader("Call-ID", "c")
      .AddHeader("CSeq", "1 INVITE");
  for (const auto& [name, value] : extra) builder.AddHeader(name, value);
  return *builder.Build();
}

const SessionTimerNegotiation kNegotiation({true, 1800, 90});

TEST(SessionTimer, UacWithTimerSupportRefreshesByDefault) {
  auto result = kNegotiation.OnRequest(Message({{"Supported", "timer"}, {"Session-Expires", "600"}}));
  ASSERT_TRUE(result.interval);
  EXPECT_EQ(*result.interval, (SessionInterval{600, SessionRefresher::kRemote}));
  EXPECT_EQ(result.response_headers,
            (HeaderList{{"Session-Expires", "600;refresher=uac"}, {"Require", "timer"}}));
}

TEST(SessionTimer, UacWithoutTimerSupportLeavesTheRefreshToUs) {
  auto result = kNegotiation.OnRequest(Message({}));
  ASSERT_TRUE(result.interval);
  EXPECT_EQ(*result.interval, (SessionInterval{1800, SessionRefresher::kLocal}));
  EXPECT_EQ(result.response_headers, (HeaderList{{"Session-Expires", "1800;refresher=uas"}}));  // no Require
}

TEST(SessionTimer, RequestedRefresherIsHonouredAndLongerIntervalsLowered) {
  auto result = kNegotiation.OnRequest(
      Message({{"Supported", "timer"}, {"Session-Expires", "7200;refresher=uas"}, {"Min-SE", "120"}}));
  EXPECT_EQ(*result.interval, (SessionInterval{1800, SessionRefresher::kLocal}));
}

TEST(SessionTimer, TooSmallIntervalGets422WithOurMinimum) {
  auto result = kNegotiation.OnRequest(Message({{"Supported", "timer"}, {"Session-Expires", "60"}}));
  EXPECT_EQ(result.reject_with_min_se, 90u);
  EXPECT_FALSE(result.interval);
}

TEST(SessionTimer, RequestHeadersAndResponsesOfOurOwnRequests) {
  EXPECT_EQ(kNegotiation.RequestHeaders(), (HeaderList{{"Session-Expires", "1800"}, {"Min-SE", "90"}}));
  EXPECT_EQ(kNegotiation.RequestHeaders(30), (HeaderList{{"Session-Expires", "90"}, {"Min-SE", "90"}}));
  EXPECT_EQ(kNegotiation.OnSuccess(Message({{"Session-Expires", "900;refresher=uas"}}, 200)),
            (SessionInterval{900, SessionRefresher::kRemote}));
  EXPECT_EQ(kNegotiation.OnSuccess(Message({{"Session-Expires", "900"}}, 200)),
            (SessionInterval{900, SessionRefresher::kLocal}));
  EXPECT_FALSE(kNegotiation.OnSuccess(Message({}, 200)));  // §7.2: no timer
  EXPECT_EQ(kNegotiation.On422(Message({{"Min-SE", "300"}}, 422), 90), 300u);
  EXPECT_FALSE(kNegotiation.On422(Message({{"Min-SE", "90"}}, 422), 90));  // would loop
  EXPECT_FALSE(kNegotiation.On422(Message({}, 422), 90));
}

TEST(SessionTimer, DisabledNegotiatesNothing) {
  const SessionTimerNegotiation off({false, 1800, 90});
  EXPECT_FALSE(off.OnRequest(Message({{"Supported", "timer"}, {"Session-Expires", "600"}})).interval);
  EXPECT_TRUE(off.RequestHeaders().empty());
}

TEST(SessionTimer, ActionDelaysOfSection10) {
  EXPECT_EQ(SessionTimerNegotiation::ActionDelay({1800, SessionRefresher::kLocal}), TimeDelta::Seconds(900));
  EXPECT_EQ(SessionTimerNegotiation::ActionDelay({1800, SessionRefresher::kRemote}), TimeDelta::Seconds(1768));
  EXPECT_EQ(SessionTimerNegotiation::ActionDelay({90, SessionRefresher::kRemote}), TimeDelta::Seconds(60));
}

}  // namespace
}  // namespace softmcu::sip
