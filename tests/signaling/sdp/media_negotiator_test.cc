#include "signaling/sdp/media_negotiator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "signaling/sdp/sdp_parser.h"
#include "signaling/sdp/sdp_writer.h"
#include "tests/signaling/sdp/sdp_test_util.h"

namespace softmcu::sdp {
namespace {

using testing::ReadOffer;

LocalMedia Local() {
  LocalMedia local;
  local.address = "198.51.100.7";
  local.audio.rtp_port = 20000;
  local.video.rtp_port = 20002;
  local.content.rtp_port = 20004;
  return local;
}

SessionDescription Parse(const std::string& text) {
  auto sdp = SdpParser::Parse(text);
  EXPECT_TRUE(sdp.has_value()) << sdp.error().message;
  return sdp.value_or(SessionDescription{});
}

// ---- the negotiation table -------------------------------------------------------------

constexpr int kNone = -1;

struct NegotiationCase {
  const char* name;
  const char* offer;
  SrtpPolicy policy = SrtpPolicy::kRequired;
  int sip_status = 0;  // 0: accepted, else the failure's status
  NegotiationError error = NegotiationError::kNoUsableMedia;
  const char* reason = "";  // substring of the failure reason, or of the first rejected stream's
  int audio_pt = kNone;
  int telephone_event_pt = kNone;
  uint32_t telephone_event_rate = 0;
  int video_pt = kNone;
  int packetization_mode = kNone;
  const char* profile_level_id = "";
  int content_pt = kNone;
  std::optional<CryptoSuite> suite;
  std::vector<size_t> zero_ports;  // answer m-lines with port 0
};

class NegotiationTable : public ::testing::TestWithParam<NegotiationCase> {};

TEST_P(NegotiationTable, AnswersAsExpected) {
  const NegotiationCase& c = GetParam();
  MediaCapabilities caps;
  caps.srtp = c.policy;
  MediaNegotiator negotiator(caps);
  const SessionDescription offer = Parse(ReadOffer(c.offer));
  auto result = negotiator.AnswerOffer(offer, Local());

  if (c.sip_status != 0) {
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().sip_status, c.sip_status);
    EXPECT_EQ(result.error().code, c.error);
    EXPECT_NE(result.error().reason.find(c.reason), std::string::npos) << result.error().reason;
    return;
  }
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  const NegotiatedSession& s = result->session;
  auto pt_of = [](const std::optional<NegotiatedStream>& st) { return st ? int{st->payload_type} : kNone; };
  EXPECT_EQ(pt_of(s.audio), c.audio_pt);
  EXPECT_EQ(pt_of(s.video), c.video_pt);
  EXPECT_EQ(pt_of(s.content), c.content_pt);
  if (s.audio) {
    const auto& te = s.audio->audio->telephone_event_pt;
    EXPECT_EQ(te ? int{*te} : kNone, c.telephone_event_pt);
    if (te) {
      EXPECT_EQ(s.audio->audio->telephone_event_clock_rate, c.telephone_event_rate);
    }
  }
  if (s.video) {
    EXPECT_EQ(s.video->video->packetization_mode, c.packetization_mode);
    EXPECT_EQ(s.video->video->profile_level_id.ToString(), c.profile_level_id);
  }
  for (const auto* st : {&s.audio, &s.video, &s.content}) {
    if (!*st) continue;
    EXPECT_EQ((*st)->srtp ? std::optional((*st)->srtp->suite) : std::nullopt, c.suite);
  }
  std::vector<size_t> zero;
  for (size_t i = 0; i < result->answer.media.size(); ++i) {
    if (result->answer.media[i].port == 0) zero.push_back(i);
  }
  EXPECT_EQ(zero, c.zero_ports);
  if (*c.reason != '\0') {
    ASSERT_FALSE(s.rejected.empty());
    EXPECT_NE(s.rejected[0].reason.find(c.reason), std::string::npos) << s.rejected[0].reason;
  }
}

constexpr auto k80 = CryptoSuite::kAesCm128HmacSha1_80;
constexpr auto k32 = CryptoSuite::kAesCm128HmacSha1_32;

INSTANTIATE_TEST_SUITE_P(
    RealTerminals, NegotiationTable,
    ::testing::Values(
        // (a) captured baresip 1.0 offers: pm=1 (PT 97) chosen over pm=0 (PT 96).
        NegotiationCase{.name = "BaresipSrtpMand",
                        .offer = "baresip_srtp_mand",
                        .audio_pt = 96,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 8000,
                        .video_pt = 97,
                        .packetization_mode = 1,
                        .profile_level_id = "42e01f",
                        .suite = k80},
        NegotiationCase{.name = "BaresipBestEffortSrtp",
                        .offer = "baresip_srtp",
                        .audio_pt = 96,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 8000,
                        .video_pt = 97,
                        .packetization_mode = 1,
                        .profile_level_id = "42e01f",
                        .suite = k80},
        NegotiationCase{.name = "BaresipSavpf",
                        .offer = "baresip_srtp_mandf",
                        .audio_pt = 96,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 8000,
                        .video_pt = 97,
                        .packetization_mode = 1,
                        .profile_level_id = "42e01f",
                        .suite = k80},
        // (b) room system: BFCP refused, slides video taken as content, level 2.2 kept.
        NegotiationCase{.name = "RoomSystemWithBfcp",
                        .offer = "room_system_bfcp",
                        .reason = "m=application UDP/BFCP is not supported",
                        .audio_pt = 102,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 8000,
                        .video_pt = 109,
                        .packetization_mode = 1,
                        .profile_level_id = "428016",
                        .content_pt = 109,
                        .suite = k80,
                        .zero_ports = {2}},
        // (c) plain RTP: 488 unless the room allows it.
        NegotiationCase{.name = "PlainRtpRefused",
                        .offer = "plain_rtp_avp",
                        .sip_status = 488,
                        .error = NegotiationError::kSrtpRequired,
                        .reason = "SRTP required: the offer has no a=crypto with AES_CM_128_HMAC_SHA1_80 or "
                                  "AES_CM_128_HMAC_SHA1_32"},
        NegotiationCase{.name = "PlainRtpAllowed",
                        .offer = "plain_rtp_avp",
                        .policy = SrtpPolicy::kAllowPlainRtp,
                        .audio_pt = 107,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 8000,
                        .video_pt = 99,
                        .packetization_mode = 1,
                        .profile_level_id = "42e01f"},
        // (d) H.263-only video: audio taken, video refused with port 0; nothing common → 488.
        NegotiationCase{.name = "H263OnlyVideo",
                        .offer = "h263_only_video",
                        .reason = "no common video codec: offered H263; softmcu needs H.264",
                        .audio_pt = 96,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 48000,
                        .suite = k32,
                        .zero_ports = {1}},
        NegotiationCase{
            .name = "NothingInCommon",
            .offer = "pcmu_h263",
            .sip_status = 488,
            .error = NegotiationError::kNoCommonCodec,
            .reason = "no common audio codec: offered PCMU, telephone-event; softmcu needs opus/48000; "
                      "no common video codec: offered H263; softmcu needs H.264"},
        // (e) Linphone AVPF with rtcp-mux: H.264 without packetization-mode means pm 0.
        NegotiationCase{.name = "LinphoneAvpf",
                        .offer = "linphone_avpf",
                        .audio_pt = 96,
                        .telephone_event_pt = 101,
                        .telephone_event_rate = 48000,
                        .video_pt = 97,
                        .packetization_mode = 0,
                        .profile_level_id = "42801f",
                        .suite = k80}),
    [](const ::testing::TestParamInfo<NegotiationCase>& info) { return std::string(info.param.name); });

// ---- the answer is a valid answer to the offer (RFC 3264 §6) ----------------------------

class AnswerValidity : public ::testing::TestWithParam<const char*> {};

TEST_P(AnswerValidity, ReparsedAnswerMatchesTheOffer) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  const SessionDescription offer = Parse(ReadOffer(GetParam()));
  auto result = negotiator.AnswerOffer(offer, Local());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  auto answer = SdpParser::Parse(SdpWriter::Write(result->answer));
  ASSERT_TRUE(answer.has_value()) << answer.error().message;
  ASSERT_EQ(answer->media.size(), offer.media.size());
  for (size_t i = 0; i < offer.media.size(); ++i) {
    const auto& o = offer.media[i];
    const auto& a = answer->media[i];
    EXPECT_EQ(a.media, o.media) << i;
    EXPECT_EQ(a.proto, o.proto) << i;
    if (a.port == 0) {
      EXPECT_EQ(a.formats, o.formats) << i;  // a rejected line repeats the offer's formats
      continue;
    }
    const auto offered = o.PayloadTypes();
    for (uint8_t pt : a.PayloadTypes()) {
      EXPECT_NE(std::find(offered.begin(), offered.end(), pt), offered.end()) << "pt " << int{pt};
      EXPECT_EQ(a.RtpmapFor(pt)->encoding_name, o.RtpmapFor(pt)->encoding_name);
    }
    // One a=crypto with the tag and suite of an offered line.
    auto cryptos = a.Cryptos();
    ASSERT_EQ(cryptos.size(), 1u);
    bool matched = false;
    for (const auto& oc : o.Cryptos())
      matched = matched || (oc.tag == cryptos[0].tag && oc.suite == cryptos[0].suite);
    EXPECT_TRUE(matched);
    EXPECT_EQ(a.Mid(), o.Mid());
  }
}

INSTANTIATE_TEST_SUITE_P(SampleOffers, AnswerValidity,
                         ::testing::Values("baresip_srtp_mand", "baresip_srtp", "baresip_srtp_mandf",
                                           "room_system_bfcp", "h263_only_video", "linphone_avpf"));

// ---- single behaviours ------------------------------------------------------------------

NegotiatedAnswer AnswerTo(const std::string& offer_text, MediaCapabilities caps = {}) {
  MediaNegotiator negotiator(caps);
  auto result = negotiator.AnswerOffer(Parse(offer_text), Local());
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().reason);
  return result.value_or(NegotiatedAnswer{});
}

TEST(MediaNegotiator, AnswerCarriesOurKeyAndKeepsTheirs) {
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"));
  ASSERT_TRUE(result.session.audio && result.session.audio->srtp);
  const auto& srtp = *result.session.audio->srtp;
  auto offered = Parse(ReadOffer("baresip_srtp_mand")).media[0].Cryptos()[0];
  EXPECT_TRUE(std::equal(srtp.remote_key.key_and_salt().begin(), srtp.remote_key.key_and_salt().end(),
                         offered.key->key_and_salt().begin()));
  EXPECT_FALSE(std::equal(srtp.local_key.key_and_salt().begin(), srtp.local_key.key_and_salt().end(),
                          srtp.remote_key.key_and_salt().begin()));
  auto answered = result.answer.media[0].Cryptos();
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0].tag, 1u);
  EXPECT_EQ(answered[0].key_params, srtp.local_key.Format());
}

TEST(MediaNegotiator, Prefers80Over32WhateverTheOfferOrder) {
  auto result = AnswerTo(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 96\r\n"
      "a=rtpmap:96 opus/48000/2\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:HBNZlktqBuC5jFnh9UEHZoNc3400WW+nCagUZxUT\r\n"
      "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:40iUOK/QYMXbmOceydw31ovgK5janDpHD8KxQeiX\r\n");
  ASSERT_TRUE(result.session.audio && result.session.audio->srtp);
  EXPECT_EQ(result.session.audio->srtp->suite, CryptoSuite::kAesCm128HmacSha1_80);
  EXPECT_EQ(result.session.audio->srtp->tag, 2u);
}

TEST(MediaNegotiator, SavpOfferWithOnlyUnusableCryptoIsRefusedEvenIfPlainAllowed) {
  MediaCapabilities caps;
  caps.srtp = SrtpPolicy::kAllowPlainRtp;
  MediaNegotiator negotiator(caps);
  auto result =
      negotiator.AnswerOffer(Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 "
                                   "0\r\nm=audio 4000 RTP/SAVP 96\r\n"
                                   "a=rtpmap:96 opus/48000/2\r\n"
                                   "a=crypto:1 AES_256_CM_HMAC_SHA1_80 "
                                   "inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSojd0RmdmcmVCspeEc3QGZi\r\n"),
                             Local());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, NegotiationError::kSrtpRequired);
  EXPECT_EQ(result.error().sip_status, 488);
}

TEST(MediaNegotiator, RejectedLineKeepsProtoAndFormats) {
  auto result = AnswerTo(ReadOffer("room_system_bfcp"));
  const auto& bfcp = result.answer.media[2];
  EXPECT_EQ(bfcp.port, 0);
  EXPECT_EQ(bfcp.proto, "UDP/BFCP");
  EXPECT_EQ(bfcp.formats, std::vector<std::string>{"*"});
}

TEST(MediaNegotiator, ContentVideoIsMarkedSlidesInTheAnswer) {
  auto result = AnswerTo(ReadOffer("room_system_bfcp"));
  ASSERT_TRUE(result.session.content);
  EXPECT_EQ(result.session.content->m_line_index, 3u);
  EXPECT_EQ(result.answer.media[3].FindAttribute("content")->value, "slides");
  EXPECT_EQ(result.answer.media[1].FindAttribute("content")->value, "main");
}

TEST(MediaNegotiator, ContentVideoRefusedWhenTheRoomHasNoContent) {
  MediaCapabilities caps;
  caps.video.content_enabled = false;
  auto result = AnswerTo(ReadOffer("room_system_bfcp"), caps);
  EXPECT_FALSE(result.session.content);
  EXPECT_EQ(result.answer.media[3].port, 0);
}

TEST(MediaNegotiator, SecondVideoWithoutContentIsRefused) {
  auto result = AnswerTo(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
      "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
      "m=video 4002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n",
      MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp});
  ASSERT_TRUE(result.session.video);
  EXPECT_EQ(result.answer.media[1].port, 0);
  EXPECT_NE(result.session.rejected.at(0).reason.find("second video"), std::string::npos);
}

TEST(MediaNegotiator, SendAndReceiveLimitsFollowTheOfferedParameters) {
  auto result = AnswerTo(ReadOffer("room_system_bfcp"));
  ASSERT_TRUE(result.session.video);
  const auto& limits = result.session.video->video->send_limits;
  EXPECT_EQ(limits.max_fs, 8192u);
  EXPECT_EQ(limits.max_mbps, 490000u);
  EXPECT_EQ(result.session.remote_session_bandwidth, DataRate::KilobitsPerSec(2048));
  EXPECT_EQ(result.session.video->remote_bandwidth, DataRate::BitsPerSec(1920000));
  EXPECT_EQ(result.session.SendBudget(), DataRate::KilobitsPerSec(2048));
}

TEST(MediaNegotiator, LevelIsTheMinimumOfOursAndTheirs) {
  MediaCapabilities caps;
  caps.video.max_level = H264Level::k3;
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"), caps);
  ASSERT_TRUE(result.session.video);
  EXPECT_EQ(result.session.video->video->profile_level_id.ToString(), "42e01e");
  EXPECT_EQ(result.answer.media[1].FmtpFor(97)->Value("profile-level-id"), "42e01e");
}

TEST(MediaNegotiator, AnswerAnnouncesTheBudget) {
  MediaCapabilities caps;
  caps.receive_budget = DataRate::KilobitsPerSec(4000);
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"), caps);
  EXPECT_EQ(result.answer.BandwidthOf("TIAS"), 4'000'000u);
  EXPECT_EQ(result.answer.BandwidthOf("AS"), 4000u);
  EXPECT_EQ(result.answer.media[1].BandwidthOf("TIAS"), 4'000'000u - 64'000u);
}

TEST(MediaNegotiator, FeedbackIsTheIntersection) {
  auto result = AnswerTo(ReadOffer("linphone_avpf"));
  ASSERT_TRUE(result.session.video);
  const auto& fb = result.session.video->feedback;
  EXPECT_TRUE(fb.pli && fb.fir && fb.tmmbr && fb.remb);
  EXPECT_FALSE(fb.nack);  // not offered for PT 97
  EXPECT_TRUE(result.session.video->avpf);
}

TEST(MediaNegotiator, FeedbackAnsweredInAvpOfferThatListsRtcpFb) {
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"));
  ASSERT_TRUE(result.session.video);
  EXPECT_TRUE(result.session.video->feedback.pli);
  EXPECT_EQ(result.answer.media[1].RtcpFeedbackFor(97).size(), 1u);
  EXPECT_TRUE(result.answer.media[0].RtcpFeedbackFor(96).empty());
}

TEST(MediaNegotiator, NoFeedbackWithoutAvpfOrRtcpFb) {
  auto result = AnswerTo(ReadOffer("plain_rtp_avp"), MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp});
  ASSERT_TRUE(result.session.video);
  EXPECT_FALSE(result.session.video->avpf);
  EXPECT_FALSE(result.answer.media[1].HasAttribute("rtcp-fb"));
}

TEST(MediaNegotiator, RtcpMuxAnsweredWhenOffered) {
  auto result = AnswerTo(ReadOffer("linphone_avpf"));
  ASSERT_TRUE(result.session.audio);
  EXPECT_TRUE(result.session.audio->rtcp_mux);
  EXPECT_EQ(result.session.audio->remote_rtcp_port, 7078);
  EXPECT_TRUE(result.answer.media[0].RtcpMux());
}

TEST(MediaNegotiator, RtcpPortFromAttributeOrRtpPlusOne) {
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"));
  ASSERT_TRUE(result.session.audio);
  EXPECT_FALSE(result.session.audio->rtcp_mux);
  EXPECT_EQ(result.session.audio->remote_rtcp_port, 12529);
  EXPECT_EQ(result.session.audio->remote_address, "127.0.0.1");
  EXPECT_FALSE(result.answer.media[0].RtcpMux());
}

struct DirectionCase {
  const char* attribute;  // "" for none
  const char* address;
  MediaDirection answered;
  bool on_hold;
};

class DirectionTable : public ::testing::TestWithParam<DirectionCase> {};

TEST_P(DirectionTable, AnswerMirrorsAndDetectsHold) {
  std::string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 " +
                      std::string(GetParam().address) +
                      "\r\nt=0 0\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n";
  if (*GetParam().attribute) offer += "a=" + std::string(GetParam().attribute) + "\r\n";
  auto result = AnswerTo(offer, MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp});
  ASSERT_TRUE(result.session.audio);
  EXPECT_EQ(result.session.audio->direction, GetParam().answered);
  EXPECT_EQ(result.answer.DirectionFor(0), GetParam().answered);
  EXPECT_EQ(result.session.on_hold, GetParam().on_hold);
}

// RFC 3264 §6.1 and §8.4.
INSTANTIATE_TEST_SUITE_P(
    Rfc3264, DirectionTable,
    ::testing::Values(DirectionCase{"", "192.0.2.1", MediaDirection::kSendRecv, false},
                      DirectionCase{"sendrecv", "192.0.2.1", MediaDirection::kSendRecv, false},
                      DirectionCase{"sendonly", "192.0.2.1", MediaDirection::kRecvOnly, true},
                      DirectionCase{"recvonly", "192.0.2.1", MediaDirection::kSendOnly, false},
                      DirectionCase{"inactive", "192.0.2.1", MediaDirection::kInactive, true},
                      DirectionCase{"sendrecv", "0.0.0.0", MediaDirection::kRecvOnly, true}));

TEST(MediaNegotiator, TelephoneEvent48000PreferredOver8000) {
  auto result = AnswerTo(ReadOffer("linphone_avpf"));
  ASSERT_TRUE(result.session.audio);
  EXPECT_EQ(result.session.audio->audio->telephone_event_clock_rate, 48000u);
  EXPECT_EQ(result.answer.media[0].PayloadTypes(), (std::vector<uint8_t>{96, 101}));
}

TEST(MediaNegotiator, TelephoneEvent8000RefusedWhenConfigured) {
  MediaCapabilities caps;
  caps.audio.accept_telephone_event_8000 = false;
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"), caps);
  ASSERT_TRUE(result.session.audio);
  EXPECT_FALSE(result.session.audio->audio->telephone_event_pt.has_value());
  EXPECT_EQ(result.answer.media[0].PayloadTypes(), (std::vector<uint8_t>{96}));
}

TEST(MediaNegotiator, OpusFmtpReflectsCapabilities) {
  MediaCapabilities caps;
  caps.audio.opus_usedtx = true;
  auto result = AnswerTo(ReadOffer("baresip_srtp_mand"), caps);
  EXPECT_EQ(result.answer.media[0].FmtpFor(96)->text, "useinbandfec=1;usedtx=1");
  ASSERT_TRUE(result.session.audio);
  EXPECT_TRUE(result.session.audio->audio->remote.stereo);  // baresip asks for stereo=1
}

TEST(MediaNegotiator, HighProfileOnlyIsNoCommonCodec) {
  MediaNegotiator negotiator{MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp}};
  auto result = negotiator.AnswerOffer(
      Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 profile-level-id=640c1f\r\n"),
      Local());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, NegotiationError::kNoCommonCodec);
  EXPECT_NE(result.error().reason.find("constrained baseline"), std::string::npos);
}

TEST(MediaNegotiator, DtlsProfileIsRefused) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto result =
      negotiator.AnswerOffer(Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                   "m=audio 4000 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n"),
                             Local());
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().reason.find("UDP/TLS/RTP/SAVPF is not supported"), std::string::npos);
}

TEST(MediaNegotiator, HostnameConnectionIsRefused) {
  MediaNegotiator negotiator{MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp}};
  auto result = negotiator.AnswerOffer(
      Parse("v=0\r\no=- 1 1 IN IP4 host.example\r\ns=-\r\nc=IN IP4 host.example\r\nt=0 0\r\n"
            "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n"),
      Local());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, NegotiationError::kInvalidOffer);
}

TEST(MediaNegotiator, OfferWithEveryStreamDisabledIsNoUsableMedia) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto result =
      negotiator.AnswerOffer(Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                   "m=audio 0 RTP/AVP 0\r\nm=application 5070 UDP/BFCP *\r\n"),
                             Local());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, NegotiationError::kNoUsableMedia);
  EXPECT_NE(result.error().reason.find("no audio or video stream"), std::string::npos);
}

// ---- dial-out: our offer, their answer ------------------------------------------------

TEST(MediaNegotiatorOffer, OfferParsesAndListsWhatWeSupport) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto offer = negotiator.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value()) << offer.error().reason;
  auto parsed = SdpParser::Parse(SdpWriter::Write(offer->sdp));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->media.size(), 3u);
  EXPECT_EQ(parsed->media[0].proto, "RTP/SAVP");
  EXPECT_EQ(parsed->media[0].RtpmapFor(111)->Format(), "111 opus/48000/2");
  EXPECT_EQ(parsed->media[1].FmtpFor(97)->Value("packetization-mode"), "1");
  EXPECT_EQ(parsed->media[1].FmtpFor(96)->Value("packetization-mode"), "0");
  EXPECT_EQ(parsed->media[1].FmtpFor(97)->Value("profile-level-id"), "42e01f");
  EXPECT_TRUE(parsed->media[2].Content()->slides);
  EXPECT_EQ(parsed->media[0].Cryptos().size(), 2u);
  EXPECT_EQ(offer->streams.size(), 3u);
}

TEST(MediaNegotiatorOffer, OurOwnAnswerToOurOfferIsAccepted) {
  MediaNegotiator caller{MediaCapabilities{}};
  MediaNegotiator callee{MediaCapabilities{}};
  auto offer = caller.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value());
  auto answer = callee.AnswerOffer(Parse(SdpWriter::Write(offer->sdp)), Local());
  ASSERT_TRUE(answer.has_value()) << answer.error().reason;
  auto session = caller.ProcessAnswer(*offer, Parse(SdpWriter::Write(answer->answer)));
  ASSERT_TRUE(session.has_value()) << session.error().reason;
  ASSERT_TRUE(session->audio && session->video && session->content);
  EXPECT_EQ(session->video->payload_type, 97);
  EXPECT_EQ(session->video->video->packetization_mode, 1);
  EXPECT_TRUE(session->audio->rtcp_mux);
  // Keys cross over: what the caller sends with, the callee receives with, and back.
  auto same = [](const SdesKey& a, const SdesKey& b) {
    return std::equal(a.key_and_salt().begin(), a.key_and_salt().end(), b.key_and_salt().begin());
  };
  EXPECT_TRUE(same(session->audio->srtp->local_key, answer->session.audio->srtp->remote_key));
  EXPECT_TRUE(same(session->audio->srtp->remote_key, answer->session.audio->srtp->local_key));
}

SessionDescription AnswerFromBaresipStyle(const LocalOffer& offer, const std::string& video_pts,
                                          const std::string& crypto_tag) {
  const auto& audio_key = offer.streams[0].cryptos[0];
  std::string text =
      "v=0\r\no=- 5 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      "m=audio 30000 RTP/SAVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
      "a=crypto:" +
      crypto_tag + " AES_CM_128_HMAC_SHA1_80 " + audio_key.key_params +
      "\r\n"
      "m=video 30002 RTP/SAVP " +
      video_pts +
      "\r\na=rtpmap:97 H264/90000\r\n"
      "a=fmtp:97 packetization-mode=1;profile-level-id=42e01e\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 " +
      audio_key.key_params +
      "\r\n"
      "m=video 0 RTP/SAVP 97\r\n";
  return Parse(text);
}

TEST(MediaNegotiatorOffer, AnswerWithReducedLevelAndRejectedContent) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto offer = negotiator.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value());
  auto session = negotiator.ProcessAnswer(*offer, AnswerFromBaresipStyle(*offer, "97", "1"));
  ASSERT_TRUE(session.has_value()) << session.error().reason;
  EXPECT_EQ(session->video->video->profile_level_id.ToString(), "42e01e");
  EXPECT_FALSE(session->content);
  EXPECT_EQ(session->rejected.size(), 1u);
  EXPECT_EQ(session->audio->remote_rtcp_port, 30001);
}

TEST(MediaNegotiatorOffer, AnswerWithUnofferedPayloadTypeIsInvalid) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto offer = negotiator.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value());
  auto session = negotiator.ProcessAnswer(*offer, AnswerFromBaresipStyle(*offer, "97 34", "1"));
  ASSERT_FALSE(session.has_value());
  EXPECT_EQ(session.error().code, NegotiationError::kInvalidAnswer);
  EXPECT_NE(session.error().reason.find("payload type 34"), std::string::npos);
}

TEST(MediaNegotiatorOffer, AnswerWithUnofferedCryptoTagIsInvalid) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto offer = negotiator.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value());
  auto session = negotiator.ProcessAnswer(*offer, AnswerFromBaresipStyle(*offer, "97", "9"));
  ASSERT_FALSE(session.has_value());
  EXPECT_EQ(session.error().code, NegotiationError::kInvalidAnswer);
}

TEST(MediaNegotiatorOffer, AnswerWithWrongMLineCountIsInvalid) {
  MediaNegotiator negotiator{MediaCapabilities{}};
  auto offer = negotiator.CreateOffer(Local());
  ASSERT_TRUE(offer.has_value());
  auto answer = AnswerFromBaresipStyle(*offer, "97", "1");
  answer.media.pop_back();
  auto session = negotiator.ProcessAnswer(*offer, answer);
  ASSERT_FALSE(session.has_value());
  EXPECT_NE(session.error().reason.find("the answer has 2 m-lines, the offer had 3"), std::string::npos);
}

TEST(MediaNegotiatorOffer, PlainRoomOffersAvpWithCryptoAndAcceptsPlainAnswer) {
  MediaNegotiator negotiator{MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp}};
  LocalMedia local = Local();
  local.video.rtp_port = 0;
  local.content.rtp_port = 0;
  auto offer = negotiator.CreateOffer(local);
  ASSERT_TRUE(offer.has_value());
  EXPECT_EQ(offer->sdp.media.size(), 1u);
  EXPECT_EQ(offer->sdp.media[0].proto, "RTP/AVP");
  auto session = negotiator.ProcessAnswer(
      *offer, Parse("v=0\r\no=- 5 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    "m=audio 30000 RTP/AVP 111 101\r\na=rtpmap:111 opus/48000/2\r\n"
                    "a=rtpmap:101 telephone-event/48000\r\na=sendonly\r\n"));
  ASSERT_TRUE(session.has_value()) << session.error().reason;
  EXPECT_FALSE(session->audio->srtp.has_value());
  EXPECT_EQ(session->audio->audio->telephone_event_pt, 101);
  EXPECT_EQ(session->audio->direction, MediaDirection::kRecvOnly);
  EXPECT_TRUE(session->on_hold);
}

}  // namespace
}  // namespace softmcu::sdp
