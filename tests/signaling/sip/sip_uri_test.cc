#include "signaling/sip/sip_uri.h"

#include <gtest/gtest.h>

#include <string>

namespace softmcu::sip {
namespace {

TEST(SipUri, ParsesUserHostPortAndParameters) {
  auto uri = SipUri::Parse("sip:alice@192.0.2.1:5070;transport=tcp;lr;maddr=239.255.255.1");
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  EXPECT_FALSE(uri->secure);
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->host, "192.0.2.1");
  EXPECT_EQ(uri->host_type, HostType::kIPv4);
  EXPECT_EQ(uri->port, 5070);
  EXPECT_EQ(uri->Transport(), "tcp");
  EXPECT_TRUE(uri->LooseRoute());
  EXPECT_EQ(uri->Maddr(), "239.255.255.1");
}

TEST(SipUri, ParsesSipsWithIpv6Host) {
  auto uri = SipUri::Parse("SIPS:[2001:db8::1]:5061");
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  EXPECT_TRUE(uri->secure);
  EXPECT_EQ(uri->host, "[2001:db8::1]");
  EXPECT_EQ(uri->host_type, HostType::kIPv6);
  EXPECT_EQ(uri->port, 5061);
}

TEST(SipUri, DecodesEscapedUserOnRequest) {
  auto uri = SipUri::Parse("sip:I%20have%20spaces@example.net");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "I%20have%20spaces");
  EXPECT_EQ(uri->UserUnescaped(), "I have spaces");
}

TEST(SipUri, KeepsPasswordForFormatOnly) {
  auto uri = SipUri::Parse("sip:alice:secret@example.com");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_EQ(uri->Format(), "sip:alice:secret@example.com");
}

TEST(SipUri, ParsesHeaders) {
  auto uri = SipUri::Parse("sip:bob@example.com?Subject=hi&Priority=urgent");
  ASSERT_TRUE(uri.has_value());
  ASSERT_EQ(uri->headers.size(), 2u);
  EXPECT_EQ(uri->headers[1].first, "Priority");
  EXPECT_EQ(uri->headers[1].second, "urgent");
}

class SipUriRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(SipUriRoundTrip, FormatGivesTheSameText) {
  auto uri = SipUri::Parse(GetParam());
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  EXPECT_EQ(uri->Format(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Uris, SipUriRoundTrip,
                         ::testing::Values("sip:example.com", "sip:bob@example.com:5060",
                                           "sips:[::1];transport=tls",
                                           "sip:user;par=u%40example.net@example.com",
                                           "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
                                           "sip:+12125551212@gw.example.com;user=phone",
                                           "sip:a@b.example.com?x=y&z=w"));

class SipUriInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(SipUriInvalid, FailsWithAnError) {
  auto uri = SipUri::Parse(GetParam());
  ASSERT_FALSE(uri.has_value()) << GetParam();
  EXPECT_TRUE(uri.error().code == SipErrorCode::kBadUri || uri.error().code == SipErrorCode::kTooManyValues);
}

INSTANTIATE_TEST_SUITE_P(Uris, SipUriInvalid,
                         ::testing::Values("", "sip:", "tel:+1234", "http://example.com", "sip:@example.com",
                                           "sip:a@b@c.com", "sip:bob@exa mple.com",
                                           "sip:bob@example.com:99999",
                                           "sip:bob@example.com:", "sip:bob@[::1", "sip:bob@[zz::1]",
                                           "sip:bob@1.2.3", "sip:bob@256.1.1.1", "sip:bob@-host.com",
                                           "sip:bo%zzb@example.com", "sip:bob@example.com;;lr",
                                           "sip:bob@example.com;a=", "sip:bob@example.com?x",
                                           "sip:b\"ob@example.com", "sip:bob@example.com;p=\x01"));

TEST(SipUri, TooManyParametersFail) {
  std::string text = "sip:bob@example.com";
  for (int i = 0; i < 40; ++i) text += ";p" + std::to_string(i);
  auto uri = SipUri::Parse(text);
  ASSERT_FALSE(uri.has_value());
  EXPECT_EQ(uri.error().code, SipErrorCode::kTooManyValues);
}

TEST(ClassifyHost, TellsHostTypes) {
  EXPECT_EQ(ClassifyHost("example.com."), HostType::kHostname);
  EXPECT_EQ(ClassifyHost("10.0.0.1"), HostType::kIPv4);
  EXPECT_EQ(ClassifyHost("[fe80::1]"), HostType::kIPv6);
  EXPECT_EQ(ClassifyHost("1example.com"), HostType::kHostname);
  EXPECT_FALSE(ClassifyHost("1example.2com").has_value());
  EXPECT_FALSE(ClassifyHost("a..b").has_value());
  EXPECT_FALSE(ClassifyHost("com.123").has_value());
}

}  // namespace
}  // namespace softmcu::sip
