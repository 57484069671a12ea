// Interop with Debian's baresip 1.0 (a standard SIP video terminal): SDES-SRTP calls in
// both directions, over UDP and TLS, with media shown flowing both ways — our RTP counters
// for what baresip sent, and baresip's RTCP receiver reports on our SSRCs (we only get an
// RTT from a report block that names our stream) plus its own call statistics for what we
// sent.

#include <gtest/gtest.h>

#include "signaling/tls/self_signed_certificate.h"
#include "tests/interop/testing/baresip_peer.h"
#include "tests/interop/testing/conference_stand_in.h"
#include "tests/interop/testing/media_endpoint.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::interop {
namespace {

using sip::TransportKind;

class BaresipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!BaresipPeer::Find()) GTEST_SKIP() << "baresip not installed (Debian baresip-core and baresip-ffmpeg; tools/dev setup installs them)";
  }
  void TearDown() override {
    peer_.Quit();
    media_.Stop();
    if (HasFailure()) {
      ADD_FAILURE() << "MCU events: " << mcu_.EventsText() << "\n--- baresip log:\n" << peer_.Log();
    }
  }

  sip::SipStackConfig Config(bool tls = false) {
    sip::SipStackConfig config;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    config.listen = {{TransportKind::kUdp, loopback, 0}};
    if (tls) {
      EXPECT_TRUE(sip::SelfSignedCertificate::Generate({}, dir_.File("sip.crt"), dir_.File("sip.key")));
      config.transport.tls = {dir_.File("sip.crt"), dir_.File("sip.key"), "", false};
      config.listen.push_back({TransportKind::kTls, loopback, 0});
    }
    return config;
  }

  // Polls our counters until both directions carried enough, or 20 s passed.
  // The MCU stand-in calls baresip, which answers; media starts on the negotiated session.
  void CallBaresip() {
    const sdp::LocalMedia local = media_.Bind();
    ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
    ASSERT_TRUE(peer_.Start({.dir = dir_.path()}));
    auto offer = mcu_.negotiator().CreateOffer(local);
    ASSERT_TRUE(offer);
    offer_ = std::move(*offer);
    call_ = mcu_.stack().PlaceCall(peer_.Uri(), offer_->sdp, {.retries = 3, .backoff = TimeDelta::Seconds(1)});
    ASSERT_TRUE(mcu_.WaitFor("answered")) << mcu_.EventsText();
    auto answer = mcu_.LastRemoteAnswer();
    ASSERT_TRUE(answer);
    auto session = mcu_.negotiator().ProcessAnswer(*offer_, *answer);
    ASSERT_TRUE(session) << session.error().reason;
    ASSERT_TRUE(media_.Start(*session)) << media_.error();
  }

  MediaCounters WaitForMedia() {
    MediaCounters c;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      c = media_.Snapshot();
      if (c.audio_rtp_received > 100 && c.video_frames > 20 && c.audio_rtt && c.video_rtt) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return c;
  }

  void ExpectMediaBothWays(const MediaCounters& c) {
    // What baresip sent us: SRTP that authenticated, decrypted and made whole frames.
    EXPECT_GT(c.audio_rtp_received, 100u);
    EXPECT_GT(c.video_rtp_received, 20u);
    EXPECT_GT(c.video_frames, 20u);
    EXPECT_GT(c.audio_rtcp_received, 0u);
    EXPECT_GT(c.video_rtcp_received, 0u);
    // What we sent baresip: its receiver reports name our SSRCs and echo our SRs.
    EXPECT_GT(c.audio_rtp_sent, 100u);
    EXPECT_GT(c.video_rtp_sent, 20u);
    EXPECT_TRUE(c.audio_rtt);
    EXPECT_TRUE(c.video_rtt);
  }

  // After the call: baresip's own statistics (config rtp_stats) say what it received.
  void ExpectBaresipReceived() {
    peer_.Quit();
    const std::string log = peer_.Log();
    const auto audio = ReceivedPackets(log, "audio");
    const auto video = ReceivedPackets(log, "video");
    ASSERT_TRUE(audio && video) << "no rtp_stats in the baresip log";
    EXPECT_GT(*audio, 100);
    EXPECT_GT(*video, 20);
  }

  // From baresip's end-of-call table:
  //   audio           Transmit:     Receive:
  //   packets:            297          280
  static std::optional<int> ReceivedPackets(const std::string& log, const std::string& stream) {
    const size_t table = log.rfind(stream + "           Transmit:");
    if (table == std::string::npos) return std::nullopt;
    const size_t line = log.find("packets:", table);
    if (line == std::string::npos) return std::nullopt;
    std::istringstream numbers(log.substr(line + 8, 40));
    int transmitted = 0, received = 0;
    if (!(numbers >> transmitted >> received)) return std::nullopt;
    return received;
  }

  sip::testing::TempDir dir_;
  ConferenceStandIn mcu_{sdp::MediaCapabilities{}};  // SRTP required
  MediaEndpoint media_;
  BaresipPeer peer_;
  std::optional<sdp::LocalOffer> offer_;
  sip::CallHandle call_;
};

TEST_F(BaresipTest, BaresipCallsInWithSrtpAndMediaFlowsBothWays) {
  mcu_.SetLocalMedia(media_.Bind());
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  ASSERT_TRUE(peer_.Start({.dir = dir_.path(), .dial = "sip:1000@" + mcu_.Bound(TransportKind::kUdp).HostPort()}));
  ASSERT_TRUE(mcu_.WaitFor("incoming")) << mcu_.EventsText();
  auto session = mcu_.LastSession();
  ASSERT_TRUE(session) << mcu_.EventsText();
  ASSERT_TRUE(session->video && session->video->video);
  EXPECT_EQ(session->video->video->packetization_mode, 1);  // baresip offers 0 and 1; we pick 1
  ASSERT_TRUE(session->audio && session->audio->srtp);
  ASSERT_TRUE(media_.Start(*session)) << media_.error();
  ExpectMediaBothWays(WaitForMedia());
  peer_.Command("/hangup");
  EXPECT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  ExpectBaresipReceived();
}

TEST_F(BaresipTest, McuCallsBaresipWhichAnswersAndMediaFlowsBothWays) {
  ASSERT_NO_FATAL_FAILURE(CallBaresip());
  ExpectMediaBothWays(WaitForMedia());
  mcu_.stack().Hangup(call_, "end of meeting");
  EXPECT_TRUE(mcu_.WaitFor("terminated local-hangup"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the BYE reaches baresip
  ExpectBaresipReceived();
  EXPECT_NE(peer_.Log().find("terminated"), std::string::npos);  // it saw our BYE end the call
}

// softmcu asks a point that ignores TMMBR/REMB for less by re-INVITE: its SDP in force with
// b=TIAS on the video line (CallController::RequestBandwidth). baresip must answer keeping
// its keys and ports — the call's transport cannot change — and media must go on.
TEST_F(BaresipTest, BaresipAnswersABandwidthReInviteKeepingItsKeysAndPorts) {
  ASSERT_NO_FATAL_FAILURE(CallBaresip());
  ASSERT_GT(WaitForMedia().video_frames, 20u);
  const auto answer = mcu_.LastRemoteAnswer();

  sdp::SessionDescription reoffer = offer_->sdp;
  for (auto& m : reoffer.media) {
    if (m.media == "video") m.bandwidths = {{"TIAS", 150'000}, {"AS", 150}};
  }
  mcu_.stack().SendReInvite(call_, reoffer);
  ASSERT_TRUE(mcu_.WaitFor("reinvite-accepted")) << mcu_.EventsText() << peer_.Log();
  const auto result = mcu_.LastReInviteResult();
  ASSERT_TRUE(result && result->answer);
  ASSERT_EQ(result->answer->media.size(), answer->media.size());
  for (size_t i = 0; i < answer->media.size(); ++i) {
    const auto& before = answer->media[i];
    const auto& now = result->answer->media[i];
    EXPECT_EQ(now.port, before.port) << before.media;
    ASSERT_FALSE(now.Cryptos().empty()) << before.media;
    ASSERT_FALSE(before.Cryptos().empty()) << before.media;
    EXPECT_EQ(now.Cryptos().front().key_params, before.Cryptos().front().key_params)
        << before.media << ": baresip re-keyed in its answer";
  }
  // Media goes on with the keys in force.
  const auto frames = media_.Snapshot().video_frames;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (media_.Snapshot().video_frames < frames + 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(media_.Snapshot().video_frames, frames + 20) << "baresip's video stopped after the re-INVITE";
  mcu_.stack().Hangup(call_, "end of meeting");
  EXPECT_TRUE(mcu_.WaitFor("terminated local-hangup"));
}

TEST_F(BaresipTest, BaresipCallsInOverTlsWithTheSelfSignedCertificate) {
  mcu_.SetLocalMedia(media_.Bind());
  ASSERT_TRUE(mcu_.StartStack(Config(/*tls=*/true))) << mcu_.error();
  ASSERT_TRUE(peer_.Start({.dir = dir_.path(),
                           .dial = "sip:1000@" + mcu_.Bound(TransportKind::kTls).HostPort() + ";transport=tls"}));
  ASSERT_TRUE(mcu_.WaitFor("incoming")) << mcu_.EventsText();
  EXPECT_EQ(mcu_.Incoming().at(0).source.kind, TransportKind::kTls);
  auto session = mcu_.LastSession();
  ASSERT_TRUE(session);
  ASSERT_TRUE(media_.Start(*session)) << media_.error();
  ExpectMediaBothWays(WaitForMedia());
  peer_.Command("/hangup");
  EXPECT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  ExpectBaresipReceived();
}

}  // namespace
}  // namespace softmcu::interop
