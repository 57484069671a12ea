#pragma once
// An in-memory SIP network for unit tests of transactions and user agents: a sender that
// records every message instead of writing to a socket, and helpers to turn recorded or
// hand-written text into IncomingMessages. Everything runs on the test's thread and a
// SimulatedClock.

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "signaling/sip/sip_parser.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip::testing {

struct SentMessage {
  SendTarget target;
  std::string wire;
  SipMessage Parsed() const {
    auto parsed = SipParser::Parse(wire, Framing::kDatagram);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message) << "\n" << wire;
    return parsed ? *parsed : SipMessage{};
  }
  bool IsRequest(std::string_view method) const {
    auto m = Parsed();
    return m.IsRequest() && m.Method() == method;
  }
  int Status() const { return Parsed().StatusCode(); }
};

class RecordingSender : public SipMessageSender {
 public:
  explicit RecordingSender(std::string sent_by = "192.0.2.10:5060") : sent_by_(std::move(sent_by)) {}
  void SendSip(const SendTarget& target, std::string wire) override { sent.push_back({target, std::move(wire)}); }
  std::optional<std::string> SentBy(TransportKind) const override { return sent_by_; }

  // Messages sent since the last call.
  std::vector<SentMessage> Take() {
    std::vector<SentMessage> out;
    out.swap(sent);
    return out;
  }

  std::vector<SentMessage> sent;

 private:
  std::string sent_by_;
};

inline TransportAddress Udp(std::string_view ip, uint16_t port) {
  return TransportAddress{TransportKind::kUdp, asio::ip::make_address(std::string(ip)), port};
}

inline IncomingMessage Incoming(std::string_view wire, const TransportAddress& source, Timestamp arrival = {}) {
  auto parsed = SipParser::Parse(wire, Framing::kDatagram);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message) << "\n" << wire;
  return IncomingMessage{parsed ? *parsed : SipMessage{}, source, 0, arrival};
}

}  // namespace softmcu::sip::testing
