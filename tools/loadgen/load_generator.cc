#include "tools/loadgen/load_generator.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace softmcu::loadgen {
namespace {

// A call with no final answer this long after its own timeout is given up here, in case the
// signaling never reports (it should; this keeps the run from waiting on it).
constexpr TimeDelta kTimeoutGrace = TimeDelta::Seconds(2);
constexpr TimeDelta kPublishInterval = TimeDelta::Seconds(1);

bool Decodes(uint32_t id, double share) {
  if (share <= 0) return false;
  if (share >= 1) return true;
  return id == 0 || std::floor(id * share) != std::floor((id - 1) * share);
}

}  // namespace

sdp::MediaCapabilities EndpointCapabilities(const LoadGeneratorOptions& o, const VideoMaterial* video) {
  if (!o.video) video = nullptr;
  sdp::MediaCapabilities caps;
  caps.srtp = o.srtp ? sdp::SrtpPolicy::kRequired : sdp::SrtpPolicy::kAllowPlainRtp;
  if (!o.srtp) caps.crypto_suites.clear();
  caps.offer_profile = o.offer_profile;
  caps.receive_budget = o.receive_budget;
  caps.audio.enabled = o.audio;
  caps.audio.telephone_event = false;  // we never send DTMF
  caps.video.enabled = o.video && video != nullptr;
  caps.video.packetization_mode_0 = false;  // the material's slices need FU-A
  caps.video.content_enabled = false;
  // The level our largest rendition needs: 3.1 up to 720p30, 4.0 up to 1080p30.
  uint32_t mbs = 0;
  for (size_t i = 0; video && i < video->rendition_count(); ++i) {
    const StampGeometry& g = video->rendition(i).geometry();
    mbs = std::max(mbs, static_cast<uint32_t>(g.mb_width() * g.mb_height()));
  }
  caps.video.max_level = mbs > 3600 ? sdp::H264Level::k4 : sdp::H264Level::k3_1;
  return caps;
}

std::optional<uint32_t> EndpointFromUser(const std::string& user) {
  size_t digits = user.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(user[digits - 1]))) --digits;
  if (digits == user.size() || user.size() - digits > 6) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(user.substr(digits)));
}

struct LoadGenerator::Group {
  asio::io_context* context = nullptr;
  std::unique_ptr<LoopResources> resources;
  std::vector<std::unique_ptr<Endpoint>> endpoints;
  std::vector<Timestamp> call_at;
  Timestamp next_publish;
  LatencyHistogram video_seen;  // cumulative at the last publish, for the last second
  LatencyHistogram audio_seen;
  // Published for progress(), read by any thread.
  std::atomic<uint32_t> joined{0}, calling{0}, failed{0}, ended{0};
  std::atomic<uint64_t> freezes{0};
  std::atomic<double> video_p50{-1}, audio_p50{-1};
  std::optional<Timestamp> last_tick;
  std::atomic<int64_t> max_tick_gap_us{0};
};

LoadGenerator::LoadGenerator(const LoadGeneratorOptions& options, const VideoMaterial* video,
                             const AudioMaterial* audio, std::vector<asio::io_context*> loops, CallSignaling* signaling,
                             const Clock* clock)
    : options_(options),
      video_(options.video ? video : nullptr),
      audio_(audio),
      signaling_(signaling),
      clock_(clock),
      negotiator_(EndpointCapabilities(options, options.video ? video : nullptr)),
      directory_(options.endpoints, options.video && video != nullptr) {
  for (asio::io_context* context : loops) {
    auto group = std::make_unique<Group>();
    group->context = context;
    group->resources = std::make_unique<LoopResources>(*context, clock, video_, audio_, &directory_);
    groups_.push_back(std::move(group));
  }
}

LoadGenerator::~LoadGenerator() {
  *alive_ = false;
}

Result<void> LoadGenerator::Start() {
  if (groups_.empty()) return MakeError(ErrorCode::kInvalidArgument, "load generator: no event loop");
  if (options_.endpoints == 0 || options_.endpoints > StampCode::kMaxEndpoints) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("load generator: 1 to {} endpoints", StampCode::kMaxEndpoints));
  }
  if (!options_.audio && !video_) return MakeError(ErrorCode::kInvalidArgument, "load generator: neither audio nor video");
  // Endpoints beyond the material's marker ids send audio without markers.
  if (options_.audio && !audio_) return MakeError(ErrorCode::kInvalidArgument, "load generator: no audio material");
  start_ = clock_->Now();
  std::vector<double> fractions;
  for (size_t i = 0; video_ && i < video_->rendition_count(); ++i) {
    const double f = video_->rendition(i).geometry().band_fraction();
    if (std::none_of(fractions.begin(), fractions.end(), [f](double g) { return std::abs(f - g) < 1e-3; })) {
      fractions.push_back(f);
    }
  }
  const double join_interval_us = 1e6 / std::max(options_.join_rate, 0.001);
  for (uint32_t id = 0; id < options_.endpoints; ++id) {
    EndpointSpec spec;
    spec.id = id;
    spec.audio = options_.audio;
    spec.video = video_ != nullptr;
    spec.decode = Decodes(id, options_.decode_share);
    spec.local_address = options_.local_address;
    spec.initial_rendition = options_.initial_rendition;
    spec.max_video_bitrate = options_.max_video_bitrate;
    // Spread where endpoints start in the loop, so their IDRs do not all coincide.
    spec.start_frame = video_ ? (id * 7919u + options_.seed * 104729u) % video_->loop_frames() : 0;
    spec.marker_period_frames = options_.marker_period_frames;
    spec.freeze_threshold = options_.freeze_threshold;
    spec.probe = options_.probe;
    spec.reader.forced_layout = options_.layout;
    if (!fractions.empty()) spec.reader.band_fractions = fractions;
    Group& group = GroupOf(id);
    group.endpoints.push_back(std::make_unique<Endpoint>(spec, group.resources.get(), &negotiator_));
    group.call_at.push_back(start_ + TimeDelta::Micros(static_cast<int64_t>(id * join_interval_us)));
  }
  for (auto& group : groups_) group->next_publish = start_;
  return signaling_->Start(this);
}

Endpoint& LoadGenerator::EndpointOf(uint32_t endpoint) {
  return *GroupOf(endpoint).endpoints[endpoint / groups_.size()];
}

template <typename Task>
void LoadGenerator::OnEndpointLoop(uint32_t endpoint, Task&& task) {
  if (endpoint >= options_.endpoints) return;
  asio::post(*GroupOf(endpoint).context, [this, alive = alive_, endpoint, task = std::forward<Task>(task)]() mutable {
    if (*alive) task(EndpointOf(endpoint));
  });
}

CallTarget LoadGenerator::TargetFor(uint32_t endpoint) const {
  CallTarget t = options_.target;
  t.from_user = fmt::format("loadgen-{}", endpoint);
  t.display_name = fmt::format("Loadgen {}", endpoint);
  return t;
}

void LoadGenerator::Tick(size_t index) {
  Group& group = *groups_[index];
  const Timestamp now = clock_->Now();
  if (group.last_tick && now - *group.last_tick > TimeDelta::Micros(group.max_tick_gap_us)) {
    group.max_tick_gap_us = (now - *group.last_tick).us();
  }
  group.last_tick = now;
  for (size_t i = 0; i < group.endpoints.size(); ++i) {
    Endpoint& e = *group.endpoints[i];
    if (options_.mode == LoadGeneratorOptions::Mode::kDial && e.state() == EndpointState::kIdle &&
        now >= group.call_at[i]) {
      if (auto offer = e.MakeOffer(now)) signaling_->PlaceCall(e.id(), TargetFor(e.id()), *offer);
    }
    if (e.state() == EndpointState::kCalling && now - group.call_at[i] > options_.target.timeout + kTimeoutGrace &&
        options_.mode == LoadGeneratorOptions::Mode::kDial) {
      e.OnCallFailed({0, fmt::format("no final answer within {} s", options_.target.timeout.seconds()), true}, now);
      signaling_->Hangup(e.id());
    }
    e.Tick(now);
  }
  if (now >= group.next_publish) Publish(group, now);
}

void LoadGenerator::Publish(Group& group, Timestamp now) {
  group.next_publish = now + kPublishInterval;
  uint32_t joined = 0, calling = 0, failed = 0, ended = 0;
  uint64_t freezes = 0;
  LatencyHistogram video, audio;
  for (const auto& e : group.endpoints) {
    switch (e->state()) {
      case EndpointState::kConnected:
        ++joined;
        break;
      case EndpointState::kCalling:
        ++calling;
        break;
      case EndpointState::kFailed:
        ++failed;
        break;
      case EndpointState::kEnded:
        ++ended;
        break;
      case EndpointState::kIdle:
        break;
    }
    freezes += e->freezes();
    if (const auto* h = e->video_latency()) video.Merge(*h);
    if (const auto* h = e->audio_latency()) audio.Merge(*h);
  }
  auto window_p50 = [](LatencyHistogram now_total, LatencyHistogram& seen) {
    LatencyHistogram window = now_total;
    window.Subtract(seen);
    seen = std::move(now_total);
    return window.PercentileMs(50).value_or(-1);
  };
  group.joined = joined;
  group.calling = calling;
  group.failed = failed;
  group.ended = ended;
  group.freezes = freezes;
  group.video_p50 = window_p50(video, group.video_seen);
  group.audio_p50 = window_p50(audio, group.audio_seen);
}

LoadProgress LoadGenerator::progress() const {
  LoadProgress p;
  p.requested = options_.endpoints;
  double video_sum = 0, audio_sum = 0;
  int video_n = 0, audio_n = 0;
  for (const auto& g : groups_) {
    p.joined += g->joined;
    p.calling += g->calling;
    p.failed += g->failed;
    p.ended += g->ended;
    p.freezes += g->freezes;
    if (const double v = g->video_p50; v >= 0) video_sum += v, ++video_n;
    if (const double a = g->audio_p50; a >= 0) audio_sum += a, ++audio_n;
  }
  for (const auto& g : groups_) p.max_tick_gap_ms = std::max(p.max_tick_gap_ms, g->max_tick_gap_us / 1000.0);
  if (video_n) p.video_latency_ms = video_sum / video_n;
  if (audio_n) p.audio_latency_ms = audio_sum / audio_n;
  return p;
}

bool LoadGenerator::finished() const {
  const LoadProgress p = progress();
  return p.failed + p.ended == p.requested;
}

void LoadGenerator::HangupAll() {
  for (uint32_t id = 0; id < options_.endpoints; ++id) {
    OnEndpointLoop(id, [this](Endpoint& e) {
      const bool in_call = e.state() == EndpointState::kConnected || e.state() == EndpointState::kCalling;
      e.Hangup(clock_->Now());
      if (in_call) signaling_->Hangup(e.id());
    });
  }
}

std::vector<EndpointReport> LoadGenerator::Reports() const {
  std::vector<EndpointReport> reports(options_.endpoints);
  const Timestamp now = clock_->Now();
  for (const auto& g : groups_) {
    for (const auto& e : g->endpoints) reports[e->id()] = e->MakeReport(now);
  }
  return reports;
}

void LoadGenerator::OnCallAnswered(uint32_t endpoint, const sdp::SessionDescription& answer) {
  OnEndpointLoop(endpoint, [this, answer](Endpoint& e) {
    e.OnAnswer(answer, clock_->Now());
    // A call we could not use (bad answer) is hung up, not left half-open.
    if (e.state() == EndpointState::kFailed) signaling_->Hangup(e.id());
  });
}

void LoadGenerator::OnCallFailed(uint32_t endpoint, const CallFailure& failure) {
  OnEndpointLoop(endpoint, [this, failure](Endpoint& e) { e.OnCallFailed(failure, clock_->Now()); });
}

void LoadGenerator::OnCallEnded(uint32_t endpoint, const std::string& reason) {
  OnEndpointLoop(endpoint, [this, reason](Endpoint& e) { e.OnCallEnded(reason, clock_->Now()); });
}

void LoadGenerator::OnKeyframeRequested(uint32_t endpoint) {
  OnEndpointLoop(endpoint, [](Endpoint& e) { e.OnKeyframeRequested(); });
}

void LoadGenerator::OnIncomingCall(const std::string& user, const sdp::SessionDescription& offer,
                                   std::shared_ptr<IncomingCallResponder> responder) {
  const std::optional<uint32_t> id = EndpointFromUser(user);
  if (options_.mode != LoadGeneratorOptions::Mode::kAnswer) {
    responder->Reject(403, "this load generator only dials");
    return;
  }
  if (!id || *id >= options_.endpoints) {
    responder->Reject(404, fmt::format("no endpoint '{}' (users are loadgen-0 .. loadgen-{})", user, options_.endpoints - 1));
    return;
  }
  OnEndpointLoop(*id, [this, offer, responder](Endpoint& e) {
    if (e.state() != EndpointState::kIdle) {
      responder->Reject(486, "endpoint already in a call");
      return;
    }
    auto answer = e.AnswerOffer(offer, clock_->Now());
    if (answer) {
      responder->Accept(e.id(), *answer);
    } else {
      responder->Reject(488, answer.error().message);
    }
  });
}

}  // namespace softmcu::loadgen
