// SIP parser part of the signaling suite: how many messages per second (per core, thread
// CPU time) SipParser turns into a SipMessage and the typed headers every request needs
// (Vias, From, To, Call-ID, CSeq, Contact), for a realistic video INVITE with SDP (as
// baresip sends it) and a BYE.
//
// Reference, in the same run: a bare line scan of the same bytes — find every CRLF and
// every header's colon with memchr, nothing else. Any parser pays at least that, so the
// ratio (softmcu rate / scan rate) says what fraction of a do-nothing scan's speed the
// full, strict parse keeps. Median of kRounds rounds, both paths back to back.

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "bench/suites.h"
#include "core/check.h"
#include "signaling/sip/sip_parser.h"

namespace softmcu::bench {
namespace {

using sip::Framing;
using sip::SipParser;

constexpr int kRounds = 7;

std::string WithBody(std::string head, std::string body) {
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kInvite = WithBody(
    "INVITE sip:1000@192.0.2.10:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK5d1cc2fd3a1b7c8e;rport\r\n"
    "Contact: <sip:tri-ton-b5f04c3d@192.0.2.20:5060;transport=udp>\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:1000@192.0.2.10:5060>\r\n"
    "From: \"UBND huyện Tri Tôn\" <sip:tri-ton@192.0.2.20>;tag=4d6c5a0e7d0b9f31\r\n"
    "Call-ID: 0f3c8e1a9b2d4c6e\r\n"
    "CSeq: 22719 INVITE\r\n"
    "Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,REFER,UPDATE\r\n"
    "Supported: replaces,norefersub\r\n"
    "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
    "Content-Type: application/sdp\r\n",
    "v=0\r\n"
    "o=- 1958461720 1431962412 IN IP4 192.0.2.20\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.20\r\n"
    "t=0 0\r\n"
    "a=tool:baresip 1.0.0\r\n"
    "m=audio 27838 RTP/SAVP 96 101\r\n"
    "b=AS:96\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 stereo=1;sprop-stereo=1\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=sendrecv\r\n"
    "a=label:1\r\n"
    "a=rtcp-rsize\r\n"
    "a=ssrc:3694617352 cname:sip:tri-ton@192.0.2.20\r\n"
    "a=minptime:20\r\n"
    "a=ptime:20\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw\r\n"
    "m=video 25904 RTP/SAVP 96 97 34 98 99\r\n"
    "b=AS:1200\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 packetization-mode=0;profile-level-id=42e01f\r\n"
    "a=rtpmap:97 H264/90000\r\n"
    "a=fmtp:97 packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=rtpmap:34 H263/90000\r\n"
    "a=fmtp:34 F=1;CIF=1;CIF4=1\r\n"
    "a=rtpmap:98 MP4V-ES/90000\r\n"
    "a=fmtp:98 profile-level-id=3\r\n"
    "a=rtpmap:99 H265/90000\r\n"
    "a=fmtp:99 profile-id=1\r\n"
    "a=rtcp-fb:* nack pli\r\n"
    "a=sendrecv\r\n"
    "a=label:2\r\n"
    "a=rtcp-rsize\r\n"
    "a=ssrc:1245790631 cname:sip:tri-ton@192.0.2.20\r\n"
    "a=framerate:30.00\r\n"
    "a=content:main\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk\r\n");

const std::string kBye =
    "BYE sip:mcu@192.0.2.10:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK8a7f6e5d4c3b2a19;rport\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:1000@192.0.2.10:5060>;tag=Xy7Kq2mN9pLw\r\n"
    "From: \"UBND huyện Tri Tôn\" <sip:tri-ton@192.0.2.20>;tag=4d6c5a0e7d0b9f31\r\n"
    "Call-ID: 0f3c8e1a9b2d4c6e\r\n"
    "CSeq: 22720 BYE\r\n"
    "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

// The messages a round parses (one kind repeated; the strings stay in cache as a busy
// signalling thread's would).
size_t ParseAll(const std::string& wire, size_t count) {
  size_t checksum = 0;
  for (size_t i = 0; i < count; ++i) {
    auto message = SipParser::Parse(wire, Framing::kDatagram);
    SOFTMCU_CHECK(message.has_value());
    checksum += message->Vias().size() + message->From().uri.size() + message->To().uri.size() +
                message->CallId().size() + message->Sequence().number + message->ContactList().entries.size();
  }
  return checksum;
}

// The reference: CRLFs and colons found, nothing interpreted.
size_t ScanAll(const std::string& wire, size_t count) {
  size_t checksum = 0;
  for (size_t i = 0; i < count; ++i) {
    const char* p = wire.data();
    const char* end = p + wire.size();
    while (p < end) {
      const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (!eol) break;
      const char* colon = static_cast<const char*>(std::memchr(p, ':', static_cast<size_t>(eol - p)));
      checksum += colon ? static_cast<size_t>(colon - p) : 0;
      p = eol + 1;
    }
  }
  return checksum;
}

template <typename F>
double Rate(F&& f, const std::string& wire, size_t count, size_t* sink) {
  const double start = ThreadCpuSeconds();
  *sink += f(wire, count);
  return static_cast<double>(count) / (ThreadCpuSeconds() - start);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void Measure(const char* name, const std::string& wire, const SuiteOptions& options, BenchReport& report) {
  const size_t count = std::max<size_t>(1000, static_cast<size_t>(40000 * options.scale));
  std::vector<double> ours, scan;
  size_t sink = 0;
  for (int round = 0; round < kRounds; ++round) {
    if (round % 2 == 0) {
      ours.push_back(Rate(ParseAll, wire, count, &sink));
      scan.push_back(Rate(ScanAll, wire, count * 10, &sink));
    } else {
      scan.push_back(Rate(ScanAll, wire, count * 10, &sink));
      ours.push_back(Rate(ParseAll, wire, count, &sink));
    }
  }
  SOFTMCU_CHECK(sink != 0);
  report.AddCompared(name, Median(ours), Median(scan), "msg/s");
}

}  // namespace

void RunSipParserBench(const SuiteOptions& options, BenchReport& report) {
  Measure("sip parse INVITE with video SDP (1.4 KB)", kInvite, options, report);
  Measure("sip parse BYE", kBye, options, report);
}

}  // namespace softmcu::bench
