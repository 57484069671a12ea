// The whole media engine without SIP: synthetic endpoints (LoadGenerator) call an in-process
// MCU stand-in (McuStandIn) through the CallSignaling seam; SDP offers and answers come from
// sdp::MediaNegotiator with real SDES keys, media crosses loopback UDP with SRTP. Time is
// simulated: each step advances the clock by 5 ms and lets loopback delivery happen.
#include "tools/loadgen/load_generator.h"

#include <gtest/gtest.h>

#include <set>

#include "core/event_loop.h"
#include "tests/tools/loadgen/loadgen_test_util.h"
#include "tools/loadgen/json_schema.h"
#include "tools/loadgen/mcu_stand_in.h"
#include "tools/loadgen/run_report.h"

namespace softmcu::loadgen {
namespace {

using testing::Reflect;
using testing::SmallAudio;
using testing::SmallMaterial;

LoadGeneratorOptions Options(uint32_t endpoints) {
  LoadGeneratorOptions o;
  o.endpoints = endpoints;
  o.target = {.uri = "sip:1000@stand-in", .timeout = TimeDelta::Seconds(1)};
  o.decode_share = 1.0;
  o.join_rate = 50;
  o.marker_period_frames = 50;  // a marker a second
  return o;
}

McuStandInOptions Compose() {
  McuStandInOptions o;
  o.mode = McuStandInOptions::Mode::kCompose;
  o.canvas_width = 640;
  o.canvas_height = 360;
  o.composite_bitrate = DataRate::KilobitsPerSec(800);
  return o;
}

class Harness {
 public:
  Harness(const LoadGeneratorOptions& go, const McuStandInOptions& so)
      : stand_in_(std::make_unique<McuStandIn>(so, loop_.context(), &clock_)),
        generator_(std::make_unique<LoadGenerator>(go, &SmallMaterial(), &SmallAudio(),
                                                   std::vector<asio::io_context*>{&loop_.context()}, stand_in_.get(),
                                                   &clock_)) {
    auto started = generator_->Start();
    EXPECT_TRUE(started.has_value()) << (started ? "" : started.error().message);
    info_.target = go.target.uri;
    info_.mode = go.mode == LoadGeneratorOptions::Mode::kDial ? "dial" : "answer";
    info_.decode_share = go.decode_share;
    for (size_t i = 0; i < SmallMaterial().rendition_count(); ++i) info_.renditions.push_back(SmallMaterial().rendition(i).spec());
  }
  ~Harness() {
    generator_.reset();
    stand_in_.reset();
  }

  void Run(TimeDelta duration) {
    for (TimeDelta t; t < duration; t += kStep) {
      stand_in_->Tick();
      generator_->Tick(0);
      // Loopback delivery completes inside sendto(); a few polls move packets and posts.
      for (int i = 0; i < 4; ++i) loop_.context().poll();
      clock_.Advance(kStep);
      elapsed_ += kStep;
    }
  }

  nlohmann::json Report() {
    generator_->HangupAll();
    loop_.context().poll();
    info_.duration_s = elapsed_.seconds();
    return RunReport::ToJson(info_, generator_->Reports());
  }

  McuStandIn& stand_in() { return *stand_in_; }
  LoadGenerator& generator() { return *generator_; }

 private:
  static constexpr TimeDelta kStep = TimeDelta::Millis(5);
  EventLoop loop_;
  SimulatedClock clock_;
  std::unique_ptr<McuStandIn> stand_in_;
  std::unique_ptr<LoadGenerator> generator_;
  RunInfo info_;
  TimeDelta elapsed_;
};

void ExpectValid(const nlohmann::json& report) {
  const auto errors = JsonSchema::Validate(ReportSchema(), report);
  EXPECT_TRUE(errors.empty()) << errors.front() << "\n" << report.dump(2).substr(0, 4000);
}

TEST(LoadGenerator, ReflectedEndpointsMeasureTheirOwnPictureAndMarkers) {
  Harness h(Options(3), Reflect());
  h.Run(TimeDelta::Millis(3500));
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 3);
  EXPECT_EQ(report["join_failures"], 0);
  EXPECT_EQ(report["decoding_endpoints"], 3);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 150);
  EXPECT_LT(report["video_latency_ms"]["p95"].get<double>(), 50);
  EXPECT_GE(report["audio_latency_ms"]["samples"].get<int>(), 3);
  EXPECT_EQ(report["freezes"], 0);
  EXPECT_EQ(report["loss_pct"], 0.0);
  EXPECT_EQ(report["decode_errors"], 0);
  EXPECT_FALSE(report["generator"]["overloaded"].get<bool>()) << "simulated time never falls behind";
  for (const auto& e : report["endpoints"]) {
    EXPECT_EQ(e["state"], "ended");
    EXPECT_EQ(e["decoded"]["layout"], "1x1");
    ASSERT_EQ(e["decoded"]["tiles"].size(), 1u);
    EXPECT_EQ(e["decoded"]["tiles"][0]["endpoint"], e["id"]) << "a reflector shows the endpoint itself";
    EXPECT_EQ(e["sent"]["rendition"], "1280x720");
    EXPECT_GT(e["sent"]["video_frames"].get<int>(), 90);
    EXPECT_GT(e["received"]["video"]["packets"].get<int>(), 100);
  }
}

TEST(LoadGenerator, ComposedEndpointsAreReadInTheirTiles) {
  auto so = Compose();
  so.participant_budget = DataRate::KilobitsPerSec(4000);
  Harness h(Options(4), so);
  h.Run(TimeDelta::Millis(3000));
  EXPECT_GT(h.stand_in().stats().composites, 50u);
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 4);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 100);
  EXPECT_EQ(report["freezes"], 0);
  EXPECT_GE(report["audio_latency_ms"]["samples"].get<int>(), 4);
  const auto& decoded = report["endpoints"][0]["decoded"];
  EXPECT_EQ(decoded["layout"], "2x2");
  std::set<int> shown;
  for (const auto& t : decoded["tiles"]) shown.insert(t["endpoint"].get<int>());
  EXPECT_EQ(shown, (std::set<int>{0, 1, 2, 3}));
}

TEST(LoadGenerator, TmmbrFromTheMcuMakesEndpointsSendASmallerRendition) {
  auto so = Compose();
  so.participant_budget = DataRate::KilobitsPerSec(800);  // announces 720 kbps: 640x360 fits
  Harness h(Options(2), so);
  h.Run(TimeDelta::Millis(3000));
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 2);
  for (const auto& e : report["endpoints"]) {
    EXPECT_EQ(e["sent"]["rendition"], "640x360");
    EXPECT_GE(e["sent"]["rendition_switches"].get<int>(), 1);
  }
  bool smaller_shown = false;
  for (const auto& t : report["endpoints"][0]["decoded"]["tiles"]) smaller_shown |= t["rendition"] == 1;
  EXPECT_TRUE(smaller_shown) << "the composite shows the 640x360 stamp";
}

TEST(LoadGenerator, AGenerousLimitDoesNotRaiseAnEndpointAboveItsConfiguredRendition) {
  auto go = Options(1);
  go.initial_rendition = 1;  // 640x360; the reflector announces 18 Mbps
  Harness h(go, Reflect());
  h.Run(TimeDelta::Millis(2500));
  const auto report = h.Report();
  EXPECT_EQ(report["endpoints"][0]["sent"]["rendition"], "640x360");
  EXPECT_EQ(report["endpoints"][0]["sent"]["rendition_switches"], 0);
}

TEST(LoadGenerator, FailuresAreReportedPerEndpointAndTheOthersGoOn) {
  auto so = Reflect();
  so.refuse[1] = 486;
  so.never_answer.insert(2);
  Harness h(Options(4), so);
  h.Run(TimeDelta::Millis(4000));  // the 1 s call timeout and its grace pass
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 2);
  EXPECT_EQ(report["join_failures"], 2);
  ASSERT_EQ(report["failures"].size(), 2u);
  const auto& refused = report["failures"][0];
  EXPECT_EQ(refused["endpoint"], 1);
  EXPECT_EQ(refused["sip_status"], 486);
  EXPECT_EQ(refused["stage"], "join");
  EXPECT_FALSE(refused["timeout"].get<bool>());
  const auto& silent = report["failures"][1];
  EXPECT_EQ(silent["endpoint"], 2);
  EXPECT_TRUE(silent["timeout"].get<bool>());
  EXPECT_TRUE(silent["sip_status"].is_null());
  EXPECT_EQ(report["endpoints"][0]["state"], "ended");
  EXPECT_EQ(report["endpoints"][3]["state"], "ended");
  EXPECT_GT(report["endpoints"][3]["decoded"]["video_latency_ms"]["samples"].get<int>(), 30);
}

TEST(LoadGenerator, McuHangingUpIsACallFailure) {
  auto so = Reflect();
  so.hang_up = std::make_pair(0u, TimeDelta::Seconds(1));
  Harness h(Options(2), so);
  h.Run(TimeDelta::Millis(2500));
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["calls_dropped"], 1);
  EXPECT_EQ(report["endpoints"][0]["state"], "failed");
  EXPECT_NE(report["endpoints"][0]["failure"].get<std::string>().find("far end"), std::string::npos);
  EXPECT_EQ(report["failures"][0]["stage"], "call");
  EXPECT_EQ(report["endpoints"][1]["state"], "ended");
}

TEST(LoadGenerator, GarbageFromTheMcuCostsDecodeErrorsNotTheRun) {
  auto so = Compose();
  so.garbage_video.insert(0);
  Harness h(Options(2), so);
  h.Run(TimeDelta::Millis(2000));
  const auto report = h.Report();
  ExpectValid(report);
  const auto& e0 = report["endpoints"][0];
  EXPECT_EQ(e0["decoded"]["tiles_read"], 0);
  EXPECT_GT(e0["received"]["video"]["packets"].get<int>(), 50) << "garbage arrives, authenticated";
  EXPECT_GT(report["endpoints"][1]["decoded"]["tiles_read"].get<int>(), 20) << "the other endpoint is unaffected";
}

TEST(LoadGenerator, AnswerModeEndpointsAcceptTheMcusCalls) {
  auto go = Options(3);
  go.mode = LoadGeneratorOptions::Mode::kAnswer;
  Harness h(go, Reflect());
  h.stand_in().DialOut(4);  // one user too many: refused with 404
  h.Run(TimeDelta::Millis(1500));
  EXPECT_EQ(h.stand_in().stats().calls_answered, 3u);
  EXPECT_EQ(h.stand_in().stats().calls_refused, 1u);
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 3);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 50);
}

TEST(LoadGenerator, PlainRtpWhenBothSidesTurnSrtpOff) {
  auto go = Options(2);
  go.srtp = false;
  auto so = Reflect();
  so.srtp = false;
  Harness h(go, so);
  h.Run(TimeDelta::Millis(1500));
  const auto report = h.Report();
  EXPECT_EQ(report["endpoints_joined"], 2);
  EXPECT_GT(report["video_latency_ms"]["samples"].get<int>(), 50);
}

TEST(LoadGenerator, SrtpRequiredAgainstAPlainRtpMcuFailsWith488) {
  auto so = Reflect();
  so.srtp = false;  // the stand-in answers RTP/SAVP offers only with plain RTP: we refuse
  Harness h(Options(1), so);
  h.Run(TimeDelta::Millis(500));
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 0);
  ASSERT_EQ(report["failures"].size(), 1u);
}

TEST(LoadGenerator, AudioOnlyEndpointsStaySmall) {
  auto go = Options(40);
  go.video = false;
  go.decode_share = 0.1;
  go.join_rate = 200;
  Harness h(go, Reflect());
  h.Run(TimeDelta::Millis(1500));
  const auto report = h.Report();
  ExpectValid(report);
  EXPECT_EQ(report["endpoints_joined"], 40);
  EXPECT_EQ(report["decoding_endpoints"], 4);
  EXPECT_TRUE(report["endpoints"][0]["received"]["video"].is_null());
  EXPECT_GT(report["endpoints"][5]["sent"]["audio_packets"].get<int>(), 50);
}

TEST(EndpointFromUser, TakesTheTrailingNumber) {
  EXPECT_EQ(EndpointFromUser("loadgen-17"), 17u);
  EXPECT_EQ(EndpointFromUser("ep3"), 3u);
  EXPECT_FALSE(EndpointFromUser("loadgen").has_value());
  EXPECT_FALSE(EndpointFromUser("").has_value());
  EXPECT_FALSE(EndpointFromUser("x12345678").has_value());
}

}  // namespace
}  // namespace softmcu::loadgen
