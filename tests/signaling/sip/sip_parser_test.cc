#include "signaling/sip/sip_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "signaling/sip/sip_limits.h"
#include "tests/signaling/sip/sip_test_util.h"

namespace softmcu::sip {
namespace {

using testing::Crlf;
using testing::kInvite;

std::string Invite() {
  return Crlf(kInvite);
}

// Replaces the first occurrence of `from` (a whole line without CRLF) in the INVITE.
std::string InviteWith(std::string_view from, std::string_view to) {
  std::string text = Invite();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  return text;
}

SipErrorCode ErrorOf(const std::string& wire, Framing framing = Framing::kDatagram) {
  auto message = SipParser::Parse(wire, framing);
  EXPECT_FALSE(message.has_value());
  return message ? SipErrorCode::kInvalidArgument : message.error().code;
}

TEST(SipParser, ParsesTheMinimalInvite) {
  auto message = SipParser::Parse(Invite(), Framing::kStream);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_TRUE(message->IsRequest());
  EXPECT_EQ(message->Method(), "INVITE");
  EXPECT_EQ(message->RequestUri(), "sip:bob@192.0.2.4");
  EXPECT_EQ(message->CallId(), "a84b4c76e66710@192.0.2.1");
  EXPECT_EQ(message->Sequence().number, 314159u);
  EXPECT_EQ(message->TopVia().Rport(), std::nullopt);
  EXPECT_TRUE(message->TopVia().HasRport());
  EXPECT_EQ(message->From().display_name, "Alice");
  EXPECT_EQ(message->headers().size(), 8u);
}

struct CompactCase {
  const char* compact;
  const char* full;
};

class CompactForm : public ::testing::TestWithParam<CompactCase> {};

// RFC 3261 §7.3.3 and the extensions' compact forms map to the long names.
TEST_P(CompactForm, FindsTheHeaderByItsLongName) {
  const std::string line = std::string(GetParam().compact) + ": x-value";
  const std::string wire = InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\n" + line);
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->Find(GetParam().full), "x-value");
}

INSTANTIATE_TEST_SUITE_P(Headers, CompactForm,
                         ::testing::Values(CompactCase{"s", "Subject"}, CompactCase{"k", "Supported"},
                                           CompactCase{"e", "Content-Encoding"}, CompactCase{"o", "Event"},
                                           CompactCase{"u", "Allow-Events"}, CompactCase{"r", "Refer-To"},
                                           CompactCase{"b", "Referred-By"},
                                           CompactCase{"x", "Session-Expires"},
                                           CompactCase{"a", "Accept-Contact"}, CompactCase{"y", "Identity"}));

TEST(SipParser, CompactFormsOfCoreHeadersParse) {
  const std::string wire = Crlf(
      "BYE sip:bob@192.0.2.4 SIP/2.0\n"
      "v: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKa\n"
      "t: <sip:bob@192.0.2.4>;tag=b\n"
      "f: <sip:alice@192.0.2.1>;tag=a\n"
      "i: compact@192.0.2.1\n"
      "CSeq: 2 BYE\n"
      "m: <sip:alice@192.0.2.1>\n"
      "c: text/plain\n"
      "l: 5\n"
      "\n"
      "hello");
  auto message = SipParser::Parse(wire, Framing::kStream);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->CallId(), "compact@192.0.2.1");
  EXPECT_EQ(message->To().Tag(), "b");
  EXPECT_EQ(message->TopVia().transport, "TCP");
  EXPECT_EQ(message->Body(), "hello");
  EXPECT_TRUE(message->BodyType()->Is("TEXT", "Plain"));
}

TEST(SipParser, HeaderNamesAreCaseInsensitive) {
  auto message = SipParser::Parse(InviteWith("Call-ID: ", "cALL-iD : "), Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->CallId(), "a84b4c76e66710@192.0.2.1");
}

TEST(SipParser, FoldedHeaderValueIsOneHeader) {
  const std::string wire =
      InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\nSubject: first\r\n\tsecond\r\n  third");
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->Find("Subject"), "first\r\n\tsecond\r\n  third");
  EXPECT_NE(message->Serialize().find("Subject: first second third\r\n"), std::string::npos);
}

TEST(SipParser, FoldedViaParses) {
  const std::string wire = InviteWith("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport",
                                      "Via: SIP/2.0/UDP\r\n 192.0.2.1:5060\r\n ;branch=z9hG4bK776asdhds");
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->TopVia().Branch(), "z9hG4bK776asdhds");
}

TEST(SipParser, CommaSeparatedViasAreSplit) {
  const std::string wire = InviteWith(
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport",
      "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/TCP p2.example.com;branch=z9hG4bK2\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK3");
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  const auto vias = message->Vias();
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_EQ(vias[1].host, "p2.example.com");
  EXPECT_EQ(vias[2].Branch(), "z9hG4bK3");
}

TEST(SipParser, CommasInsideQuotesAndAnglesDoNotSplitContacts) {
  const std::string wire = InviteWith(
      "Contact: <sip:alice@192.0.2.1:5060>",
      "Contact: \"Smith, Alice\" <sip:alice@192.0.2.1;x=a>;note=\"a, b\", <sip:alice@192.0.2.9>;expires=60");
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  const auto contacts = message->ContactList();
  ASSERT_EQ(contacts.entries.size(), 2u);
  EXPECT_EQ(contacts.entries[0].display_name, "Smith, Alice");
  EXPECT_EQ(contacts.entries[0].params.Value("note"), "a, b");
  EXPECT_EQ(contacts.entries[1].params.Value("expires"), "60");
}

TEST(SipParser, UndefinedSipUriParameterValueWithCommaFailsOutsideAngles) {
  EXPECT_EQ(ErrorOf(InviteWith("Contact: <sip:alice@192.0.2.1:5060>", "Contact: sip:alice@192.0.2.1?x=y")),
            SipErrorCode::kBadHeader);
}

TEST(SipParser, Utf8DisplayNameRoundTrips) {
  const std::string wire =
      InviteWith("From: \"Alice\" <sip:alice@192.0.2.1>;tag=1928301774",
                 "From: \"UBND huyện Triệu Sơn\" <sip:trieuson@192.0.2.1>;tag=1928301774");
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  ASSERT_TRUE(message.has_value()) << message.error().message;
  EXPECT_EQ(message->From().display_name, "UBND huyện Triệu Sơn");
  EXPECT_EQ(message->From().Format(), "\"UBND huyện Triệu Sơn\" <sip:trieuson@192.0.2.1>;tag=1928301774");
  auto again = SipParser::Parse(message->Serialize(), Framing::kStream);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->From(), message->From());
}

TEST(SipParser, InvalidUtf8InDisplayNameFails) {
  EXPECT_EQ(ErrorOf(InviteWith("\"Alice\"", "\"Al\xff\xfe\"")), SipErrorCode::kBadHeader);
}

TEST(SipParser, MissingContentLengthOnStreamFails) {
  const std::string wire = InviteWith("Content-Length: 0\r\n", "");
  EXPECT_EQ(ErrorOf(wire, Framing::kStream), SipErrorCode::kMissingHeader);
  EXPECT_TRUE(SipParser::Parse(wire, Framing::kDatagram).has_value());
}

TEST(SipParser, DatagramWithoutContentLengthTakesTheRestAsBody) {
  auto message = SipParser::Parse(InviteWith("Content-Length: 0\r\n", "") + "v=0\r\n", Framing::kDatagram);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->Body(), "v=0\r\n");
}

TEST(SipParser, BodyShorterThanContentLengthFails) {
  EXPECT_EQ(ErrorOf(InviteWith("Content-Length: 0", "Content-Length: 10") + "short"),
            SipErrorCode::kBodyTruncated);
  EXPECT_EQ(ErrorOf(InviteWith("Content-Length: 0", "Content-Length: 10") + "short", Framing::kStream),
            SipErrorCode::kBodyTruncated);
}

TEST(SipParser, DatagramLongerThanContentLengthIsTruncated) {
  auto message =
      SipParser::Parse(InviteWith("Content-Length: 0", "Content-Length: 3") + "abcdef", Framing::kDatagram);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->Body(), "abc");
}

TEST(SipParser, StreamMessageWithBytesAfterTheBodyFails) {
  EXPECT_EQ(ErrorOf(InviteWith("Content-Length: 0", "Content-Length: 3") + "abcdef", Framing::kStream),
            SipErrorCode::kBadContentLength);
}

struct ErrorCase {
  const char* name;
  std::string wire;
  SipErrorCode code;
};

void PrintTo(const ErrorCase& c, std::ostream* os) {
  *os << c.name;
}

class SipParserError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SipParserError, FailsWithTheExpectedCode) {
  auto message = SipParser::Parse(GetParam().wire, Framing::kDatagram);
  ASSERT_FALSE(message.has_value());
  EXPECT_EQ(message.error().code, GetParam().code) << message.error().message;
}

std::string ManyHeaders(size_t count) {
  std::string extra;
  for (size_t i = 0; i < count; ++i) extra += "X-H" + std::to_string(i) + ": v\r\n";
  return InviteWith("Content-Length: 0\r\n", extra + "Content-Length: 0\r\n");
}

// `count` headers of `size` bytes each: a header section over kMaxHeadSize in few lines.
std::string BigHeaders(size_t count, size_t size) {
  std::string extra;
  for (size_t i = 0; i < count; ++i)
    extra += "X-Big" + std::to_string(i) + ": " + std::string(size, 'v') + "\r\n";
  return InviteWith("Content-Length: 0\r\n", extra + "Content-Length: 0\r\n");
}

INSTANTIATE_TEST_SUITE_P(
    Messages, SipParserError,
    ::testing::Values(
        // 8 headers in kInvite + 93 = 101
        ErrorCase{"TooManyHeaders", ManyHeaders(SipLimits::kMaxHeaders - 7), SipErrorCode::kTooManyHeaders},
        ErrorCase{"LineTooLong",
                  InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\nX-Long: " + std::string(9 * 1024, 'a')),
                  SipErrorCode::kLineTooLong},
        ErrorCase{"MessageTooLarge", InviteWith("Content-Length: 0\r\n", "") + std::string(70 * 1024, 'b'),
                  SipErrorCode::kTooLarge},
        ErrorCase{"BodyTooLarge",
                  InviteWith("Content-Length: 0", "Content-Length: 40000") + std::string(40000, 'b'),
                  SipErrorCode::kBodyTooLarge},
        ErrorCase{"HeadTooLarge", BigHeaders(5, 7000), SipErrorCode::kTooLarge},
        ErrorCase{"BadVersion", InviteWith("SIP/2.0\r\n", "SIP/3.0\r\n"), SipErrorCode::kBadVersion},
        ErrorCase{"NoVersion", InviteWith(" SIP/2.0\r\n", "\r\n"), SipErrorCode::kBadStartLine},
        ErrorCase{"UriTooLong",
                  InviteWith("sip:bob@192.0.2.4 SIP", "sip:" + std::string(5000, 'u') + "@x.com SIP"),
                  SipErrorCode::kUriTooLong},
        ErrorCase{"TelUri", InviteWith("sip:bob@192.0.2.4 SIP", "tel:+1234 SIP"),
                  SipErrorCode::kUnsupportedUriScheme},
        ErrorCase{"MissingCallId", InviteWith("Call-ID: a84b4c76e66710@192.0.2.1\r\n", ""),
                  SipErrorCode::kMissingHeader},
        ErrorCase{"MissingVia",
                  InviteWith("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\r\n", ""),
                  SipErrorCode::kMissingHeader},
        ErrorCase{"CSeqTooLarge", InviteWith("CSeq: 314159", "CSeq: 2147483648"), SipErrorCode::kBadCSeq},
        ErrorCase{"NegativeContentLength", InviteWith("Content-Length: 0", "Content-Length: -1"),
                  SipErrorCode::kBadContentLength},
        ErrorCase{"MaxForwardsOutOfRange", InviteWith("Max-Forwards: 70", "Max-Forwards: 256"),
                  SipErrorCode::kBadHeader},
        ErrorCase{"BareLfInHeaders", InviteWith("Max-Forwards: 70\r\n", "Max-Forwards: 70\nX: y\r\n"),
                  SipErrorCode::kBadHeader},
        ErrorCase{"NoColon", InviteWith("Max-Forwards: 70", "Max-Forwards 70"), SipErrorCode::kBadHeader},
        ErrorCase{"Unterminated", Invite().substr(0, Invite().size() - 2), SipErrorCode::kBadHeader},
        ErrorCase{"DuplicateTo", InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\nTo: <sip:x@y.com>"),
                  SipErrorCode::kDuplicateHeader},
        ErrorCase{"RouteWithoutAngles",
                  InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\nRoute: sip:p.example.com;lr"),
                  SipErrorCode::kBadHeader},
        ErrorCase{"BadContentType", InviteWith("Max-Forwards: 70", "Max-Forwards: 70\r\nContent-Type: sdp"),
                  SipErrorCode::kBadHeader},
        ErrorCase{"StatusCodeOutOfRange",
                  Crlf("SIP/2.0 700 Big\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\n\n"),
                  SipErrorCode::kBadStatusCode}),
    [](const auto& info) { return std::string(info.param.name); });

class SipRoundTrip : public ::testing::TestWithParam<const char*> {};

// parse → serialize → parse keeps every header and the body; serializing again is stable.
TEST_P(SipRoundTrip, SerializeThenParseKeepsTheMessage) {
  auto first = SipParser::Parse(testing::ReadTorture(GetParam()), Framing::kDatagram);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  const std::string wire = first->Serialize();
  auto second = SipParser::Parse(wire, Framing::kStream);
  ASSERT_TRUE(second.has_value()) << second.error().message << "\n" << wire;
  EXPECT_EQ(second->IsRequest(), first->IsRequest());
  EXPECT_EQ(second->Method(), first->Method());
  EXPECT_EQ(second->RequestUri(), first->RequestUri());
  EXPECT_EQ(second->StatusCode(), first->StatusCode());
  EXPECT_EQ(second->Vias(), first->Vias());
  EXPECT_EQ(second->From(), first->From());
  EXPECT_EQ(second->To(), first->To());
  EXPECT_EQ(second->Sequence(), first->Sequence());
  EXPECT_EQ(second->CallId(), first->CallId());
  EXPECT_EQ(second->Body(), first->Body());
  EXPECT_EQ(second->headers().size(),
            first->headers().size() + (first->Find(HeaderId::kContentLength) ? 0 : 1));
  EXPECT_EQ(second->Serialize(), wire);
}

INSTANTIATE_TEST_SUITE_P(Rfc4475, SipRoundTrip,
                         ::testing::Values("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp",
                                           "longreq", "dblreq", "semiuri", "transports", "mpart01",
                                           "unreason", "noreason", "inv2543", "bcast"));

TEST(SipParser, AcceptsSpanInput) {
  const std::string wire = Invite();
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(wire.data()), wire.size());
  EXPECT_TRUE(SipParser::Parse(bytes, Framing::kDatagram).has_value());
}

TEST(SipParser, SkipsLeadingCrlf) {
  auto message = SipParser::Parse("\r\n\r\n" + Invite(), Framing::kStream);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->Text().substr(0, 6), "INVITE");
}

}  // namespace
}  // namespace softmcu::sip
