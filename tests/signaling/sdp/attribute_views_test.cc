// Typed views over single attribute values: rtpmap, fmtp (+ H.264, Opus,
// telephone-event), rtcp-fb, crypto, extmap, content.

#include <gtest/gtest.h>

#include "signaling/sdp/content_attribute.h"
#include "signaling/sdp/crypto_attribute.h"
#include "signaling/sdp/extmap.h"
#include "signaling/sdp/fmtp.h"
#include "signaling/sdp/h264_parameters.h"
#include "signaling/sdp/opus_parameters.h"
#include "signaling/sdp/rtcp_feedback.h"
#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/telephone_events.h"

namespace softmcu::sdp {
namespace {

constexpr const char* kKey = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

TEST(Rtpmap, ParsesNameClockAndChannels) {
  auto map = Rtpmap::Parse("96 opus/48000/2");
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->payload_type, 96);
  EXPECT_TRUE(map->Is("OPUS"));
  EXPECT_EQ(map->clock_rate, 48000u);
  EXPECT_EQ(map->channels, 2u);
  EXPECT_EQ(map->Format(), "96 opus/48000/2");
}

TEST(Rtpmap, VideoHasNoChannels) {
  auto map = Rtpmap::Parse("97 H264/90000");
  ASSERT_TRUE(map.has_value());
  EXPECT_FALSE(map->channels.has_value());
}

TEST(Rtpmap, StaticPayloadTypesHaveDefaults) {
  EXPECT_EQ(StaticRtpmap(0)->encoding_name, "PCMU");
  EXPECT_EQ(StaticRtpmap(9)->encoding_name, "G722");
  EXPECT_EQ(StaticRtpmap(34)->clock_rate, 90000u);
  EXPECT_FALSE(StaticRtpmap(96).has_value());
  EXPECT_FALSE(StaticRtpmap(35).has_value());
}

TEST(Fmtp, SplitsParametersWithOrWithoutSpaces) {
  auto fmtp = Fmtp::Parse("109 profile-level-id=428016; max-mbps=490000;packetization-mode=1;");
  ASSERT_TRUE(fmtp.has_value());
  EXPECT_EQ(fmtp->parameters.size(), 3u);
  EXPECT_EQ(fmtp->Value("MAX-MBPS"), "490000");
  EXPECT_EQ(fmtp->Value("packetization-mode"), "1");
}

TEST(Fmtp, KeepsBareItems) {
  auto fmtp = Fmtp::Parse("101 0-15");
  ASSERT_TRUE(fmtp.has_value());
  ASSERT_EQ(fmtp->parameters.size(), 1u);
  EXPECT_EQ(fmtp->parameters[0].key, "0-15");
  EXPECT_FALSE(fmtp->parameters[0].value.has_value());
}

TEST(H264Parameters, DefaultsWhenAbsent) {
  auto params = H264Parameters::FromFmtp(*Fmtp::Parse("97 max-br=2000"));
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->packetization_mode, 0);
  EXPECT_EQ(params->profile_level_id.ToString(), "42000a");  // RFC 6184 §8.1 default
  EXPECT_EQ(params->max_br, 2000u);
}

TEST(H264Parameters, ReadsAllFields) {
  auto params = H264Parameters::FromFmtp(*Fmtp::Parse(
      "97 profile-level-id=42e01f;packetization-mode=1;max-mbps=245760;max-fs=8192;"
      "sprop-parameter-sets=Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8SJZ,aMuMsg==;level-asymmetry-allowed=1"));
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->packetization_mode, 1);
  EXPECT_EQ(params->profile_level_id.profile(), H264Profile::kConstrainedBaseline);
  EXPECT_EQ(params->max_fs, 8192u);
  EXPECT_TRUE(params->level_asymmetry_allowed);
  EXPECT_EQ(params->sprop_parameter_sets, "Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8SJZ,aMuMsg==");
  EXPECT_EQ(params->EffectiveLimits().max_fs, 8192u);  // raised above level 3.1's 3600
  EXPECT_EQ(params->EffectiveLimits().max_mbps, 245760u);
}

TEST(H264Parameters, MaxParametersNeverLowerTheLevel) {
  auto params = H264Parameters::FromFmtp(*Fmtp::Parse("97 profile-level-id=42e01f;max-fs=100"));
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->EffectiveLimits().max_fs, 3600u);
}

TEST(H264Parameters, RejectsBadProfileLevelIdAndMode) {
  EXPECT_FALSE(H264Parameters::FromFmtp(*Fmtp::Parse("97 profile-level-id=zz")).has_value());
  EXPECT_FALSE(H264Parameters::FromFmtp(*Fmtp::Parse("97 packetization-mode=3")).has_value());
}

TEST(OpusParameters, ReadsFlagsAndLimits) {
  auto p =
      OpusParameters::FromFmtp(*Fmtp::Parse("96 "
                                            "useinbandfec=1;usedtx=1;stereo=1;sprop-stereo=1;maxplaybackrate="
                                            "16000;maxaveragebitrate=24000;ptime=20"));
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->useinbandfec && p->usedtx && p->stereo && p->sprop_stereo);
  EXPECT_EQ(p->maxplaybackrate, 16000u);
  EXPECT_EQ(p->maxaveragebitrate, 24000u);
  EXPECT_EQ(p->ptime, 20u);
}

TEST(OpusParameters, RejectsOutOfRangeValues) {
  EXPECT_FALSE(OpusParameters::FromFmtp(*Fmtp::Parse("96 maxaveragebitrate=1000")).has_value());
  EXPECT_FALSE(OpusParameters::FromFmtp(*Fmtp::Parse("96 stereo=2")).has_value());
}

TEST(TelephoneEvents, ParsesRangesAndFormatsThemBack) {
  auto events = TelephoneEvents::Parse("0-11,16, 32-33");
  ASSERT_TRUE(events.has_value());
  EXPECT_TRUE(events->events.test(11));
  EXPECT_FALSE(events->events.test(12));
  EXPECT_TRUE(events->events.test(16));
  EXPECT_EQ(events->Format(), "0-11,16,32-33");
  EXPECT_EQ(TelephoneEvents::Default().Format(), "0-15");
}

TEST(TelephoneEvents, RejectsReversedAndOutOfRange) {
  EXPECT_FALSE(TelephoneEvents::Parse("15-0").has_value());
  EXPECT_FALSE(TelephoneEvents::Parse("0-256").has_value());
  EXPECT_FALSE(TelephoneEvents::Parse("").has_value());
}

struct FeedbackCase {
  const char* text;
  RtcpFeedbackType kind;
};

class RtcpFeedbackKinds : public ::testing::TestWithParam<FeedbackCase> {};

TEST_P(RtcpFeedbackKinds, Classifies) {
  auto fb = RtcpFeedback::Parse(GetParam().text);
  ASSERT_TRUE(fb.has_value());
  EXPECT_EQ(fb->Kind(), GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(Rfc4585And5104, RtcpFeedbackKinds,
                         ::testing::Values(FeedbackCase{"96 nack", RtcpFeedbackType::kNack},
                                           FeedbackCase{"* nack pli", RtcpFeedbackType::kNackPli},
                                           FeedbackCase{"97 ccm fir", RtcpFeedbackType::kCcmFir},
                                           FeedbackCase{"97 ccm tmmbr smaxpr=120",
                                                        RtcpFeedbackType::kCcmTmmbr},
                                           FeedbackCase{"97 goog-remb", RtcpFeedbackType::kGoogRemb},
                                           FeedbackCase{"* trr-int 100", RtcpFeedbackType::kOther},
                                           FeedbackCase{"97 nack sli", RtcpFeedbackType::kOther}));

TEST(RtcpFeedback, WildcardAppliesToEveryPayloadType) {
  auto fb = RtcpFeedback::Parse("* nack");
  ASSERT_TRUE(fb.has_value());
  EXPECT_TRUE(fb->AppliesTo(96));
  EXPECT_TRUE(fb->AppliesTo(34));
  EXPECT_EQ(fb->Format(), "* nack");
}

TEST(CryptoAttribute, ParsesTagSuiteKeyAndSessionParams) {
  auto c = CryptoAttribute::Parse(std::string("7 AES_CM_128_HMAC_SHA1_32 ") + kKey + "|2^20 WSH=64");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->tag, 7u);
  EXPECT_EQ(c->suite, CryptoSuite::kAesCm128HmacSha1_32);
  ASSERT_TRUE(c->key.has_value());
  EXPECT_EQ(c->key->lifetime_packets(), uint64_t{1} << 20);
  EXPECT_EQ(c->session_params, std::vector<std::string>{"WSH=64"});
  EXPECT_FALSE(c->unusable_reason.has_value());
}

TEST(CryptoAttribute, MkiIsUnusableNotAnError) {
  auto c = CryptoAttribute::Parse(std::string("1 AES_CM_128_HMAC_SHA1_80 ") + kKey + "|2^20|1:4");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_FALSE(c->key.has_value());
  EXPECT_EQ(c->unusable_reason, "an MKI is not supported");
}

TEST(CryptoAttribute, UnencryptedSrtpIsUnusable) {
  auto c = CryptoAttribute::Parse(std::string("1 AES_CM_128_HMAC_SHA1_80 ") + kKey + " UNENCRYPTED_SRTP");
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->key.has_value());
  EXPECT_TRUE(c->unusable_reason.has_value());
}

TEST(CryptoAttribute, BadKeyIsAnErrorWithoutKeyMaterial) {
  auto c = CryptoAttribute::Parse("1 AES_CM_128_HMAC_SHA1_80 inline:c2VjcmV0");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message.find("c2VjcmV0"), std::string::npos);
}

TEST(CryptoAttribute, MakeFormatsAGeneratedKey) {
  auto key = SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
  ASSERT_TRUE(key.has_value());
  auto c = CryptoAttribute::Make(3, *key);
  auto parsed = CryptoAttribute::Parse(c.Format());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->tag, 3u);
  EXPECT_EQ(parsed->key_params, key->Format());
}

TEST(Extmap, ParsesIdDirectionUriAndAttributes) {
  auto e = Extmap::Parse("3/sendonly urn:ietf:params:rtp-hdrext:sdes:mid extra");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->id, 3);
  EXPECT_EQ(e->direction, MediaDirection::kSendOnly);
  EXPECT_EQ(e->uri, "urn:ietf:params:rtp-hdrext:sdes:mid");
  EXPECT_EQ(e->attributes, "extra");
  EXPECT_EQ(e->Format(), "3/sendonly urn:ietf:params:rtp-hdrext:sdes:mid extra");
}

TEST(ContentAttribute, ReadsRfc4796Tags) {
  auto c = ContentAttribute::Parse("slides,speaker,x-vendor");
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->Has(ContentRole::kSlides));
  EXPECT_TRUE(c->Has(ContentRole::kSpeaker));
  EXPECT_FALSE(c->Has(ContentRole::kMain));
}

}  // namespace
}  // namespace softmcu::sdp
