// SipMessage::MakeResponse, SipMessageBuilder and the stateless error responses.

#include "signaling/sip/sip_message.h"

#include <gtest/gtest.h>

#include <string>

#include "signaling/sip/error_response.h"
#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_parser.h"
#include "tests/signaling/sip/sip_test_util.h"

namespace softmcu::sip {
namespace {

using testing::Crlf;

SipMessage TwoViaInvite() {
  auto request =
      SipParser::Parse(Crlf("INVITE sip:conf@mcu.example.com SIP/2.0\n"
                            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1\n"
                            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa1;rport=5060;received=192.0.2.1\n"
                            "Max-Forwards: 69\n"
                            "To: \"Phòng họp\" <sip:conf@mcu.example.com>\n"
                            "From: <sip:alice@example.com>;tag=a73kszlfl\n"
                            "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.1\n"
                            "CSeq: 1 INVITE\n"
                            "Contact: <sip:alice@192.0.2.1>\n"
                            "Content-Type: application/sdp\n"
                            "Content-Length: 4\n"
                            "\n"
                            "v=0\n"),
                       Framing::kDatagram);
  EXPECT_TRUE(request.has_value()) << request.error().message;
  return std::move(*request);
}

TEST(MakeResponse, CopiesViasFromToCallIdAndCSeq) {
  const SipMessage request = TwoViaInvite();
  auto response = SipMessage::MakeResponse(request, 200, "OK", "mcu-tag");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_FALSE(response->IsRequest());
  EXPECT_EQ(response->StatusCode(), 200);
  EXPECT_EQ(response->Vias(), request.Vias());
  EXPECT_EQ(response->From(), request.From());
  EXPECT_EQ(response->To().display_name, "Phòng họp");
  EXPECT_EQ(response->To().Tag(), "mcu-tag");
  EXPECT_EQ(response->CallId(), request.CallId());
  EXPECT_EQ(response->Sequence(), request.Sequence());
  EXPECT_TRUE(response->Body().empty());
  EXPECT_FALSE(response->Find(HeaderId::kContact).has_value());
  EXPECT_FALSE(response->Find(HeaderId::kMaxForwards).has_value());
}

TEST(MakeResponse, TryingGetsNoToTag) {
  auto response = SipMessage::MakeResponse(TwoViaInvite(), 100, "Trying", "mcu-tag");
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(response->To().Tag().has_value());
}

TEST(MakeResponse, KeepsAnExistingToTag) {
  auto request =
      SipParser::Parse(Crlf(std::string(testing::kInvite))
                           .replace(Crlf(std::string(testing::kInvite)).find("To: Bob <sip:bob@192.0.2.4>"),
                                    27, "To: Bob <sip:bob@192.0.2.4>;tag=old"),
                       Framing::kDatagram);
  ASSERT_TRUE(request.has_value()) << request.error().message;
  auto response = SipMessage::MakeResponse(*request, 486, "Busy Here", "new");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->To().Tag(), "old");
}

TEST(MakeResponse, RefusesAResponse) {
  auto response = SipMessage::MakeResponse(TwoViaInvite(), 200, "OK");
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(SipMessage::MakeResponse(*response, 200, "OK").has_value());
}

TEST(SipMessageBuilder, BuildsARequestWithBodyAndContentLength) {
  auto message =
      SipMessageBuilder::Request("OPTIONS", "sip:bob@192.0.2.4")
          .AddHeader("Via", "SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKb")
          .AddHeader("To", "<sip:bob@192.0.2.4>")
          .AddHeader("From",
                     NameAddr{"UBND huyện Triệu Sơn", true, "sip:ts@192.0.2.1", {}, {}}.Format() + ";tag=9")
          .AddHeader("Call-ID", "b1")
          .AddHeader("CSeq", "7 OPTIONS")
          .SetBody("text/plain", "hi")
          .Build();
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->Find(HeaderId::kContentLength), "2");
  EXPECT_EQ(message->From().display_name, "UBND huyện Triệu Sơn");
  EXPECT_EQ(message->Body(), "hi");
}

TEST(SipMessageBuilder, RefusesHeaderInjection) {
  auto text = SipMessageBuilder::Response(200, "OK").AddHeader("Subject", "x\r\nVia: evil").Serialize();
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, SipErrorCode::kInvalidArgument);
}

TEST(SipMessageBuilder, RefusesBadStatusAndNames) {
  EXPECT_FALSE(SipMessageBuilder::Response(99, "x").Serialize().has_value());
  EXPECT_FALSE(SipMessageBuilder::Request("IN VITE", "sip:a@b.com").Serialize().has_value());
  EXPECT_FALSE(SipMessageBuilder::Response(200, "OK").AddHeader("Bad Name", "x").Serialize().has_value());
  EXPECT_FALSE(SipMessageBuilder::Response(200, "OK").AddHeader("l", "5").Serialize().has_value());
}

TEST(SipMessage, SerializeFixesContentLength) {
  auto message = SipParser::Parse(
      Crlf(std::string(testing::kInvite))
              .replace(Crlf(std::string(testing::kInvite)).find("Content-Length: 0\r\n"), 19, "") +
          "v=0\r\n",
      Framing::kDatagram);
  ASSERT_TRUE(message.has_value());
  const std::string wire = message->Serialize();
  EXPECT_NE(wire.find("Content-Length: 5\r\n\r\nv=0\r\n"), std::string::npos);
}

TEST(SipMessage, TypedAccessorsOfOptionalHeaders) {
  auto message =
      SipMessageBuilder::Request("INVITE", "sip:conf@mcu.example.com")
          .AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc")
          .AddHeader("To", "<sip:conf@mcu.example.com>")
          .AddHeader("From", "<sip:a@example.com>;tag=1")
          .AddHeader("Call-ID", "c1")
          .AddHeader("CSeq", "1 INVITE")
          .AddHeader("Supported", "timer, replaces")
          .AddHeader("k", "100rel")
          .AddHeader("x", "1800;refresher=uas")
          .AddHeader("Min-SE", "90")
          .AddHeader("Reason", "Q.850;cause=16")
          .AddHeader("Proxy-Authorization",
                     "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"00ff\"")
          .Build();
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(*message->Tokens(HeaderId::kSupported),
            (std::vector<std::string>{"timer", "replaces", "100rel"}));
  EXPECT_EQ((*message->GetSessionExpires())->refresher, Refresher::kUas);
  EXPECT_EQ((*message->GetMinSE())->seconds, 90u);
  EXPECT_FALSE(message->GetRetryAfter()->has_value());
  EXPECT_EQ(message->Reasons()->at(0).cause, 16u);
  EXPECT_EQ(message->Authentications(HeaderId::kProxyAuthorization)->at(0).realm, "r");
}

TEST(ErrorResponse, CopiesEchoAndAddsToTag) {
  auto parsed = SipParser::Parse(Crlf("INVITE sip:a@b.com SIP/2.0\n"
                                      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\n"
                                      "To: <sip:a@b.com>\n"
                                      "From: <sip:c@d.com>;tag=f\n"
                                      "Call-ID: e1\n"
                                      "CSeq: 1 INVITE\n"
                                      "Max-Forwards: 300\n"
                                      "Content-Length: 0\n\n"),
                                 Framing::kDatagram);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().header, "Max-Forwards");
  auto status = ErrorStatusFor(parsed.error());
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 400);
  EXPECT_EQ(status->reason, "Bad Max-Forwards");
  auto response = BuildErrorResponse(parsed.error(), "t0");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(*response, Crlf("SIP/2.0 400 Bad Max-Forwards\n"
                            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\n"
                            "From: <sip:c@d.com>;tag=f\n"
                            "To: <sip:a@b.com>;tag=t0\n"
                            "Call-ID: e1\n"
                            "CSeq: 1 INVITE\n"
                            "Content-Length: 0\n\n"));
}

TEST(ErrorResponse, AckIsNeverAnswered) {
  auto parsed = SipParser::Parse(Crlf("ACK sip:a@b.com SIP/2.0\n"
                                      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\n"
                                      "To: <sip:a@b.com>\n"
                                      "Content-Length: 0\n\n"),
                                 Framing::kDatagram);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_FALSE(BuildErrorResponse(parsed.error()).has_value());
}

TEST(ErrorResponse, TooManyHeadersIsAnswered513) {
  std::string wire = "OPTIONS sip:a@b.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\r\n";
  for (int i = 0; i < 120; ++i) wire += "X-" + std::to_string(i) + ": y\r\n";
  auto parsed = SipParser::Parse(wire + "\r\n", Framing::kDatagram);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, SipErrorCode::kTooManyHeaders);
  EXPECT_EQ(ErrorStatusFor(parsed.error())->code, 513);
}

}  // namespace
}  // namespace softmcu::sip
