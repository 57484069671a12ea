#pragma once
// N synthetic endpoints spread over a few event loops (one endpoint group per loop), their
// calls placed through a CallSignaling at a steady join rate (or answered when the MCU
// calls), their media run by ticking each group every few milliseconds. Composes the parts:
// endpoints (Endpoint), shared per-loop resources (LoopResources), the send logs every
// receiver consults (EndpointDirectory); it only schedules and routes.
//
// Threading: Start() on the owner's thread before any Tick(). Tick(g) runs group g and must
// be called on loop g's thread (by a timer on that loop in the binary, by the test driving
// the loop in tests). Signaling events arrive on any thread and are posted to the
// endpoint's loop. progress() may be read from any thread. Reports() only when no loop runs
// any more (or on the one loop a test drives). The loops (io_contexts), the materials, the
// signaling and the clock must outlive the generator, and the loops must not run after it
// is destroyed.

#include <asio/io_context.hpp>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "signaling/sdp/media_negotiator.h"
#include "tools/loadgen/audio_material.h"
#include "tools/loadgen/call_signaling.h"
#include "tools/loadgen/endpoint.h"
#include "tools/loadgen/endpoint_directory.h"
#include "tools/loadgen/loop_resources.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {

struct LoadGeneratorOptions {
  enum class Mode { kDial, kAnswer };

  uint32_t endpoints = 1;
  Mode mode = Mode::kDial;
  CallTarget target;  // dial: where to call (uri, timeout)
  bool audio = true;
  bool video = true;
  // Share of endpoints that decode and measure what they receive (0..1): endpoint i decodes
  // when floor(i * share) steps, so 0.1 is endpoints 0, 10, 20, ...
  double decode_share = 0.1;
  bool srtp = true;
  sdp::OfferProfile offer_profile = sdp::OfferProfile::kAvp;
  std::string local_address = "127.0.0.1";
  double join_rate = 20;  // calls placed per second
  size_t initial_rendition = 0;
  DataRate max_video_bitrate = DataRate::KilobitsPerSec(100'000);
  int marker_period_frames = 100;
  std::optional<std::string> layout;  // force the composite layout read
  uint32_t seed = 1;                  // where in the loop each endpoint starts
  TimeDelta freeze_threshold = TimeDelta::Millis(500);
  DataRate receive_budget = DataRate::KilobitsPerSec(4000);  // our b=AS
  // Embedding programs only (tests): sees what decoding endpoints decode, on their loops.
  ReceiveProbe* probe = nullptr;
};

struct LoadProgress {
  uint32_t requested = 0;
  uint32_t joined = 0;   // connected now
  uint32_t calling = 0;
  uint32_t failed = 0;
  uint32_t ended = 0;
  uint64_t freezes = 0;
  // The longest time any endpoint loop went without ticking (it should tick every 5 ms).
  double max_tick_gap_ms = 0;
  // Median latency over the last second, when some was measured.
  std::optional<double> video_latency_ms;
  std::optional<double> audio_latency_ms;
};

class LoadGenerator final : public CallSignalingListener {
 public:
  LoadGenerator(const LoadGeneratorOptions& options, const VideoMaterial* video, const AudioMaterial* audio,
                std::vector<asio::io_context*> loops, CallSignaling* signaling, const Clock* clock);
  ~LoadGenerator();

  Result<void> Start();
  void Tick(size_t group);
  // Every call ends: posted to each loop, then to the signaling.
  void HangupAll();

  size_t group_count() const { return groups_.size(); }
  LoadProgress progress() const;
  // Every endpoint failed or ended, or (answer mode) none can still be called in.
  bool finished() const;
  std::vector<EndpointReport> Reports() const;
  // What the negotiator offers (for tests and the report).
  const sdp::MediaNegotiator& negotiator() const { return negotiator_; }

  // CallSignalingListener.
  void OnCallAnswered(uint32_t endpoint, const sdp::SessionDescription& answer) override;
  void OnCallFailed(uint32_t endpoint, const CallFailure& failure) override;
  void OnCallEnded(uint32_t endpoint, const std::string& reason) override;
  void OnIncomingCall(const std::string& user, const sdp::SessionDescription& offer,
                      std::shared_ptr<IncomingCallResponder> responder) override;
  void OnKeyframeRequested(uint32_t endpoint) override;

 private:
  struct Group;

  Group& GroupOf(uint32_t endpoint) { return *groups_[endpoint % groups_.size()]; }
  Endpoint& EndpointOf(uint32_t endpoint);
  // Runs `task(endpoint)` on the endpoint's loop.
  template <typename Task>
  void OnEndpointLoop(uint32_t endpoint, Task&& task);
  void Publish(Group& group, Timestamp now);
  CallTarget TargetFor(uint32_t endpoint) const;

  const LoadGeneratorOptions options_;
  const VideoMaterial* const video_;
  const AudioMaterial* const audio_;
  CallSignaling* const signaling_;
  const Clock* const clock_;
  const sdp::MediaNegotiator negotiator_;
  EndpointDirectory directory_;
  std::vector<std::unique_ptr<Group>> groups_;
  Timestamp start_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// What every endpoint offers and accepts: Opus, H.264 packetization-mode 1 up to the level
// the largest rendition needs, SDES-SRTP required or not, no DTMF, no content stream.
sdp::MediaCapabilities EndpointCapabilities(const LoadGeneratorOptions& options, const VideoMaterial* video);

// Parses the endpoint number from a Request-URI user part: "loadgen-17" → 17.
std::optional<uint32_t> EndpointFromUser(const std::string& user);

}  // namespace softmcu::loadgen
