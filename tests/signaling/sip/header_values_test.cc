// Typed header values: name-addr, Via, CSeq, Content-Type, Session-Expires, Min-SE,
// Retry-After, Warning, Reason, digest challenges/credentials and token lists.

#include <gtest/gtest.h>

#include <string>

#include "signaling/sip/content_type.h"
#include "signaling/sip/cseq.h"
#include "signaling/sip/digest_params.h"
#include "signaling/sip/name_addr.h"
#include "signaling/sip/reason_header.h"
#include "signaling/sip/retry_after.h"
#include "signaling/sip/session_expires.h"
#include "signaling/sip/sip_text.h"
#include "signaling/sip/via.h"
#include "signaling/sip/warning.h"

namespace softmcu::sip {
namespace {

TEST(NameAddr, ParsesQuotedDisplayNameWithEscapes) {
  auto address = NameAddr::Parse("\"J Rosenberg \\\\\\\"\"  <sip:jdrosen@example.com>;tag=98asjd8");
  ASSERT_TRUE(address.has_value()) << address.error().message;
  EXPECT_EQ(address->display_name, "J Rosenberg \\\"");
  EXPECT_EQ(address->Tag(), "98asjd8");
  EXPECT_TRUE(address->angle_brackets);
  EXPECT_EQ(address->sip_uri->user, "jdrosen");
}

TEST(NameAddr, AddrSpecParametersBelongToTheHeader) {
  auto address = NameAddr::Parse("sip:+1650@ss1.example.net;user=phone;tag=x");
  ASSERT_TRUE(address.has_value());
  EXPECT_FALSE(address->angle_brackets);
  EXPECT_TRUE(address->sip_uri->params.items.empty());
  EXPECT_EQ(address->params.Value("user"), "phone");
  EXPECT_EQ(address->Tag(), "x");
}

TEST(NameAddr, TokenDisplayNameWithoutSpaceBeforeAngle) {
  auto address = NameAddr::Parse("caller<sip:caller@example.com>;tag=323");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->display_name, "caller");
}

TEST(NameAddr, KeepsNonSipUris) {
  auto address = NameAddr::Parse("<tel:+1-201-555-0123>;tag=a");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->uri, "tel:+1-201-555-0123");
  EXPECT_FALSE(address->sip_uri.has_value());
}

TEST(NameAddr, FormatQuotesAndEscapes) {
  NameAddr address;
  address.display_name = "Say \"hi\" \\ there";
  address.uri = "sip:a@example.com";
  address.params.Set("tag", "abc");
  EXPECT_EQ(address.Format(), "\"Say \\\"hi\\\" \\\\ there\" <sip:a@example.com>;tag=abc");
  auto parsed = NameAddr::Parse(address.Format());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->display_name, address.display_name);
}

class NameAddrInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(NameAddrInvalid, FailsWithAnError) {
  EXPECT_FALSE(NameAddr::Parse(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Values, NameAddrInvalid,
                         ::testing::Values("", "\"Mr. J. User <sip:j.user@example.com>",
                                           "< sip:t.watson@example.org >",
                                           "Bell, Alexander <sip:a.g.bell@example.com>", "<sip:a@b.com",
                                           "sip:user@example.com?Route=%3Csip:x%3E",
                                           "\"Joe\" <sip:joe@example.org>;;;;",
                                           "<sip:a@b.com>;tag=", "\"a\" x <sip:a@b.com>", "<>"));

TEST(NameAddr, RouteListRequiresAngleBrackets) {
  EXPECT_TRUE(
      NameAddr::ParseList("<sip:p1.example.com;lr>, <sip:p2.example.com;lr>", AddressForm::kNameAddrOnly)
          .has_value());
  EXPECT_FALSE(NameAddr::ParseList("<sip:p1.example.com;lr>, sip:p2.example.com", AddressForm::kNameAddrOnly)
                   .has_value());
}

TEST(Contacts, StarIsAlone) {
  auto star = Contacts::Parse({"*"});
  ASSERT_TRUE(star.has_value());
  EXPECT_TRUE(star->wildcard);
  EXPECT_FALSE(Contacts::Parse({"*", "<sip:a@b.com>"}).has_value());
}

TEST(Via, ParsesRportValueAndReceived) {
  auto via = Via::Parse("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx;received=192.0.2.7;rport=40000");
  ASSERT_TRUE(via.has_value()) << via.error().message;
  EXPECT_EQ(via->Rport(), 40000);
  EXPECT_EQ(via->Received(), "192.0.2.7");
  EXPECT_TRUE(via->HasMagicCookie());
  EXPECT_EQ(via->Format(), "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx;received=192.0.2.7;rport=40000");
}

TEST(Via, ParsesIpv6SentBy) {
  auto via = Via::Parse("SIP/2.0/TCP [2001:db8::9]:5070;branch=z9hG4bK1;received=2001:db8::10");
  ASSERT_TRUE(via.has_value()) << via.error().message;
  EXPECT_EQ(via->host, "[2001:db8::9]");
  EXPECT_EQ(via->port, 5070);
}

class ViaInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(ViaInvalid, FailsWithAnError) {
  EXPECT_FALSE(Via::Parse(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Values, ViaInvalid,
                         ::testing::Values("", "SIP/2.0 host", "SIP/2.0/UDP", "SIP/2.0/UDPhost",
                                           "SIP/2.0/UDP host:", "SIP/2.0/UDP host;;",
                                           "SIP/2.0/UDP host;received=example.com",
                                           "SIP/2.0/UDP host;rport=x", "SIP/2.0/UDP host;ttl=300",
                                           "SIP/2.0/UDP host;branch=\"q\"", "SIP/2.0/UDP 192.0.2.15;;,;,,"));

TEST(Via, ListRejectsEmptyElements) {
  EXPECT_FALSE(Via::ParseList("SIP/2.0/UDP a.com, ,SIP/2.0/UDP b.com").has_value());
}

TEST(CSeq, ParsesWithLeadingZerosAndFold) {
  auto cseq = CSeq::Parse("0009\r\n  INVITE");
  ASSERT_TRUE(cseq.has_value());
  EXPECT_EQ(cseq->number, 9u);
  EXPECT_EQ(cseq->method, "INVITE");
}

TEST(CSeq, RejectsNumbersFrom2To31) {
  EXPECT_TRUE(CSeq::Parse("2147483647 BYE").has_value());
  auto big = CSeq::Parse("2147483648 BYE");
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().code, SipErrorCode::kBadCSeq);
  EXPECT_FALSE(CSeq::Parse("36893488147419103232 REGISTER").has_value());
  EXPECT_FALSE(CSeq::Parse("1INVITE").has_value());
}

TEST(ContentType, ParsesParameters) {
  auto type = ContentType::Parse("multipart/mixed;boundary=\"a b\"");
  ASSERT_TRUE(type.has_value());
  EXPECT_TRUE(type->Is("Multipart", "MIXED"));
  EXPECT_EQ(type->params.Value("boundary"), "a b");
  EXPECT_EQ(type->Format(), "multipart/mixed;boundary=\"a b\"");
  EXPECT_FALSE(ContentType::Parse("application").has_value());
}

TEST(SessionExpires, ParsesRefresher) {
  auto se = SessionExpires::Parse("1800;refresher=uac");
  ASSERT_TRUE(se.has_value());
  EXPECT_EQ(se->seconds, 1800u);
  EXPECT_EQ(se->refresher, Refresher::kUac);
  EXPECT_FALSE(SessionExpires::Parse("1800;refresher=both").has_value());
  EXPECT_FALSE(SessionExpires::Parse("4294967296").has_value());
}

TEST(MinSE, ParsesSeconds) {
  auto min_se = MinSE::Parse("90");
  ASSERT_TRUE(min_se.has_value());
  EXPECT_EQ(min_se->seconds, 90u);
}

TEST(RetryAfter, ParsesCommentAndDuration) {
  auto retry = RetryAfter::Parse("18000 (I'm in a (meeting)) ;duration=3600");
  ASSERT_TRUE(retry.has_value()) << retry.error().message;
  EXPECT_EQ(retry->seconds, 18000u);
  EXPECT_EQ(retry->comment, "I'm in a (meeting)");
  EXPECT_EQ(retry->duration, 3600u);
  EXPECT_FALSE(RetryAfter::Parse("949302838503028349304023988").has_value());
}

TEST(Warning, ParsesAndRejectsFourDigitCodes) {
  auto warnings =
      Warning::ParseList("307 isi.edu \"Session parameter 'foo' not understood\", 399 [::1]:5060 \"x\"");
  ASSERT_TRUE(warnings.has_value()) << warnings.error().message;
  ASSERT_EQ(warnings->size(), 2u);
  EXPECT_EQ((*warnings)[0].code, 307);
  EXPECT_EQ((*warnings)[0].text, "Session parameter 'foo' not understood");
  EXPECT_FALSE(Warning::Parse("1812 overture \"In Progress\"").has_value());
}

TEST(ReasonHeader, ParsesCauseAndText) {
  auto reasons = ReasonHeader::ParseList("SIP ;cause=200 ;text=\"Call completed elsewhere\", Q.850;cause=16");
  ASSERT_TRUE(reasons.has_value()) << reasons.error().message;
  ASSERT_EQ(reasons->size(), 2u);
  EXPECT_EQ((*reasons)[0].cause, 200u);
  EXPECT_EQ((*reasons)[0].text, "Call completed elsewhere");
  EXPECT_EQ((*reasons)[1].protocol, "Q.850");
  EXPECT_FALSE(ReasonHeader::Parse("SIP;text=unquoted").has_value());
}

TEST(DigestParams, ParsesAChallenge) {
  auto challenge = DigestParams::Parse(
      "Digest realm=\"mcu.example.com\", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", algorithm=SHA-256-sess, qop=\"auth, "
      "auth-int\", stale=TRUE",
      "WWW-Authenticate");
  ASSERT_TRUE(challenge.has_value()) << challenge.error().message;
  EXPECT_TRUE(challenge->IsDigest());
  EXPECT_EQ(challenge->realm, "mcu.example.com");
  EXPECT_EQ(challenge->algorithm, DigestAlgorithm::kSha256Sess);
  EXPECT_EQ(challenge->QopOptions(), (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_TRUE(challenge->stale);
}

TEST(DigestParams, ParsesCredentials) {
  auto credentials = DigestParams::Parse(
      "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"sip:mcu@example.org\", "
      "algorithm=MD5, nonce=\"7ypf\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
      "qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe\", userhash=false");
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->username, "Mufasa");
  EXPECT_EQ(credentials->nc, "00000001");
  EXPECT_EQ(credentials->qop, "auth");
  EXPECT_EQ(credentials->algorithm, DigestAlgorithm::kMd5);
  auto again = DigestParams::Parse(credentials->Format(AuthRole::kCredentials));
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->response, credentials->response);
  EXPECT_EQ(again->uri, credentials->uri);
}

TEST(DigestParams, KeepsOtherSchemesParameters) {
  auto other = DigestParams::Parse("NoOneKnowsThisScheme opaque-data=here");
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->IsDigest());
  ASSERT_EQ(other->other.size(), 1u);
  EXPECT_EQ(other->other[0].second, "here");
}

class DigestInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(DigestInvalid, FailsWithAnError) {
  EXPECT_FALSE(DigestParams::Parse(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Values, DigestInvalid,
                         ::testing::Values("", "Digest realm", "Digest realm=\"a", "Digest nc=1",
                                           "Digest response=\"xyz\"", "Digest realm=a, realm=b",
                                           "Digest stale=maybe", "Digest realm=a b", "Digestrealm=\"a\""));

TEST(TokenList, SplitsAndValidates) {
  auto tokens = ParseTokenList("timer, 100rel,replaces", "Supported");
  ASSERT_TRUE(tokens.has_value());
  EXPECT_EQ(*tokens, (std::vector<std::string>{"timer", "100rel", "replaces"}));
  EXPECT_TRUE(ParseTokenList("", "Supported")->empty());
  EXPECT_FALSE(ParseTokenList("timer, <x>", "Require").has_value());
}

TEST(SplitList, LimitsTheNumberOfElements) {
  std::string value;
  for (int i = 0; i < 70; ++i) value += "a,";
  auto elements = SplitList(value, 64);
  ASSERT_FALSE(elements.has_value());
  EXPECT_EQ(elements.error().code, SipErrorCode::kTooManyValues);
}

}  // namespace
}  // namespace softmcu::sip
