// ReOfferAnswerer: a changed offer in an established call is answered with the call's own
// ports, SSRCs and SRTP key, or refused when it would need a new key.
#include "tools/loadgen/re_offer_answerer.h"

#include <gtest/gtest.h>

namespace softmcu::loadgen {
namespace {

sdp::LocalMedia Local(uint16_t audio_port, uint16_t video_port, uint32_t ssrc_base) {
  sdp::LocalMedia local;
  local.audio = {.rtp_port = audio_port, .ssrc = ssrc_base};
  local.video = {.rtp_port = video_port, .ssrc = ssrc_base + 1};
  local.cname = "loadgen-7";
  local.session_id = "8";
  return local;
}

std::optional<sdp::CryptoAttribute> CryptoOf(const sdp::MediaDescription& m, CryptoSuite suite) {
  for (const auto& c : m.Cryptos()) {
    if (c.suite == suite) return c;
  }
  return std::nullopt;
}

class ReOfferAnswererTest : public ::testing::Test {
 protected:
  sdp::MediaNegotiator negotiator_{sdp::MediaCapabilities{}};
  ReOfferAnswerer answerer_{&negotiator_};
};

TEST_F(ReOfferAnswererTest, DialledCallKeepsPortsSsrcsAndTheKeyOfTheSuiteTheMcuPicks) {
  // We dialled: our offer carries both suites; the MCU's answer picked one, and now it
  // offers anew (lower video bandwidth) with only the 32-bit-tag suite.
  auto ours = negotiator_.CreateOffer(Local(41000, 41002, 5000));
  ASSERT_TRUE(ours);
  auto mcu_offer = negotiator_.CreateOffer(Local(50000, 50002, 9000));
  ASSERT_TRUE(mcu_offer);
  for (auto& m : mcu_offer->sdp.media) {
    std::erase_if(m.attributes, [](const sdp::Attribute& a) {
      return a.name == "crypto" && a.value->find("_80") != std::string::npos;
    });
    if (m.media == "video") m.bandwidths = {{"AS", 900}};
  }
  auto answer = answerer_.Answer(mcu_offer->sdp, ours->sdp);
  ASSERT_TRUE(answer) << answer.error().reason;
  ASSERT_EQ(answer->media.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& m = answer->media[i];
    EXPECT_EQ(m.port, ours->sdp.media[i].port);
    ASSERT_EQ(m.Ssrcs().size(), 1u);
    EXPECT_EQ(m.Ssrcs()[0].ssrc, ours->sdp.media[i].Ssrcs()[0].ssrc);
    const auto cryptos = m.Cryptos();
    ASSERT_EQ(cryptos.size(), 1u);
    EXPECT_EQ(cryptos[0].suite, CryptoSuite::kAesCm128HmacSha1_32);
    EXPECT_EQ(cryptos[0].tag, mcu_offer->sdp.media[i].Cryptos()[0].tag);
    EXPECT_EQ(cryptos[0].key_params, CryptoOf(ours->sdp.media[i], CryptoSuite::kAesCm128HmacSha1_32)->key_params);
  }
  EXPECT_EQ(answer->origin.session_id, ours->sdp.origin.session_id);
}

TEST_F(ReOfferAnswererTest, AnsweredCallKeepsTheKeyOfItsAnswer) {
  auto mcu_offer = negotiator_.CreateOffer(Local(50000, 50002, 9000));
  ASSERT_TRUE(mcu_offer);
  auto first = negotiator_.AnswerOffer(mcu_offer->sdp, Local(41000, 41002, 5000));
  ASSERT_TRUE(first);
  auto again = answerer_.Answer(mcu_offer->sdp, first->answer);
  ASSERT_TRUE(again) << again.error().reason;
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again->media[i].port, first->answer.media[i].port);
    EXPECT_EQ(again->media[i].Cryptos()[0].key_params, first->answer.media[i].Cryptos()[0].key_params);
  }
}

TEST_F(ReOfferAnswererTest, ASuiteThisCallNeverKeyedIsRefusedWith488) {
  auto mcu_offer = negotiator_.CreateOffer(Local(50000, 50002, 9000));
  ASSERT_TRUE(mcu_offer);
  auto keep_only = [](sdp::SessionDescription sdp, const char* suite) {
    for (auto& m : sdp.media) {
      std::erase_if(m.attributes, [&](const sdp::Attribute& a) {
        return a.name == "crypto" && a.value->find(suite) == std::string::npos;
      });
    }
    return sdp;
  };
  // Our answer keyed the 80-bit suite only; the re-offer wants the 32-bit one.
  auto first = negotiator_.AnswerOffer(keep_only(mcu_offer->sdp, "_80"), Local(41000, 41002, 5000));
  ASSERT_TRUE(first);
  auto again = answerer_.Answer(keep_only(mcu_offer->sdp, "_32"), first->answer);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().sip_status, 488);
  EXPECT_NE(again.error().reason.find("re-keying"), std::string::npos) << again.error().reason;
}

TEST_F(ReOfferAnswererTest, AnOfferWeCannotTakeIsRefusedAsTheNegotiatorSays) {
  auto ours = negotiator_.CreateOffer(Local(41000, 41002, 5000));
  ASSERT_TRUE(ours);
  sdp::SessionDescription nothing = ours->sdp;
  for (auto& m : nothing.media) m.media = "text";
  auto answer = answerer_.Answer(nothing, ours->sdp);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().sip_status, 488);
}

}  // namespace
}  // namespace softmcu::loadgen
