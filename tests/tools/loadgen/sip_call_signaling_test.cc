// softmcu-loadgen over real SIP: the generator's endpoints and SipCallSignaling (its own
// SipStack) against an MCU made of a second SipStack and the in-process McuStandIn
// (testing/sip_mcu_bridge.h), on loopback with ephemeral ports. Time is real here (two SIP
// stacks and media on their own threads, as in the binary): every wait is for an event,
// bounded, and the runs are a few seconds of media.
#include "tools/loadgen/sip_call_signaling.h"

#include <gtest/gtest.h>

#include <thread>

#include "signaling/tls/self_signed_certificate.h"
#include "tests/interop/testing/external_process.h"
#include "tests/signaling/testing/temp_dir.h"
#include "tests/tools/loadgen/loadgen_test_util.h"
#include "tests/tools/loadgen/testing/sip_mcu_bridge.h"
#include "tools/loadgen/json_schema.h"
#include "tools/loadgen/run_report.h"

namespace softmcu::loadgen {
namespace {

using testing::SipMcuBridge;
using testing::Reflect;
using testing::SmallAudio;
using testing::SmallMaterial;
using sip::TransportKind;

constexpr auto kLimit = std::chrono::seconds(20);

LoadGeneratorOptions Options(uint32_t endpoints, std::string target) {
  LoadGeneratorOptions o;
  o.endpoints = endpoints;
  o.target = {.uri = std::move(target), .timeout = TimeDelta::Seconds(5)};
  o.decode_share = 1.0;
  o.join_rate = 50;
  o.marker_period_frames = 50;
  o.initial_rendition = 2;  // 320x180: cheap under ASan, the stamps read the same
  return o;
}

// The MCU side: a stack listening on UDP, TCP and TLS (a throw-away certificate).
std::unique_ptr<SipMcuBridge> StartMcu(const McuStandInOptions& options, const sip::testing::TempDir& dir) {
  auto mcu = std::make_unique<SipMcuBridge>(options);
  sip::SipStackConfig config;
  for (const char* listen : {"udp:127.0.0.1:0", "tcp:127.0.0.1:0", "tls:127.0.0.1:0"}) {
    config.listen.push_back(*sip::TransportAddress::Parse(listen));
  }
  config.transport.tls = {dir.File("cert.pem"), dir.File("key.pem")};
  EXPECT_TRUE(sip::SelfSignedCertificate::Generate({}, dir.File("cert.pem"), dir.File("key.pem")).has_value());
  EXPECT_TRUE(mcu->StartStack(config)) << mcu->error();
  return mcu;
}

// The generator on its own loop thread with a 5 ms tick, as softmcu-loadgen runs it.
class Loadgen {
 public:
  Loadgen(const LoadGeneratorOptions& go, SipCallSignalingOptions so) : options_(go) {
    so.capabilities = EndpointCapabilities(go, &SmallMaterial());
    signaling_ = std::make_unique<SipCallSignaling>(so);
    generator_ = std::make_unique<LoadGenerator>(go, &SmallMaterial(), &SmallAudio(),
                                                 std::vector<asio::io_context*>{&loop_.context()}, signaling_.get(),
                                                 SystemClock::Instance());
  }
  ~Loadgen() { StopLoop(); }

  bool Start() {
    auto started = generator_->Start();
    EXPECT_TRUE(started.has_value()) << (started ? "" : started.error().message);
    if (!started) return false;
    tick_ = loop_.Every(TimeDelta::Millis(5), [this] { generator_->Tick(0); });
    thread_ = std::thread([this] { loop_.Run(); });
    return true;
  }
  // Polls the published progress (it changes once a second), at most `limit`.
  bool WaitUntil(const std::function<bool(const LoadProgress&)>& done, std::chrono::milliseconds limit = kLimit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (done(generator_->progress())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done(generator_->progress());
  }
  // Hangs up, stops the loop and the signaling; the report.
  nlohmann::json Finish() {
    generator_->HangupAll();
    WaitUntil([&](const LoadProgress& p) { return p.joined == 0 && p.calling == 0; }, std::chrono::seconds(3));
    StopLoop();
    signaling_->Stop();
    RunInfo info;
    info.target = options_.target.uri;
    info.mode = options_.mode == LoadGeneratorOptions::Mode::kDial ? "dial" : "answer";
    info.decode_share = options_.decode_share;
    info.duration_s = 1;
    for (size_t i = 0; i < SmallMaterial().rendition_count(); ++i) info.renditions.push_back(SmallMaterial().rendition(i).spec());
    auto report = RunReport::ToJson(info, generator_->Reports());
    const auto errors = JsonSchema::Validate(ReportSchema(), report);
    EXPECT_TRUE(errors.empty()) << errors.front();
    return report;
  }

  SipCallSignaling& signaling() { return *signaling_; }
  LoadGenerator& generator() { return *generator_; }

 private:
  void StopLoop() {
    loop_.Stop();
    if (thread_.joinable()) thread_.join();
    tick_.reset();
  }

  const LoadGeneratorOptions options_;
  EventLoop loop_;
  std::thread thread_;
  std::unique_ptr<EventLoop::RepeatingTask> tick_;
  std::unique_ptr<SipCallSignaling> signaling_;
  std::unique_ptr<LoadGenerator> generator_;
};

SipCallSignalingOptions Dial(TransportKind transport = TransportKind::kUdp) {
  SipCallSignalingOptions o;
  o.transport = transport;
  return o;
}

bool HasLatency(const LoadProgress& p) { return p.video_latency_ms.has_value() && p.audio_latency_ms.has_value(); }

class DialIn : public ::testing::TestWithParam<TransportKind> {};

TEST_P(DialIn, EndpointsJoinARealSipStackAndMeasureWhatComesBack) {
  sip::testing::TempDir dir;
  auto mcu = StartMcu(Reflect(), dir);
  Loadgen lg(Options(2, mcu->Uri(GetParam())), Dial(GetParam()));
  ASSERT_TRUE(lg.Start());
  ASSERT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.joined == 2 && HasLatency(p); }))
      << mcu->EventsText();
  const auto incoming = mcu->Incoming();
  ASSERT_EQ(incoming.size(), 2u);
  EXPECT_EQ(incoming[0].from_display_name.rfind("Loadgen ", 0), 0u);
  EXPECT_EQ(incoming[0].request_user, "1000");
  EXPECT_EQ(incoming[0].source.kind, GetParam());

  const auto report = lg.Finish();
  EXPECT_EQ(report["endpoints_joined"], 2);
  EXPECT_EQ(report["join_failures"], 0);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 10);
  EXPECT_GE(report["audio_latency_ms"]["samples"].get<int>(), 1);
  for (const auto& e : report["endpoints"]) {
    EXPECT_EQ(e["state"], "ended");
    ASSERT_FALSE(e["decoded"]["tiles"].empty());
    EXPECT_EQ(e["decoded"]["tiles"][0]["endpoint"], e["id"]) << "the reflector shows each endpoint itself";
  }
  EXPECT_TRUE(mcu->WaitFor("terminated remote-bye", 2)) << "our hang-up is a BYE: " << mcu->EventsText();
  EXPECT_EQ(lg.signaling().stats().placed, 2u);
  EXPECT_EQ(lg.signaling().stats().answered, 2u);
}

INSTANTIATE_TEST_SUITE_P(Transports, DialIn, ::testing::Values(TransportKind::kUdp, TransportKind::kTcp, TransportKind::kTls),
                         [](const auto& info) { return std::string(sip::ToString(info.param)); });

TEST(SipCallSignaling, RefusalsAndSilenceReachTheReportWithTheirSipStatus) {
  sip::testing::TempDir dir;
  auto options = Reflect();
  options.refuse = {{0, 403}, {1, 404}, {2, 503}};
  options.never_answer = {3};
  auto mcu = StartMcu(options, dir);
  auto go = Options(5, mcu->Uri(TransportKind::kUdp));
  go.target.timeout = TimeDelta::Seconds(1);
  Loadgen lg(go, Dial());
  ASSERT_TRUE(lg.Start());
  ASSERT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.failed == 4 && p.joined == 1; }))
      << mcu->EventsText();
  const auto report = lg.Finish();
  EXPECT_EQ(report["endpoints_joined"], 1);
  EXPECT_EQ(report["join_failures"], 4);
  ASSERT_EQ(report["failures"].size(), 4u);
  const int expected[] = {403, 404, 503};
  for (int i = 0; i < 3; ++i) {
    const auto& f = report["failures"][i];
    EXPECT_EQ(f["endpoint"], i);
    EXPECT_EQ(f["stage"], "join");
    EXPECT_EQ(f["sip_status"], expected[i]);
    EXPECT_FALSE(f["timeout"].get<bool>());
    EXPECT_FALSE(f["reason"].get<std::string>().empty());
  }
  const auto& silent = report["failures"][3];
  EXPECT_EQ(silent["endpoint"], 3);
  EXPECT_TRUE(silent["timeout"].get<bool>()) << silent.dump();
  EXPECT_EQ(report["endpoints"][4]["state"], "ended") << "the others go on";
  EXPECT_TRUE(mcu->WaitFor("terminated remote-cancel")) << "the silent call is cancelled: " << mcu->EventsText();
}

TEST(SipCallSignaling, AnswerModeTakesTheMcusCallsToLoadgenUsers) {
  sip::testing::TempDir dir;
  auto mcu = StartMcu(Reflect(), dir);
  auto go = Options(3, "");
  go.mode = LoadGeneratorOptions::Mode::kAnswer;
  SipCallSignalingOptions so;
  so.mode = SipCallSignalingOptions::Mode::kAnswer;
  so.listen_address = "127.0.0.1";
  Loadgen lg(go, so);
  ASSERT_TRUE(lg.Start());
  std::string udp;
  for (const auto& b : lg.signaling().bound()) {
    if (b.kind == TransportKind::kUdp) udp = b.HostPort();
  }
  ASSERT_FALSE(udp.empty());
  mcu->DialOut(4, udp);  // loadgen-3 does not exist: 404
  ASSERT_TRUE(mcu->WaitFor("answered", 3)) << mcu->EventsText();
  EXPECT_TRUE(mcu->WaitFor("failed 404")) << mcu->EventsText();
  ASSERT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.joined == 3 && HasLatency(p); }));
  EXPECT_EQ(mcu->stand_in().stats().calls_answered, 3u);
  const auto report = lg.Finish();
  EXPECT_EQ(report["endpoints_joined"], 3);
  EXPECT_EQ(report["join_failures"], 0);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 10);
  EXPECT_EQ(lg.signaling().stats().incoming, 4u);
  EXPECT_TRUE(mcu->WaitFor("terminated remote-bye", 3)) << mcu->EventsText();
}

TEST(SipCallSignaling, AReOfferMidCallIsAnsweredWithTheSameKeyAndTheCallGoesOn) {
  sip::testing::TempDir dir;
  auto mcu = StartMcu(Reflect(), dir);
  Loadgen lg(Options(1, mcu->Uri(TransportKind::kUdp)), Dial());
  ASSERT_TRUE(lg.Start());
  ASSERT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.joined == 1 && HasLatency(p); }));
  // The MCU lowers the video bandwidth it accepts (what softmcu's resolution change does).
  ASSERT_TRUE(mcu->SendReOffer(0, [](sdp::SessionDescription& sdp) {
    for (auto& m : sdp.media) {
      if (m.media == "video") m.bandwidths = {{"AS", 900}};
    }
  }));
  ASSERT_TRUE(mcu->WaitFor("reinvite-accepted")) << mcu->EventsText();
  const auto result = mcu->LastReInviteResult();
  ASSERT_TRUE(result && result->answer);
  const auto offer = mcu->TheirSdp(0);
  ASSERT_TRUE(offer);
  for (size_t i = 0; i < result->answer->media.size(); ++i) {
    const auto answered = result->answer->media[i].Cryptos();
    ASSERT_EQ(answered.size(), 1u);
    bool same_key = false;
    for (const auto& c : offer->media[i].Cryptos()) same_key |= c.suite == answered[0].suite && c.key_params == answered[0].key_params;
    EXPECT_TRUE(same_key) << "m-line " << i << " keeps the key we send with";
    EXPECT_EQ(result->answer->media[i].port, offer->media[i].port);
  }
  EXPECT_EQ(lg.signaling().stats().re_offers_answered, 1u);
  // Media still flows: the INFO below and the report both need the call alive.
  mcu->RequestKeyframe(0);
  ASSERT_TRUE(lg.WaitUntil([&](const LoadProgress&) { return lg.signaling().stats().keyframe_requests == 1; }));
  const auto report = lg.Finish();
  EXPECT_EQ(report["endpoints_joined"], 1);
  EXPECT_EQ(report["calls_dropped"], 0);
  EXPECT_EQ(report["endpoints"][0]["state"], "ended");
}

TEST(SipCallSignaling, NothingListeningIsATimeoutOrTransportFailureNotAHang) {
  // A port nobody answers on: the run ends with the endpoint failed within its timeout.
  auto go = Options(1, "sip:1000@127.0.0.1:9");
  go.target.timeout = TimeDelta::Seconds(1);
  Loadgen lg(go, Dial());
  ASSERT_TRUE(lg.Start());
  ASSERT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.failed == 1; }, std::chrono::seconds(10)));
  const auto report = lg.Finish();
  ASSERT_EQ(report["failures"].size(), 1u);
  EXPECT_FALSE(report["failures"][0]["reason"].get<std::string>().empty());
}

// Interop: a third-party UAC (SIPp, tests/interop/sipp/uac_call.xml: Opus over plain RTP,
// a short talk, BYE) calls loadgen-0 in answer mode. Skipped when sipp is not installed.
TEST(SipCallSignaling, SippCallsAnAnswerModeEndpoint) {
  const auto sipp = interop::ExternalProcess::Find("sipp");
  if (!sipp) GTEST_SKIP() << "sipp not installed (Debian package sip-tester; tools/dev setup installs it)";
  sip::testing::TempDir dir;
  auto go = Options(1, "");
  go.mode = LoadGeneratorOptions::Mode::kAnswer;
  go.video = false;
  go.srtp = false;
  SipCallSignalingOptions so;
  so.mode = SipCallSignalingOptions::Mode::kAnswer;
  Loadgen lg(go, so);
  ASSERT_TRUE(lg.Start());
  std::string udp;
  for (const auto& b : lg.signaling().bound()) {
    if (b.kind == TransportKind::kUdp) udp = b.HostPort();
  }
  interop::ExternalProcess process;
  ASSERT_TRUE(process.Start({*sipp, "-i", "127.0.0.1", "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error", "-sf",
                             std::string(SOFTMCU_SOURCE_DIR) + "/tests/interop/sipp/uac_call.xml", "-s", "loadgen-0",
                             udp},
                            dir.File("sipp.log")));
  const auto code = process.Wait(std::chrono::seconds(30));
  EXPECT_EQ(code, 0) << process.Log();
  // SIPp exits once its BYE is answered; the endpoint learns of it on the loop's next tick. Hanging up
  // before then would end the call from our side and hide the drop.
  EXPECT_TRUE(lg.WaitUntil([](const LoadProgress& p) { return p.failed == 1; }, std::chrono::seconds(5)))
      << "the peer's BYE reached the endpoint";
  const auto report = lg.Finish();
  const auto& e = report["endpoints"][0];
  EXPECT_FALSE(e["join_ms"].is_null()) << "SIPp's INVITE was answered: " << e.dump();
  EXPECT_EQ(report["calls_dropped"], 1) << "SIPp's BYE ended the call";
  EXPECT_EQ(lg.signaling().stats().incoming, 1u);
}

TEST(SipCallSignaling, StartFailsWithTheAddressWhenItCannotListen) {
  SipCallSignalingOptions so;
  so.mode = SipCallSignalingOptions::Mode::kAnswer;
  so.listen_address = "192.0.2.1";  // TEST-NET: not ours
  SipCallSignaling signaling(so);
  struct : CallSignalingListener {
    void OnCallAnswered(uint32_t, const sdp::SessionDescription&) override {}
    void OnCallFailed(uint32_t, const CallFailure&) override {}
    void OnCallEnded(uint32_t, const std::string&) override {}
    void OnIncomingCall(const std::string&, const sdp::SessionDescription&,
                        std::shared_ptr<IncomingCallResponder>) override {}
    void OnKeyframeRequested(uint32_t) override {}
  } listener;
  auto started = signaling.Start(&listener);
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().message.find("cannot listen"), std::string::npos) << started.error().message;
}

}  // namespace
}  // namespace softmcu::loadgen
