// ReofferChange: which new offers in a running call the transport cannot follow.

#include "conference/call/reoffer_change.h"

#include <gtest/gtest.h>

#include "signaling/sdp/sdp_parser.h"

namespace softmcu {
namespace {

constexpr const char* kTerminalOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 40000 RTP/SAVP 111 101\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\na=sendrecv\r\n"
    "m=video 40002 RTP/SAVP 96 97\r\na=rtpmap:96 H264/90000\r\na=rtpmap:97 H264/90000\r\n"
    "a=fmtp:97 packetization-mode=1\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\r\na=sendrecv\r\n";

// Our answer: opus, telephone-event and H.264 packetization-mode 1 (PT 97) chosen.
constexpr const char* kOurAnswer =
    "v=0\r\no=softmcu 7 1 IN IP4 198.51.100.1\r\ns=softmcu\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
    "m=audio 20000 RTP/SAVP 111 101\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\r\n"
    "m=video 20002 RTP/SAVP 97\r\na=rtpmap:97 H264/90000\r\na=fmtp:97 packetization-mode=1\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD\r\n";

sdp::SessionDescription Parse(const std::string& text) {
  auto parsed = sdp::SdpParser::Parse(text);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : sdp::SessionDescription{};
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::optional<std::string> Change(const std::string& reoffer) {
  return ReofferChange(Parse(kTerminalOffer), Parse(kOurAnswer), Parse(reoffer));
}

TEST(ReofferChange, TheSameMediaOnHoldOrWithNewBandwidthChangesNothing) {
  EXPECT_EQ(Change(kTerminalOffer), std::nullopt);
  std::string hold = Replace(kTerminalOffer, "a=sendrecv", "a=sendonly");
  hold = Replace(hold, "a=sendrecv", "a=inactive");
  EXPECT_EQ(Change(hold), std::nullopt);
  // RFC 2543 hold: the connection address zeroed.
  EXPECT_EQ(Change(Replace(kTerminalOffer, "c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0")), std::nullopt);
  EXPECT_EQ(Change(Replace(kTerminalOffer, "m=video 40002 RTP/SAVP 96 97\r\n", "m=video 40002 RTP/SAVP 96 97\r\nb=TIAS:1000000\r\n")),
            std::nullopt);
  // A codec we did not choose may go.
  EXPECT_EQ(Change(Replace(Replace(kTerminalOffer, "RTP/SAVP 96 97", "RTP/SAVP 97"), "a=rtpmap:96 H264/90000\r\n", "")),
            std::nullopt);
}

TEST(ReofferChange, NewKeysPortsAddressesOrCodecsAreNamed) {
  auto key = Change(Replace(kTerminalOffer, "inline:BBBB", "inline:EEEE"));
  ASSERT_TRUE(key.has_value());
  EXPECT_NE(key->find("SRTP keys of video"), std::string::npos) << *key;
  auto port = Change(Replace(kTerminalOffer, "m=audio 40000", "m=audio 40100"));
  ASSERT_TRUE(port.has_value());
  EXPECT_NE(port->find("audio from port 40000 to 40100"), std::string::npos) << *port;
  auto address = Change(Replace(kTerminalOffer, "c=IN IP4 192.0.2.10", "c=IN IP4 192.0.2.77"));
  ASSERT_TRUE(address.has_value());
  EXPECT_NE(address->find("192.0.2.77"), std::string::npos) << *address;
  auto codec = Change(Replace(Replace(Replace(kTerminalOffer, "RTP/SAVP 96 97", "RTP/SAVP 96"),
                                      "a=rtpmap:97 H264/90000\r\n", ""),
                              "a=fmtp:97 packetization-mode=1\r\n", ""));
  ASSERT_TRUE(codec.has_value());
  EXPECT_NE(codec->find("H264 (payload type 97)"), std::string::npos) << *codec;
  auto renumbered = Change(Replace(kTerminalOffer, "a=rtpmap:111 opus/48000/2", "a=rtpmap:111 G722/8000"));
  ASSERT_TRUE(renumbered.has_value());
  EXPECT_NE(renumbered->find("opus"), std::string::npos) << *renumbered;
  auto off = Change(Replace(kTerminalOffer, "m=video 40002", "m=video 0"));
  ASSERT_TRUE(off.has_value());
  EXPECT_NE(off->find("turns the video stream off"), std::string::npos) << *off;
}

TEST(ReofferChange, MediaLinesMustStayWhereTheyAre) {
  const std::string text = kTerminalOffer;
  const std::string audio_only = text.substr(0, text.find("m=video"));
  auto fewer = Change(audio_only);
  ASSERT_TRUE(fewer.has_value());
  EXPECT_NE(fewer->find("1 media lines where the call has 2"), std::string::npos) << *fewer;
  auto more = Change(text + "m=application 5070 UDP/BFCP *\r\n");
  ASSERT_TRUE(more.has_value());
  auto swapped = Change(Replace(Replace(text, "m=audio 40000 RTP/SAVP 111 101", "m=video 40000 RTP/SAVP 111 101"),
                                "m=video 40002", "m=audio 40002"));
  ASSERT_TRUE(swapped.has_value());
  EXPECT_NE(swapped->find("changes from audio to video"), std::string::npos) << *swapped;
}

}  // namespace
}  // namespace softmcu
