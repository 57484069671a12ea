// RFC 4475 torture messages (tests/signaling/sip/rfc4475/, see README.md there): every
// message parses or fails as the table says, and a failing request is answered with the
// status the table says (0 = dropped: a response, or a request whose Via is unreadable).

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "signaling/sip/error_response.h"
#include "signaling/sip/sip_parser.h"
#include "tests/signaling/sip/sip_test_util.h"

namespace softmcu::sip {
namespace {

using testing::ReadTorture;

struct TortureCase {
  const char* name;
  const char* section;
  std::optional<SipErrorCode> error;  // nullopt: parses
  int answer;                         // status of the stateless answer, 0 = dropped
};

void PrintTo(const TortureCase& c, std::ostream* os) {
  *os << c.name;
}

// What RFC 4475 asks and what we do are the same unless a comment says otherwise.
const TortureCase kCases[] = {
    // §3.1.1 valid messages: must parse.
    {"wsinv", "3.1.1.1", std::nullopt, 0},
    {"intmeth", "3.1.1.2", std::nullopt, 0},
    {"esc01", "3.1.1.3", std::nullopt, 0},
    {"escnull", "3.1.1.4", std::nullopt, 0},
    {"esc02", "3.1.1.5", std::nullopt, 0},
    {"lwsdisp", "3.1.1.6", std::nullopt, 0},
    {"longreq", "3.1.1.7", std::nullopt, 0},
    {"dblreq", "3.1.1.8", std::nullopt, 0},
    {"semiuri", "3.1.1.9", std::nullopt, 0},
    {"transports", "3.1.1.10", std::nullopt, 0},
    {"mpart01", "3.1.1.11", std::nullopt, 0},
    {"unreason", "3.1.1.12", std::nullopt, 0},
    {"noreason", "3.1.1.13", std::nullopt, 0},
    // §3.1.2 invalid messages.
    {"badinv01", "3.1.2.1", SipErrorCode::kBadHeader,
     0},  // RFC: 400; its Via is the broken header, so we drop
    {"clerr", "3.1.2.2", SipErrorCode::kBodyTruncated, 400},
    {"ncl", "3.1.2.3", SipErrorCode::kBadContentLength, 400},
    {"scalar02", "3.1.2.4", SipErrorCode::kBadCSeq, 400},
    {"scalarlg", "3.1.2.5", SipErrorCode::kBadCSeq, 0},  // a response: discarded
    {"quotbal", "3.1.2.6", SipErrorCode::kBadHeader, 400},
    {"ltgtruri", "3.1.2.7", SipErrorCode::kBadUri, 400},
    {"lwsruri", "3.1.2.8", SipErrorCode::kBadStartLine, 400},
    {"lwsstart", "3.1.2.9", SipErrorCode::kBadStartLine, 400},  // RFC allows rejecting
    {"trws", "3.1.2.10", SipErrorCode::kBadStartLine, 400},     // RFC allows rejecting
    {"escruri", "3.1.2.11", SipErrorCode::kBadUri, 400},
    {"baddate", "3.1.2.12", std::nullopt, 0},  // RFC allows accepting: Date is not interpreted
    {"regbadct", "3.1.2.13", SipErrorCode::kBadHeader, 400},
    {"badaspec", "3.1.2.14", SipErrorCode::kBadHeader, 400},
    {"baddn", "3.1.2.15", SipErrorCode::kBadHeader, 400},
    {"badvers", "3.1.2.16", SipErrorCode::kBadVersion, 505},
    {"mismatch01", "3.1.2.17", SipErrorCode::kCSeqMethodMismatch, 400},
    {"mismatch02", "3.1.2.18", SipErrorCode::kCSeqMethodMismatch, 400},  // RFC prefers 501; 400 is allowed
    {"bigcode", "3.1.2.19", SipErrorCode::kBadStatusCode, 0},            // a response: dropped
    // §3.2 transaction layer, §3.3 application layer, §3.4 backward compatibility: the
    // parser accepts what the layers above decide on (unkscm, unksm2, zeromf, regescrt
    // and sdp01 are not in the corpus, see rfc4475/README.md).
    {"badbranch", "3.2.1", std::nullopt, 0},
    {"insuf", "3.3.1", SipErrorCode::kMissingHeader, 400},
    {"novelsc", "3.3.3", SipErrorCode::kUnsupportedUriScheme, 416},
    {"bext01", "3.3.5", std::nullopt, 0},    // 420 is the UA's decision
    {"invut", "3.3.6", std::nullopt, 0},     // 415 is the UA's decision
    {"regaut01", "3.3.7", std::nullopt, 0},  // the registrar rejects the unknown scheme
    {"multi01", "3.3.8", SipErrorCode::kDuplicateHeader, 400},
    {"mcl01", "3.3.9", SipErrorCode::kBadContentLength, 400},
    {"bcast", "3.3.10", std::nullopt, 0},
    {"cparam01", "3.3.12", std::nullopt, 0},
    {"cparam02", "3.3.13", std::nullopt, 0},
    {"inv2543", "3.4.1", std::nullopt, 0},
};

class Rfc4475 : public ::testing::TestWithParam<TortureCase> {};

TEST_P(Rfc4475, ParsesOrFailsWithTheExpectedError) {
  const TortureCase& c = GetParam();
  const std::string wire = ReadTorture(c.name);
  ASSERT_FALSE(wire.empty()) << "missing rfc4475/" << c.name << ".dat";
  auto message = SipParser::Parse(wire, Framing::kDatagram);
  if (!c.error) {
    ASSERT_TRUE(message.has_value()) << c.name << ": " << message.error().message;
    return;
  }
  ASSERT_FALSE(message.has_value()) << c.name << " parsed";
  EXPECT_EQ(message.error().code, *c.error) << message.error().message;
}

TEST_P(Rfc4475, FailingRequestsGetTheExpectedAnswer) {
  const TortureCase& c = GetParam();
  auto message = SipParser::Parse(ReadTorture(c.name), Framing::kDatagram);
  if (message) return;
  auto status = ErrorStatusFor(message.error());
  EXPECT_EQ(status ? status->code : 0, c.answer) << message.error().message;
  auto response = BuildErrorResponse(message.error(), "srvtag");
  ASSERT_EQ(response.has_value(), c.answer != 0);
  if (!response) return;
  EXPECT_EQ(response->substr(0, 12), "SIP/2.0 " + std::to_string(c.answer) + " ") << *response;
  EXPECT_NE(response->find("\r\nVia: "), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Messages, Rfc4475, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Key fields of the valid messages.

SipMessage ParseValid(const char* name) {
  auto message = SipParser::Parse(ReadTorture(name), Framing::kDatagram);
  EXPECT_TRUE(message.has_value()) << name << ": " << message.error().message;
  return message.value_or(SipMessage());
}

TEST(Rfc4475Fields, WsinvUnfoldsEverything) {
  const SipMessage m = ParseValid("wsinv");
  EXPECT_EQ(m.Method(), "INVITE");
  EXPECT_EQ(m.To().Tag(), "1918181833n");
  EXPECT_EQ(m.From().display_name, "J Rosenberg \\\"");
  EXPECT_EQ(m.From().Tag(), "98asjd8");
  EXPECT_EQ(m.MaxForwards(), 68u);
  EXPECT_EQ(m.Sequence(), (CSeq{9, "INVITE"}));
  const auto vias = m.Vias();
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_EQ(vias[0].host, "192.0.2.2");
  EXPECT_EQ(vias[1].transport, "TCP");
  EXPECT_EQ(vias[1].Branch(), "z9hG4bK9ikj8");
  EXPECT_EQ(vias[2].host, "192.168.255.111");
  EXPECT_EQ(vias[2].Branch(), "z9hG4bK30239");
  EXPECT_EQ(m.Find("Subject"), "");
  EXPECT_EQ(m.Find("newfangledheader"), "newfangled value\r\n continued newfangled value");
  EXPECT_EQ(m.Find("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  const auto contacts = m.ContactList();
  ASSERT_EQ(contacts.entries.size(), 1u);
  EXPECT_EQ(contacts.entries[0].display_name, "Quoted string \"\"");
  EXPECT_EQ(contacts.entries[0].params.Value("q"), "0.33");
  EXPECT_EQ(contacts.entries[0].params.Value("secondparam"), "");
  EXPECT_EQ(m.Routes().at(0).sip_uri->host, "services.example.com");
  EXPECT_EQ(m.Body().size(), 150u);
}

TEST(Rfc4475Fields, IntmethKeepsUnusualCharacters) {
  const SipMessage m = ParseValid("intmeth");
  EXPECT_EQ(m.Method(), "!interesting-Method0123456789_*+`.%indeed'~");
  auto uri = m.ParsedRequestUri();
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_EQ(m.To().display_name, std::string("BEL:\x07 NUL:", 10) + std::string(1, '\0') + " DEL:\x7f");
  EXPECT_EQ(m.From().display_name, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(m.From().params.Value("fromParam''~+*_!.-%"), "работающий");
  EXPECT_EQ(m.From().Tag(), "_token~1'+`*%!-.");
  EXPECT_EQ(m.TopVia().Branch(), "z9hG4bK-.!%66*_+`'~");
  EXPECT_EQ(m.Find("extensionHeader-!.%*+_`'~"), "\xEF\xBB\xBF大停電");
}

TEST(Rfc4475Fields, Esc01KeepsEscapesAndDecodesOnRequest) {
  const SipMessage m = ParseValid("esc01");
  EXPECT_EQ(m.ParsedRequestUri()->UserUnescaped(), "sips:user@example.com");
  EXPECT_EQ(m.To().sip_uri->UserUnescaped(), "user");
  EXPECT_EQ(m.From().sip_uri->UserUnescaped(), "I have spaces");
  const auto contacts = m.ContactList();
  const auto& contact = contacts.entries.at(0);
  EXPECT_EQ(contact.sip_uri->UserUnescaped(), "caller");
  EXPECT_EQ(contact.sip_uri->params.Value("n%61me"), "v%61lue%25%34%31");
  EXPECT_EQ(m.CallId(), "esc01.239409asdfakjkn23onasd0-3234");
  EXPECT_TRUE(m.BodyType()->Is("application", "sdp"));
}

TEST(Rfc4475Fields, EscnullKeepsEmbeddedNul) {
  const SipMessage m = ParseValid("escnull");
  EXPECT_EQ(m.To().sip_uri->UserUnescaped(), std::string("null-\0-null", 11));
  const auto contacts = m.ContactList();
  ASSERT_EQ(contacts.entries.size(), 2u);
  EXPECT_EQ(contacts.entries[1].sip_uri->UserUnescaped(), std::string(2, '\0'));
}

TEST(Rfc4475Fields, Esc02DoesNotUnescapeMethodOrHeaderNames) {
  const SipMessage m = ParseValid("esc02");
  EXPECT_EQ(m.Method(), "RE%47IST%45R");
  EXPECT_EQ(m.To().display_name, "%Z%45");
  EXPECT_EQ(m.ContactList().entries.size(), 2u);
  EXPECT_EQ(m.Find("C%6Fntact"), "<sip:alias2@host2.example.com>");
}

TEST(Rfc4475Fields, LongreqHas34Vias) {
  const SipMessage m = ParseValid("longreq");
  const auto vias = m.Vias();
  ASSERT_EQ(vias.size(), 34u);
  EXPECT_EQ(vias[0].host, "sip33.example.com");
  EXPECT_EQ(vias[33].Received(), "192.0.2.5");
  EXPECT_EQ(m.To().sip_uri->port, 6000);
  EXPECT_EQ(m.From().Tag()->size(), 2u + 150u + 3u);
}

TEST(Rfc4475Fields, DblreqIgnoresOctetsAfterContentLength) {
  const SipMessage m = ParseValid("dblreq");
  EXPECT_EQ(m.Method(), "REGISTER");
  EXPECT_TRUE(m.Body().empty());
  EXPECT_EQ(m.Text().find("INVITE"), std::string_view::npos);
}

TEST(Rfc4475Fields, SemiuriUserKeepsTheSemicolon) {
  const SipMessage m = ParseValid("semiuri");
  EXPECT_EQ(m.ParsedRequestUri()->UserUnescaped(), "user;par=u@example.net");
  EXPECT_TRUE(m.ParsedRequestUri()->params.items.empty());
}

TEST(Rfc4475Fields, TransportsKeepsUnknownTransport) {
  const SipMessage m = ParseValid("transports");
  const auto vias = m.Vias();
  ASSERT_EQ(vias.size(), 5u);
  EXPECT_EQ(vias[1].transport, "SCTP");
  EXPECT_EQ(vias[3].transport, "UNKNOWN");
  EXPECT_EQ(m.CallId(), "transports.kijh4akdnaqjkwendsasfdj");
}

TEST(Rfc4475Fields, Mpart01BodyIsBinaryAndFramedByContentLength) {
  const SipMessage m = ParseValid("mpart01");
  EXPECT_EQ(m.Body().size(), 553u);
  EXPECT_EQ(m.BodyType()->params.Value("boundary"), "7a9cbec02ceef655");
  EXPECT_TRUE(m.TopVia().HasRport());
  EXPECT_FALSE(m.TopVia().Rport().has_value());
  EXPECT_EQ(m.TopVia().port, 5070);
}

TEST(Rfc4475Fields, UnreasonKeepsUtf8Reason) {
  const SipMessage m = ParseValid("unreason");
  EXPECT_FALSE(m.IsRequest());
  EXPECT_EQ(m.StatusCode(), 200);
  EXPECT_EQ(m.ReasonPhrase(), "= 2**3 * 5**2 но сто девяносто девять - простое");
}

TEST(Rfc4475Fields, NoreasonHasEmptyReason) {
  const SipMessage m = ParseValid("noreason");
  EXPECT_EQ(m.StatusCode(), 100);
  EXPECT_EQ(m.ReasonPhrase(), "");
}

TEST(Rfc4475Fields, BadversAnswer505CopiesTheVia) {
  auto message = SipParser::Parse(ReadTorture("badvers"), Framing::kDatagram);
  ASSERT_FALSE(message.has_value());
  auto response = BuildErrorResponse(message.error(), "x1");
  ASSERT_TRUE(response.has_value());
  EXPECT_NE(response->find("Via: SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\r\n"), std::string::npos);
  EXPECT_NE(response->find("To: T. Watson <sip:t.watson@example.org>;tag=x1\r\n"), std::string::npos);
}

}  // namespace
}  // namespace softmcu::sip
