#include "signaling/transaction/transaction_layer.h"

#include <gtest/gtest.h>

#include "core/timer_queue.h"
#include "signaling/sip/sip_message_builder.h"
#include "signaling/transaction/response_factory.h"
#include "signaling/transaction/transaction_key.h"
#include "tests/signaling/sip/sip_test_util.h"
#include "tests/signaling/testing/fake_sip_network.h"

namespace softmcu::sip {
namespace {

using testing::Crlf;
using testing::Incoming;
using testing::RecordingSender;
using testing::Udp;

const TransportAddress kPeer = Udp("192.0.2.20", 5060);

class RecordingUser : public TransactionUser {
 public:
  bool OnTransactionAdmission(const IncomingMessage&) override { return admit; }
  void OnTransactionRequest(TransactionId server, const IncomingMessage& request) override {
    requests.emplace_back(server, std::string(request.message.Method()));
  }
  void OnTransactionAck(const IncomingMessage&) override { ++acks; }
  void OnTransactionResponse(TransactionId client, const IncomingMessage& response) override {
    responses.emplace_back(client, response.message.StatusCode());
  }
  void OnTransactionStrayResponse(const IncomingMessage& response) override { strays.push_back(response.message.StatusCode()); }
  void OnTransactionFailure(TransactionId id, TransactionFailure failure) override { failures.emplace_back(id, failure); }

  bool admit = true;
  std::vector<std::pair<TransactionId, std::string>> requests;
  int acks = 0;
  std::vector<std::pair<TransactionId, int>> responses;
  std::vector<int> strays;
  std::vector<std::pair<TransactionId, TransactionFailure>> failures;
};

class TransactionLayerTest : public ::testing::Test {
 protected:
  TransactionLayerTest() : timers_(&clock_), layer_(&sender_, &timers_, TransactionTimers{}, &user_) {}

  SipMessage Request(std::string_view method, std::string_view branch) {
    auto built = SipMessageBuilder::Request(method, "sip:1000@192.0.2.20")
                     .AddHeader("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=" + std::string(branch) + ";rport")
                     .AddHeader("Max-Forwards", "70")
                     .AddHeader("From", "<sip:mcu@192.0.2.10>;tag=abc")
                     .AddHeader("To", "<sip:1000@192.0.2.20>")
                     .AddHeader("Call-ID", "call-1@192.0.2.10")
                     .AddHeader("CSeq", "1 " + std::string(method))
                     .Build();
    EXPECT_TRUE(built);
    return *built;
  }

  // A response from the peer to `request`, To-tagged.
  IncomingMessage ResponseTo(const SipMessage& request, int code, std::string_view reason = "X") {
    IncomingMessage in{request, kPeer, 0, clock_.Now()};
    auto response = BuildResponse(in, code, reason, {.to_tag = "peer-tag"});
    EXPECT_TRUE(response);
    return IncomingMessage{*response, kPeer, 0, clock_.Now()};
  }

  // Advances time in `step`s up to `total`, running timers; returns the times (ms since
  // start) at which something was sent.
  std::vector<int64_t> SendTimes(TimeDelta total, TimeDelta step = TimeDelta::Millis(100)) {
    std::vector<int64_t> times;
    const Timestamp start = clock_.Now();
    sender_.Take();
    while (clock_.Now() - start < total) {
      clock_.Advance(step);
      timers_.RunDue();
      for (size_t i = 0; i < sender_.Take().size(); ++i) times.push_back((clock_.Now() - start).ms());
    }
    return times;
  }

  void RunFor(TimeDelta d) {
    clock_.Advance(d);
    timers_.RunDue();
  }

  SimulatedClock clock_;
  TimerQueue timers_;
  RecordingSender sender_;
  RecordingUser user_;
  TransactionLayer layer_;
};

TEST_F(TransactionLayerTest, InviteClientRetransmitsOverUdpWithDoublingIntervalsThenTimesOut) {
  const TransactionId id = layer_.SendRequest(Request("INVITE", NewBranch()), {kPeer});
  ASSERT_EQ(sender_.sent.size(), 1u);
  // Timer A: 0.5, 1, 2, 4, 8, 16 s after the previous send → sends at 0.5, 1.5, 3.5, 7.5,
  // 15.5, 31.5 s; Timer B (64*T1 = 32 s) ends it.
  EXPECT_EQ(SendTimes(TimeDelta::Seconds(40)), (std::vector<int64_t>{500, 1500, 3500, 7500, 15500, 31500}));
  ASSERT_EQ(user_.failures.size(), 1u);
  EXPECT_EQ(user_.failures[0], std::make_pair(id, TransactionFailure::kTimeout));
  EXPECT_EQ(layer_.size(), 0u);
}

TEST_F(TransactionLayerTest, InviteClientOverTcpSendsOnce) {
  TransportAddress tcp = kPeer;
  tcp.kind = TransportKind::kTcp;
  layer_.SendRequest(Request("INVITE", NewBranch()), {tcp});
  EXPECT_TRUE(SendTimes(TimeDelta::Seconds(40)).empty());
  EXPECT_EQ(user_.failures.size(), 1u);
}

TEST_F(TransactionLayerTest, ProvisionalStopsInviteRetransmissionsAndTimerB) {
  SipMessage invite = Request("INVITE", NewBranch());
  layer_.SendRequest(invite, {kPeer});
  layer_.Receive(ResponseTo(invite, 180, "Ringing"));
  EXPECT_TRUE(SendTimes(TimeDelta::Seconds(60)).empty());
  EXPECT_TRUE(user_.failures.empty());
  EXPECT_EQ(user_.responses.size(), 1u);
}

TEST_F(TransactionLayerTest, FailureResponseIsAckedInTheTransactionAndRetransmissionsReAcked) {
  const std::string branch = NewBranch();
  SipMessage invite = Request("INVITE", branch);
  layer_.SendRequest(invite, {kPeer});
  sender_.Take();
  const IncomingMessage busy = ResponseTo(invite, 486, "Busy Here");
  layer_.Receive(busy);
  auto sent = sender_.Take();
  ASSERT_EQ(sent.size(), 1u);
  SipMessage ack = sent[0].Parsed();
  EXPECT_EQ(ack.Method(), "ACK");
  EXPECT_EQ(ack.TopVia().Branch(), branch);  // §17.1.1.3: same branch as the INVITE
  EXPECT_EQ(ack.To().Tag(), "peer-tag");
  EXPECT_EQ(ack.Sequence().number, invite.Sequence().number);
  EXPECT_EQ(ack.Sequence().method, "ACK");

  layer_.Receive(busy);  // retransmitted 486: ACK again, not delivered again
  EXPECT_EQ(sender_.Take().size(), 1u);
  EXPECT_EQ(user_.responses.size(), 1u);
  RunFor(TimeDelta::Seconds(32));  // Timer D
  EXPECT_EQ(layer_.size(), 0u);
}

TEST_F(TransactionLayerTest, InviteClientPassesRetransmitted2xxToTheUserUntilTimerM) {
  SipMessage invite = Request("INVITE", NewBranch());
  const TransactionId id = layer_.SendRequest(invite, {kPeer});
  const IncomingMessage ok = ResponseTo(invite, 200, "OK");
  layer_.Receive(ok);
  layer_.Receive(ok);
  EXPECT_EQ(user_.responses, (std::vector<std::pair<TransactionId, int>>{{id, 200}, {id, 200}}));
  sender_.Take();
  RunFor(TimeDelta::Seconds(32));  // Timer M = 64*T1
  EXPECT_EQ(layer_.size(), 0u);
  layer_.Receive(ok);
  EXPECT_EQ(user_.strays, std::vector<int>{200});
  EXPECT_TRUE(sender_.sent.empty());  // the layer never ACKs a 2xx itself
}

TEST_F(TransactionLayerTest, NonInviteClientDoublesUpToT2ThenTimesOut) {
  const TransactionId id = layer_.SendRequest(Request("OPTIONS", NewBranch()), {kPeer});
  // Timer E: 0.5, 1, 2, 4, 4, 4... → sends at 0.5, 1.5, 3.5, 7.5, 11.5, ..., 31.5 s; F at 32 s.
  EXPECT_EQ(SendTimes(TimeDelta::Seconds(40)),
            (std::vector<int64_t>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500}));
  EXPECT_EQ(user_.failures, (std::vector<std::pair<TransactionId, TransactionFailure>>{
                                {id, TransactionFailure::kTimeout}}));
}

TEST_F(TransactionLayerTest, NonInviteClientRetransmitsEveryT2AfterAProvisional) {
  SipMessage bye = Request("BYE", NewBranch());
  layer_.SendRequest(bye, {kPeer});
  RunFor(TimeDelta::Millis(500));  // first retransmission, next in 1 s
  layer_.Receive(ResponseTo(bye, 100, "Trying"));
  auto times = SendTimes(TimeDelta::Seconds(10));
  // Already-armed retransmission at 1.5 s, then every T2 (4 s) in Proceeding.
  EXPECT_EQ(times, (std::vector<int64_t>{1000, 5000, 9000}));
}

TEST_F(TransactionLayerTest, NonInviteClientAbsorbsFinalRetransmissionsUntilTimerK) {
  SipMessage bye = Request("BYE", NewBranch());
  layer_.SendRequest(bye, {kPeer});
  const IncomingMessage ok = ResponseTo(bye, 200, "OK");
  layer_.Receive(ok);
  layer_.Receive(ok);
  EXPECT_EQ(user_.responses.size(), 1u);
  RunFor(TimeDelta::Seconds(5));  // Timer K = T4
  EXPECT_EQ(layer_.size(), 0u);
}

TEST_F(TransactionLayerTest, TransportFailureFailsTheClientTransaction) {
  const TransactionId id = layer_.SendRequest(Request("INVITE", NewBranch()), {kPeer});
  layer_.OnTransportFailure(Udp("192.0.2.99", 5060));  // someone else
  EXPECT_TRUE(user_.failures.empty());
  layer_.OnTransportFailure(kPeer);
  EXPECT_EQ(user_.failures, (std::vector<std::pair<TransactionId, TransactionFailure>>{
                                {id, TransactionFailure::kTransportError}}));
}

// ---------------------------------------------------------------- server side

class ServerTransactionTest : public TransactionLayerTest {
 protected:
  IncomingMessage InviteFromPeer() {
    return Incoming(Crlf(testing::kInvite), Udp("192.0.2.1", 5060), clock_.Now());
  }
  SipMessage Response(const IncomingMessage& request, int code) {
    auto response = BuildResponse(request, code, "X", {.to_tag = "ours"});
    EXPECT_TRUE(response);
    return *response;
  }
  IncomingMessage AckFor(const IncomingMessage& invite) {
    std::string ack(Crlf(testing::kInvite));
    ack.replace(0, 6, "ACK");
    ack.replace(ack.find("314159 INVITE"), 13, "314159 ACK");
    ack.replace(ack.find("To: Bob <sip:bob@192.0.2.4>"), 27, "To: Bob <sip:bob@192.0.2.4>;tag=ours");
    return Incoming(ack, invite.source, clock_.Now());
  }
};

TEST_F(ServerTransactionTest, InviteGetsTryingAtOnceAndRetransmissionsGetTheLastProvisional) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  ASSERT_EQ(user_.requests.size(), 1u);
  auto sent = sender_.Take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].Status(), 100);
  EXPECT_EQ(sent[0].target.destination, Udp("192.0.2.1", 5060));
  layer_.Respond(user_.requests[0].first, Response(invite, 180));
  sender_.Take();
  layer_.Receive(invite);
  sent = sender_.Take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].Status(), 180);
  EXPECT_EQ(user_.requests.size(), 1u);  // absorbed
}

TEST_F(ServerTransactionTest, FailureIsRetransmittedByTimerGUntilAck) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  layer_.Respond(user_.requests[0].first, Response(invite, 486));
  // Timer G: 0.5, 1, 2, 4, 4 s (capped at T2).
  EXPECT_EQ(SendTimes(TimeDelta::Seconds(12)), (std::vector<int64_t>{500, 1500, 3500, 7500, 11500}));
  layer_.Receive(AckFor(invite));
  EXPECT_EQ(user_.acks, 0);  // the ACK to a non-2xx stays in the transaction
  EXPECT_TRUE(SendTimes(TimeDelta::Seconds(10)).empty());
  EXPECT_EQ(layer_.size(), 0u);  // Timer I (T4) ended it
  EXPECT_TRUE(user_.failures.empty());
}

TEST_F(ServerTransactionTest, MissingAckFailsWithTimerH) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  const TransactionId id = user_.requests[0].first;
  layer_.Respond(id, Response(invite, 603));
  RunFor(TimeDelta::Seconds(31));
  EXPECT_TRUE(user_.failures.empty());
  RunFor(TimeDelta::Seconds(1));  // Timer H = 64*T1 = 32 s
  EXPECT_EQ(user_.failures, (std::vector<std::pair<TransactionId, TransactionFailure>>{
                                {id, TransactionFailure::kNoAck}}));
}

TEST_F(ServerTransactionTest, AcceptedAbsorbsInviteRetransmissionsAndSendsTheUsers2xxRetransmissions) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  const TransactionId id = user_.requests[0].first;
  EXPECT_TRUE(layer_.Respond(id, Response(invite, 200)));
  sender_.Take();
  layer_.Receive(invite);
  EXPECT_TRUE(sender_.Take().empty());
  EXPECT_TRUE(layer_.Respond(id, Response(invite, 200)));  // the TU's §13.3.1.4 retransmission
  EXPECT_EQ(sender_.Take().size(), 1u);
  RunFor(TimeDelta::Seconds(32));  // Timer L
  EXPECT_EQ(layer_.size(), 0u);
}

TEST_F(ServerTransactionTest, AckToA2xxHasItsOwnBranchAndGoesToTheUser) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  layer_.Respond(user_.requests[0].first, Response(invite, 200));
  std::string ack = AckFor(invite).message.Serialize();
  ack.replace(ack.find("z9hG4bK776asdhds"), 16, "z9hG4bKackbranch");
  layer_.Receive(Incoming(ack, invite.source));
  EXPECT_EQ(user_.acks, 1);
}

TEST_F(ServerTransactionTest, NonInviteRetransmissionsAreAbsorbedThenAnsweredAgainUntilTimerJ) {
  std::string options(Crlf(testing::kInvite));
  options.replace(0, 6, "OPTIONS");
  options.replace(options.find("314159 INVITE"), 13, "314159 OPTIONS");
  const IncomingMessage request = Incoming(options, Udp("192.0.2.1", 5060));
  layer_.Receive(request);
  EXPECT_TRUE(sender_.Take().empty());  // no 100 for non-INVITE
  layer_.Receive(request);
  EXPECT_TRUE(sender_.Take().empty());  // Trying: absorbed
  EXPECT_EQ(user_.requests.size(), 1u);
  layer_.Respond(user_.requests[0].first, Response(request, 200));
  sender_.Take();
  layer_.Receive(request);
  EXPECT_EQ(sender_.Take().size(), 1u);
  RunFor(TimeDelta::Seconds(32));  // Timer J
  EXPECT_EQ(layer_.size(), 0u);
}

TEST_F(ServerTransactionTest, RefusedAdmissionCreatesNothingAndSendsNothing) {
  user_.admit = false;
  layer_.Receive(InviteFromPeer());
  EXPECT_EQ(layer_.size(), 0u);
  EXPECT_TRUE(sender_.sent.empty());
  EXPECT_TRUE(user_.requests.empty());
}

TEST_F(ServerTransactionTest, CancelFindsItsInviteTransaction) {
  const IncomingMessage invite = InviteFromPeer();
  layer_.Receive(invite);
  std::string cancel(Crlf(testing::kInvite));
  cancel.replace(0, 6, "CANCEL");
  cancel.replace(cancel.find("314159 INVITE"), 13, "314159 CANCEL");
  const IncomingMessage request = Incoming(cancel, invite.source);
  EXPECT_EQ(layer_.FindInviteServerTransaction(request.message), user_.requests[0].first);
  layer_.Receive(request);  // a transaction of its own
  EXPECT_EQ(user_.requests.size(), 2u);
  EXPECT_EQ(user_.requests[1].second, "CANCEL");
}

TEST_F(ServerTransactionTest, ResponseToRportClientGoesToTheSourcePortWithReceivedAndRport) {
  const IncomingMessage invite =
      Incoming(Crlf(testing::kInvite), Udp("203.0.113.7", 40000));  // behind a NAT: Via says 192.0.2.1:5060
  layer_.Receive(invite);
  auto sent = sender_.Take();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].target.destination, Udp("203.0.113.7", 40000));
  const Via via = sent[0].Parsed().TopVia();
  EXPECT_EQ(via.Received(), "203.0.113.7");
  EXPECT_EQ(via.Rport(), 40000);
}

TEST(ResponseTarget, WithoutRportUsesTheSentByPortAndTheSourceAddress) {
  std::string invite(Crlf(testing::kInvite));
  invite.replace(invite.find(";rport"), 6, "");
  const IncomingMessage request = Incoming(invite, Udp("203.0.113.7", 40000));
  EXPECT_EQ(ResponseTarget(request).destination, Udp("203.0.113.7", 5060));
  const Via via = Via::Parse(ResponseTopVia(request)).value();
  EXPECT_EQ(via.Received(), "203.0.113.7");
  EXPECT_FALSE(via.HasRport());
}

TEST(ResponseTarget, StreamsAnswerOnTheRequestsConnection) {
  TransportAddress source{TransportKind::kTcp, asio::ip::make_address("192.0.2.1"), 50123};
  IncomingMessage request = Incoming(Crlf(testing::kInvite), source);
  request.connection = 7;
  const SendTarget target = ResponseTarget(request);
  EXPECT_EQ(target.destination, source);
  EXPECT_EQ(target.connection, 7u);
}

TEST(TransactionKey, BranchesAreUniqueAndCarryTheMagicCookie) {
  const std::string a = NewBranch(), b = NewBranch();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("z9hG4bK", 0), 0u);
  EXPECT_EQ(a.size(), 29u);
}

TEST(TransactionKey, Rfc2543RequestsMatchTheirAckByCallIdFromTagAndCSeq) {
  std::string invite(Crlf(testing::kInvite));
  invite.replace(invite.find("branch=z9hG4bK776asdhds"), 23, "branch=old1");
  std::string ack = invite;
  ack.replace(0, 6, "ACK");
  ack.replace(ack.find("314159 INVITE"), 13, "314159 ACK");
  auto a = SipParser::Parse(invite, Framing::kDatagram);
  auto b = SipParser::Parse(ack, Framing::kDatagram);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(ServerTransactionKey(*a), ServerTransactionKey(*b));
  EXPECT_EQ(ServerTransactionKey(*a).rfind("2543|", 0), 0u);
}

}  // namespace
}  // namespace softmcu::sip
