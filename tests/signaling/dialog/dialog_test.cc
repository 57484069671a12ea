#include "signaling/dialog/dialog.h"

#include <gtest/gtest.h>

#include "signaling/dialog/local_sdp_versions.h"
#include "tests/signaling/sip/sip_test_util.h"
#include "tests/signaling/testing/fake_sip_network.h"
#include "tests/signaling/testing/fake_user_agents.h"

namespace softmcu::sip {
namespace {

using testing::Crlf;
using testing::Incoming;
using testing::Udp;

std::string InviteWith(std::string_view extra_headers) {
  std::string invite(Crlf(testing::kInvite));
  invite.insert(invite.find("Content-Length"), Crlf(extra_headers));
  return invite;
}

TEST(Dialog, UasKeepsRecordRouteOrderAndSendsToTheFirstLooseRoute) {
  auto dialog = Dialog::ForUas(
      Incoming(InviteWith("Record-Route: <sip:p1.example.org;lr>, <sip:192.0.2.50:5070;lr>\n"), Udp("192.0.2.1", 5060)),
      "ourtag");
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->id().local_tag, "ourtag");
  EXPECT_EQ(dialog->id().remote_tag, "1928301774");
  auto bye = dialog->MakeRequest("BYE", 7).AddHeader("Via", "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKx").Build();
  ASSERT_TRUE(bye);
  EXPECT_EQ(bye->RequestUri(), "sip:alice@192.0.2.1:5060");  // the remote target (Contact)
  auto routes = bye->Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].uri, "sip:p1.example.org;lr");
  EXPECT_EQ(bye->To().Tag(), "1928301774");
  EXPECT_EQ(bye->From().Tag(), "ourtag");
  EXPECT_EQ(bye->Sequence().number, 7u);
  // p1.example.org is a name (no DNS here): the peer's address serves.
  EXPECT_EQ(dialog->NextHop().destination, Udp("192.0.2.1", 5060));
}

TEST(Dialog, StrictRouteBecomesTheRequestUri) {
  auto dialog = Dialog::ForUas(
      Incoming(InviteWith("Record-Route: <sip:192.0.2.50:5070>\n"), Udp("192.0.2.1", 5060)), "t");
  ASSERT_TRUE(dialog);
  auto info = dialog->MakeRequest("INFO", 2).AddHeader("Via", "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKx").Build();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->RequestUri(), "sip:192.0.2.50:5070");
  ASSERT_EQ(info->Routes().size(), 1u);
  EXPECT_EQ(info->Routes()[0].uri, "sip:alice@192.0.2.1:5060");
  EXPECT_EQ(dialog->NextHop().destination, Udp("192.0.2.50", 5070));
}

TEST(Dialog, UacReversesTheRouteSetAndTakesTheTargetFromThe2xx) {
  auto request = SipParser::Parse(Crlf(testing::kInvite), Framing::kDatagram);
  ASSERT_TRUE(request);
  std::string ok =
      "SIP/2.0 200 OK\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\n"
      "Record-Route: <sip:192.0.2.60;lr>\n"
      "Record-Route: <sip:192.0.2.61;lr>\n"
      "To: Bob <sip:bob@192.0.2.4>;tag=bobtag\n"
      "From: \"Alice\" <sip:alice@192.0.2.1>;tag=1928301774\n"
      "Call-ID: a84b4c76e66710@192.0.2.1\n"
      "CSeq: 314159 INVITE\n"
      "Contact: <sip:bob@192.0.2.4:5062;transport=tcp>\n"
      "Content-Length: 0\n\n";
  auto dialog = Dialog::ForUac(*request, Incoming(Crlf(ok), Udp("192.0.2.4", 5060)), TransportKind::kUdp);
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->route_set().front(), "<sip:192.0.2.61;lr>");
  EXPECT_EQ(dialog->remote_target(), "sip:bob@192.0.2.4:5062;transport=tcp");
  EXPECT_EQ(dialog->NextHop().destination, Udp("192.0.2.61", 5060));
  EXPECT_EQ(dialog->NextLocalCSeq(), 314160u);
}

TEST(Dialog, RemoteCSeqMustNotGoBack) {
  auto dialog = Dialog::ForUas(Incoming(Crlf(testing::kInvite), Udp("192.0.2.1", 5060)), "t");
  ASSERT_TRUE(dialog);
  EXPECT_TRUE(dialog->AcceptRemoteCSeq(314160));
  EXPECT_FALSE(dialog->AcceptRemoteCSeq(314159));
}

TEST(Dialog, InviteWithoutContactMakesNoDialog) {
  std::string invite(Crlf(testing::kInvite));
  invite.erase(invite.find("Contact:"), invite.find("Content-Length") - invite.find("Contact:"));
  EXPECT_FALSE(Dialog::ForUas(Incoming(invite, Udp("192.0.2.1", 5060)), "t"));
}

TEST(ResolveSipUri, TransportPortAndSips) {
  EXPECT_EQ(ResolveSipUri("sip:1000@192.0.2.7", TransportKind::kUdp), Udp("192.0.2.7", 5060));
  EXPECT_EQ(ResolveSipUri("sips:1000@192.0.2.7", TransportKind::kUdp)->kind, TransportKind::kTls);
  EXPECT_EQ(ResolveSipUri("sips:1000@192.0.2.7", TransportKind::kUdp)->port, 5061);
  EXPECT_EQ(ResolveSipUri("sip:1000@[2001:db8::1]:5070;transport=TCP", TransportKind::kUdp)->kind, TransportKind::kTcp);
  EXPECT_FALSE(ResolveSipUri("sip:1000@mcu.example.org", TransportKind::kUdp));
  EXPECT_FALSE(ResolveSipUri("sip:1000@192.0.2.7;transport=sctp", TransportKind::kUdp));
  EXPECT_FALSE(ResolveSipUri("tel:+84123", TransportKind::kUdp));
}

TEST(LocalSdpVersions, SameSessionIdAndAVersionThatGrowsOnlyOnChange) {
  LocalSdpVersions versions;
  auto first = versions.Next(testing::TestSdp(30000, "7"));
  EXPECT_EQ(first.origin.session_version, "7");
  auto same = versions.Next(testing::TestSdp(30000, "1"));  // the conference reset o=; nothing else changed
  EXPECT_EQ(same.origin.session_version, "7");
  auto changed = versions.Next(testing::TestSdp(30002, "1"));
  EXPECT_EQ(changed.origin.session_version, "8");
  EXPECT_EQ(changed.origin.session_id, first.origin.session_id);
  versions.Rollback();
  EXPECT_EQ(versions.current()->origin.session_version, "7");
  auto nine = testing::TestSdp(30000, "99");
  nine.origin.session_version = "99";
  LocalSdpVersions carry;
  carry.Next(nine);
  EXPECT_EQ(carry.Next(testing::TestSdp(30004)).origin.session_version, "100");
}

}  // namespace
}  // namespace softmcu::sip
