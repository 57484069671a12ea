#pragma once
// Two (or more) SipUserAgents wired through an in-memory network on one SimulatedClock,
// for tests of calls end to end without sockets: every message a UA sends is parsed and
// handed to the UA at its destination address when the test runs the network. A filter
// can drop messages (lost datagrams) and every delivered message is kept for assertions.

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/timer_queue.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sip/sip_parser.h"
#include "signaling/ua/sip_user_agent.h"
#include "tests/signaling/testing/fake_sip_network.h"

namespace softmcu::sip::testing {

// Everything a UA told the conference, in order, as short strings ("incoming 1",
// "answered 2", "terminated 1 remote-bye"...), plus the details tests look at.
class EventLog : public SipCallListener, public SipMidCallListener, public SipSecurityListener {
 public:
  void OnSipIncomingCall(const IncomingCall& call) override {
    incoming.push_back(call);
    Add("incoming");
    if (on_incoming) on_incoming(call);
  }
  void OnSipCallRinging(CallHandle call) override { Add("ringing"); }
  void OnSipCallAnswered(CallHandle call, const sdp::SessionDescription& answer) override {
    answers.push_back(answer);
    Add("answered");
  }
  void OnSipCallTerminated(CallHandle call, const CallEnd& end) override {
    ends.push_back(end);
    ++terminated[call.value];
    Add("terminated " + std::string(ToString(end.reason)) + (end.status ? " " + std::to_string(end.status) : ""));
  }
  void OnSipCallReInvite(CallHandle call, const std::optional<sdp::SessionDescription>& offer) override {
    reinvites.push_back(offer);
    Add(offer ? "reinvite" : "reinvite-without-offer");
    if (on_reinvite) on_reinvite(call, offer);
  }
  void OnSipCallReInviteResult(CallHandle call, const ReInviteResult& result) override {
    reinvite_results.push_back(result);
    Add(result.accepted ? "reinvite-accepted" : "reinvite-refused " + std::to_string(result.status));
  }
  void OnSipCallKeyframeRequest(CallHandle call) override { Add("keyframe"); }
  void OnSipCallDtmf(CallHandle call, const DtmfKey& key) override { Add(std::string("dtmf ") + key.key); }
  void OnSipSecurityEvent(const SecurityEvent& event) override {
    security.push_back(event);
    Add("security " + std::string(ToString(event.kind)));
  }

  bool Has(const std::string& event) const {
    for (const auto& e : events) {
      if (e == event) return true;
    }
    return false;
  }
  int Count(const std::string& event) const {
    int n = 0;
    for (const auto& e : events) n += e == event;
    return n;
  }

  std::vector<std::string> events;
  std::vector<IncomingCall> incoming;
  std::vector<sdp::SessionDescription> answers;
  std::vector<CallEnd> ends;
  std::map<uint64_t, int> terminated;
  std::vector<std::optional<sdp::SessionDescription>> reinvites;
  std::vector<ReInviteResult> reinvite_results;
  std::vector<SecurityEvent> security;
  std::function<void(const IncomingCall&)> on_incoming;
  std::function<void(CallHandle, const std::optional<sdp::SessionDescription>&)> on_reinvite;

 private:
  void Add(std::string event) { events.push_back(std::move(event)); }
};

class FakeNetwork;

// One user agent at one address on the fake network.
class FakeNode : public SipMessageSender {
 public:
  FakeNode(FakeNetwork* network, TransportAddress address, UserAgentConfig config);
  void SendSip(const SendTarget& target, std::string wire) override;
  std::optional<std::string> SentBy(TransportKind) const override { return address_.HostPort(); }

  SipUserAgent& ua() { return *ua_; }
  EventLog& log() { return log_; }
  const TransportAddress& address() const { return address_; }
  std::string Uri(std::string_view user) const { return "sip:" + std::string(user) + "@" + address_.HostPort(); }

 private:
  FakeNetwork* const network_;
  const TransportAddress address_;
  EventLog log_;
  std::unique_ptr<SipUserAgent> ua_;
};

struct Datagram {
  TransportAddress from;
  TransportAddress to;
  std::string wire;
  // The message, or an empty one (no method, status 0) for a datagram that is not SIP.
  SipMessage Parsed() const {
    auto parsed = SipParser::Parse(wire, Framing::kDatagram);
    return parsed ? std::move(*parsed) : SipMessage{};
  }
  bool IsRequest(std::string_view method) const {
    auto m = Parsed();
    return m.IsRequest() && m.Method() == method;
  }
  bool IsResponse(int status, std::string_view cseq_method = {}) const {
    auto m = Parsed();
    return !m.IsRequest() && m.StatusCode() == status && (cseq_method.empty() || m.Sequence().method == cseq_method);
  }
};

class FakeNetwork {
 public:
  FakeNetwork() : timers_(&clock_) {}

  FakeNode& AddNode(std::string_view ip, uint16_t port, UserAgentConfig config = {}) {
    TransportAddress address{TransportKind::kUdp, asio::ip::make_address(std::string(ip)), port};
    nodes_.push_back(std::make_unique<FakeNode>(this, address, std::move(config)));
    return *nodes_.back();
  }

  void Send(const TransportAddress& from, const TransportAddress& to, std::string wire) {
    queue_.push_back(Datagram{from, to, std::move(wire)});
  }
  // Delivers queued datagrams (and what they cause) until the network is quiet.
  void Deliver() {
    for (int guard = 0; guard < 10000 && !queue_.empty(); ++guard) {
      Datagram datagram = std::move(queue_.front());
      queue_.pop_front();
      sent.push_back(datagram);
      if (drop && drop(datagram)) {
        ++dropped;
        continue;
      }
      for (auto& node : nodes_) {
        if (node->address() != datagram.to) continue;
        auto parsed = SipParser::Parse(datagram.wire, Framing::kDatagram);
        if (!parsed) {
          node->ua().OnSipTransportParseError(datagram.from, 0, parsed.error());
        } else {
          node->ua().OnSipTransportMessage(IncomingMessage{std::move(*parsed), datagram.from, 0, clock_.Now()});
        }
      }
    }
  }
  // Runs time forward in steps, delivering and firing timers as it goes.
  void RunFor(TimeDelta total, TimeDelta step = TimeDelta::Millis(10)) {
    Deliver();
    timers_.RunDue();
    Deliver();
    for (TimeDelta t; t < total; t += step) {
      clock_.Advance(step);
      timers_.RunDue();
      Deliver();
    }
  }
  int CountSent(const std::function<bool(const Datagram&)>& match) const {
    int n = 0;
    for (const auto& d : sent) n += match(d);
    return n;
  }

  SimulatedClock& clock() { return clock_; }
  TimerQueue& timers() { return timers_; }

  std::function<bool(const Datagram&)> drop;
  std::vector<Datagram> sent;
  int dropped = 0;

 private:
  SimulatedClock clock_;
  TimerQueue timers_;
  std::deque<Datagram> queue_;
  std::vector<std::unique_ptr<FakeNode>> nodes_;
};

inline FakeNode::FakeNode(FakeNetwork* network, TransportAddress address, UserAgentConfig config)
    : network_(network), address_(std::move(address)) {
  ua_ = std::make_unique<SipUserAgent>(std::move(config), this, &network->timers(), &network->clock(), &log_, &log_,
                                       &log_);
}

inline void FakeNode::SendSip(const SendTarget& target, std::string wire) {
  network_->Send(address_, target.destination, std::move(wire));
}

// A small valid offer/answer: one Opus audio stream, `version` in o=.
inline sdp::SessionDescription TestSdp(uint16_t port, std::string_view version = "1", std::string_view direction = "sendrecv") {
  std::string text =
      "v=0\r\n"
      "o=- 42 " + std::string(version) + " IN IP4 192.0.2.1\r\n"
      "s=-\r\n"
      "c=IN IP4 192.0.2.1\r\n"
      "t=0 0\r\n"
      "m=audio " + std::to_string(port) + " RTP/SAVP 111\r\n"
      "a=rtpmap:111 opus/48000/2\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
      "a=" + std::string(direction) + "\r\n";
  auto parsed = sdp::SdpParser::Parse(text);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  return *parsed;
}

}  // namespace softmcu::sip::testing
