// Fuzzes the SIP user agent end to end (signaling/ua/, transaction/, dialog/, auth/,
// policy/): the input is a sequence of datagrams from one peer, separated by lines
// "@@@@", delivered to a SipUserAgent whose conference side accepts every call and every
// re-INVITE. "@TOTAG@" in a datagram becomes the To tag of the user agent's latest
// response, so in-dialog requests (ACK, BYE, re-INVITE, INFO, UPDATE) reach the call.
// Simulated time then runs 70 s (retransmissions, session timers, lingering) and the
// stack shuts down. Checks: nothing crashes, leaks or loops; the user agent sends a
// bounded number of messages; every call the conference heard of ends exactly once.
// Seeds: tests/fuzz/corpus/sip_user_agent/.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/timer_queue.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sip/sip_parser.h"
#include "signaling/ua/sip_user_agent.h"

namespace {

using namespace softmcu;
using namespace softmcu::sip;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr std::string_view kAnswer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 40000 RTP/SAVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n";

class Harness : public SipMessageSender, public SipCallListener, public SipMidCallListener {
 public:
  Harness() : timers_(&clock_), answer_(*sdp::SdpParser::Parse(kAnswer)) {
    UserAgentConfig config;
    config.session_timer.interval_seconds = 90;
    ua_ = std::make_unique<SipUserAgent>(config, this, &timers_, &clock_, this, this, nullptr);
  }
  ~Harness() { ua_.reset(); }

  void Deliver(std::string datagram) {
    for (size_t at; (at = datagram.find("@TOTAG@")) != std::string::npos;) datagram.replace(at, 7, to_tag_);
    const TransportAddress peer{TransportKind::kUdp, asio::ip::make_address("192.0.2.99"), 5060};
    auto message = SipParser::Parse(datagram, Framing::kDatagram);
    if (message) {
      ua_->OnSipTransportMessage(IncomingMessage{std::move(*message), peer, 0, clock_.Now()});
    } else {
      ua_->OnSipTransportParseError(peer, 0, message.error());
    }
    Advance(TimeDelta::Millis(10));
  }
  void Finish() {
    for (int i = 0; i < 70; ++i) Advance(TimeDelta::Seconds(1));
    ua_->Shutdown();
    for (int i = 0; i < 40; ++i) Advance(TimeDelta::Seconds(1));
    for (const auto& [handle, ends] : ends_) Check(ends == 1);
    Check(ends_.size() == incoming_);
    Check(sent_ < 5000);
  }

  // SipMessageSender
  void SendSip(const SendTarget&, std::string wire) override {
    ++sent_;
    if (auto m = SipParser::Parse(wire, Framing::kDatagram); m && !m->IsRequest()) {
      if (auto tag = m->ToTag()) to_tag_ = *tag;
    }
  }
  std::optional<std::string> SentBy(TransportKind) const override { return "192.0.2.10:5060"; }
  // SipCallListener
  void OnSipIncomingCall(const IncomingCall& call) override {
    ++incoming_;
    ends_[call.handle.value];
    ua_->Accept(call.handle, answer_);
  }
  void OnSipCallAnswered(CallHandle, const sdp::SessionDescription&) override {}
  void OnSipCallTerminated(CallHandle call, const CallEnd&) override { ++ends_[call.value]; }
  // SipMidCallListener
  void OnSipCallReInvite(CallHandle call, const std::optional<sdp::SessionDescription>&) override {
    ua_->AnswerReInvite(call, answer_);
  }
  void OnSipCallReInviteResult(CallHandle, const ReInviteResult&) override {}
  void OnSipCallKeyframeRequest(CallHandle) override {}
  void OnSipCallDtmf(CallHandle, const DtmfKey&) override {}

 private:
  void Advance(TimeDelta d) {
    clock_.Advance(d);
    timers_.RunDue();
  }

  SimulatedClock clock_;
  TimerQueue timers_;
  const sdp::SessionDescription answer_;
  std::unique_ptr<SipUserAgent> ua_;
  std::string to_tag_ = "none";
  size_t sent_ = 0;
  size_t incoming_ = 0;
  std::map<uint64_t, int> ends_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
  if (size > 64 * 1024) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Harness harness;
  int datagrams = 0;
  while (!input.empty() && datagrams++ < 32) {
    const size_t separator = input.find("@@@@\r\n");
    harness.Deliver(std::string(input.substr(0, separator)));
    input = separator == std::string_view::npos ? std::string_view() : input.substr(separator + 6);
  }
  harness.Finish();
  return 0;
}
