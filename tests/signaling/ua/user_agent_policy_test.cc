// What the user agent answers by itself — to scanners, broken terminals and floods —
// before anything reaches the conference (raw requests from a fake peer).

#include <gtest/gtest.h>

#include "signaling/sdp/sdp_writer.h"
#include "signaling/transaction/transaction_key.h"
#include "tests/signaling/testing/fake_user_agents.h"

namespace softmcu::sip {
namespace {

using testing::Datagram;
using testing::FakeNetwork;
using testing::FakeNode;
using testing::TestSdp;

class UserAgentPolicyTest : public ::testing::Test {
 protected:
  UserAgentPolicyTest() : mcu_(network_.AddNode("192.0.2.10", 5060, Config())) {}

  static UserAgentConfig Config() {
    UserAgentConfig config;
    config.session_timer.enabled = false;
    config.rate_limit.requests_per_second = 10;
    config.rate_limit.burst = 20;
    config.max_calls = 3;
    return config;
  }

  // A request from `from` with a fresh branch and Call-ID; `{method}` and `{body}` filled.
  std::string Request(std::string_view method, std::string_view extra_headers = {}, std::string_view body = {},
                      std::string_view call_id = {}) {
    const std::string id = call_id.empty() ? RandomToken(10) : std::string(call_id);
    std::string text = std::string(method) + " sip:1000@192.0.2.10 SIP/2.0\r\n" +
                       "Via: SIP/2.0/UDP 192.0.2.99:5060;branch=" + NewBranch() + "\r\n" +
                       "Max-Forwards: 70\r\n"
                       "From: <sip:scanner@192.0.2.99>;tag=" + RandomToken(6) + "\r\n" +
                       "To: <sip:1000@192.0.2.10>\r\n"
                       "Call-ID: " + id + "\r\n" +
                       "CSeq: 1 " + std::string(method) + "\r\n" +
                       "Contact: <sip:scanner@192.0.2.99:5060>\r\n" + std::string(extra_headers);
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
    return text;
  }
  static TransportAddress Peer(std::string_view ip = "192.0.2.99") { return testing::Udp(ip, 5060); }
  // Sends `wire` to the MCU from 192.0.2.99 (or `from`) and returns the MCU's answers.
  std::vector<SipMessage> Send(const std::string& wire, const TransportAddress& from = Peer()) {
    const size_t before = network_.sent.size();
    network_.Send(from, mcu_.address(), wire);
    network_.RunFor(TimeDelta::Millis(20));
    std::vector<SipMessage> answers;
    for (size_t i = before; i < network_.sent.size(); ++i) {
      if (network_.sent[i].from == mcu_.address() && !network_.sent[i].Parsed().IsRequest())
        answers.push_back(network_.sent[i].Parsed());
    }
    return answers;
  }
  SipMessage Final(const std::vector<SipMessage>& answers) {
    for (const auto& a : answers) {
      if (a.StatusCode() >= 200) return a;
    }
    ADD_FAILURE() << "no final response";
    return {};
  }

  FakeNetwork network_;
  FakeNode& mcu_;
};

TEST_F(UserAgentPolicyTest, RegisterGets405ForEveryUser) {
  const SipMessage a = Final(Send(Request("REGISTER")));
  EXPECT_EQ(a.StatusCode(), 405);
  EXPECT_NE(a.Find(HeaderId::kAllow), std::nullopt);
  std::string other = Request("REGISTER");
  other.replace(other.find("sip:1000@"), 9, "sip:admin@");
  EXPECT_EQ(Final(Send(other)).StatusCode(), 405);
}

TEST_F(UserAgentPolicyTest, OptionsAnswersCapabilitiesWithoutAVersion) {
  const SipMessage a = Final(Send(Request("OPTIONS")));
  EXPECT_EQ(a.StatusCode(), 200);
  EXPECT_EQ(a.Find("Server"), "softmcu");
  EXPECT_NE(a.Find(HeaderId::kAllow)->find("INFO"), std::string_view::npos);
  EXPECT_NE(a.Find(HeaderId::kAccept)->find("application/sdp"), std::string_view::npos);
}

TEST_F(UserAgentPolicyTest, UnknownAndOutOfDialogMethods) {
  EXPECT_EQ(Final(Send(Request("FROBNICATE"))).StatusCode(), 501);
  EXPECT_EQ(Final(Send(Request("MESSAGE"))).StatusCode(), 405);
  EXPECT_EQ(Final(Send(Request("BYE"))).StatusCode(), 481);
  EXPECT_EQ(Final(Send(Request("INFO"))).StatusCode(), 481);
  EXPECT_EQ(Final(Send(Request("CANCEL"))).StatusCode(), 481);
}

TEST_F(UserAgentPolicyTest, InvitesTheStackRefusesBeforeTheConference) {
  const std::string sdp = sdp::SdpWriter::Write(TestSdp(30000));
  SipMessage a = Final(Send(Request("INVITE", "Require: 100rel, timer\r\n", sdp)));
  EXPECT_EQ(a.StatusCode(), 420);
  EXPECT_EQ(a.Find(HeaderId::kUnsupported), "100rel");
  a = Final(Send(Request("INVITE", "Content-Type: text/plain\r\n", "hello")));
  EXPECT_EQ(a.StatusCode(), 415);
  EXPECT_EQ(a.Find(HeaderId::kAccept), "application/sdp");
  a = Final(Send(Request("INVITE", "Content-Type: application/sdp\r\n", "v=0\r\nbogus\r\n")));
  EXPECT_EQ(a.StatusCode(), 400);
  ASSERT_TRUE(a.Warnings() && !a.Warnings()->empty());
  EXPECT_NE(a.Warnings()->front().text.find("line"), std::string::npos);
  std::string no_contact = Request("INVITE", "Content-Type: application/sdp\r\n", sdp);
  no_contact.erase(no_contact.find("Contact:"), no_contact.find("Content-Type") - no_contact.find("Contact:"));
  EXPECT_EQ(Final(Send(no_contact)).StatusCode(), 400);
  EXPECT_TRUE(mcu_.log().incoming.empty());
  EXPECT_EQ(mcu_.ua().stats().rejected_by_stack, 4u);
}

TEST_F(UserAgentPolicyTest, OverCapacityGets503WithRetryAfter) {
  const std::string sdp = sdp::SdpWriter::Write(TestSdp(30000));
  for (int i = 0; i < 3; ++i) Send(Request("INVITE", "Content-Type: application/sdp\r\n", sdp));
  const SipMessage a = Final(Send(Request("INVITE", "Content-Type: application/sdp\r\n", sdp)));
  EXPECT_EQ(a.StatusCode(), 503);
  EXPECT_EQ(a.GetRetryAfter().value()->seconds, 30u);
  EXPECT_EQ(mcu_.log().incoming.size(), 3u);
}

TEST_F(UserAgentPolicyTest, MergedRequestGets482) {
  const std::string sdp = sdp::SdpWriter::Write(TestSdp(30000));
  std::string first = Request("INVITE", "Content-Type: application/sdp\r\n", sdp, "same-call");
  Send(first);
  // The same request (Call-ID, From tag, CSeq) by another path: another branch.
  std::string second = first;
  const size_t branch = second.find("branch=") + 7;
  second.replace(branch, 29, NewBranch());
  EXPECT_EQ(Final(Send(second)).StatusCode(), 482);
}

TEST_F(UserAgentPolicyTest, MalformedRequestsAreAnsweredWithTheReasonAndJunkIsDropped) {
  std::string bad_cseq = Request("OPTIONS");
  bad_cseq.replace(bad_cseq.find("CSeq: 1 OPTIONS"), 15, "CSeq: x OPTIONS");
  network_.Send(Peer(), mcu_.address(), bad_cseq);
  network_.RunFor(TimeDelta::Millis(20));
  // The answer echoes the broken CSeq (RFC 3261 §8.2.6.2), so it is read as text here.
  ASSERT_FALSE(network_.sent.empty());
  EXPECT_EQ(network_.sent.back().from, mcu_.address());
  EXPECT_EQ(network_.sent.back().wire.rfind("SIP/2.0 400 Bad CSeq", 0), 0u) << network_.sent.back().wire;
  EXPECT_TRUE(Send("\x16\x03\x01 not sip at all").empty());
  EXPECT_EQ(mcu_.ua().stats().malformed, 2u);
  EXPECT_EQ(mcu_.ua().stats().malformed_answered, 1u);
}

TEST_F(UserAgentPolicyTest, FloodIsRateLimitedPerSourceWithOneSecurityEvent) {
  int ok = 0, busy = 0;
  for (int i = 0; i < 1000; ++i) {
    for (const auto& a : Send(Request("OPTIONS"))) {
      ok += a.StatusCode() == 200;
      busy += a.StatusCode() == 503;
    }
  }
  // 1000 requests in 20 s of simulated time (20 ms each): burst 20 + 10/s.
  EXPECT_LE(ok, 20 + 10 * 21);
  EXPECT_GE(ok, 20 + 10 * 19);
  EXPECT_LE(busy, 21);  // at most one 503 per second
  int events = 0;
  for (const auto& e : mcu_.log().security) events += e.kind == SecurityEventKind::kRateLimited;
  EXPECT_EQ(events, 1);
  EXPECT_EQ(Final(Send(Request("OPTIONS"), Peer("192.0.2.98"))).StatusCode(), 200);  // others unaffected
}

TEST_F(UserAgentPolicyTest, OfferlessInviteGetsOurOfferAndTheAnswerComesWithTheAck) {
  mcu_.log().on_incoming = [this](const IncomingCall& call) {
    EXPECT_FALSE(call.offer);
    mcu_.ua().Accept(call.handle, TestSdp(40000));
  };
  const std::string invite = Request("INVITE", "", "", "late-offer");
  const auto answers = Send(invite);
  const SipMessage ok = Final(answers);
  ASSERT_EQ(ok.StatusCode(), 200);
  EXPECT_NE(ok.Body().find("m=audio 40000"), std::string_view::npos);
  std::string ack = "ACK sip:mcu@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.99:5060;branch=" + NewBranch() +
                    "\r\nMax-Forwards: 70\r\nFrom: " + std::string(*SipParser::Parse(invite, Framing::kDatagram)->Find(HeaderId::kFrom)) +
                    "\r\nTo: " + std::string(*ok.Find(HeaderId::kTo)) +
                    "\r\nCall-ID: late-offer\r\nCSeq: 1 ACK\r\nContent-Type: application/sdp\r\n";
  const std::string answer = sdp::SdpWriter::Write(TestSdp(30000));
  ack += "Content-Length: " + std::to_string(answer.size()) + "\r\n\r\n" + answer;
  Send(ack);
  ASSERT_EQ(mcu_.log().answers.size(), 1u);
  EXPECT_EQ(mcu_.log().answers[0].media[0].port, 30000);
}

}  // namespace
}  // namespace softmcu::sip
