// softmcu-loadgen — N synthetic SIP video endpoints in one process, for load-testing any
// standard SIP MCU; see tools/loadgen/README.md. This file is only the command line, the
// threads and the clock: the engine is the softmcu_loadgen library.

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "core/event_loop.h"
#include "core/log.h"
#include "tools/loadgen/command_line.h"
#include "tools/loadgen/json_schema.h"
#include "tools/loadgen/load_generator.h"
#include "tools/loadgen/mcu_stand_in.h"
#include "tools/loadgen/run_report.h"
#include "tools/loadgen/sip_call_signaling.h"
#include "tools/loadgen/stamped_access_unit.h"

namespace {

using namespace softmcu;
using namespace softmcu::loadgen;

std::atomic<bool> g_interrupted{false};
constexpr TimeDelta kTick = TimeDelta::Millis(5);
constexpr auto kHangupGrace = std::chrono::milliseconds(500);

int Fail(const std::string& message, int code = 2) {
  std::fprintf(stderr, "softmcu-loadgen: %s\n", message.c_str());
  return code;
}

// 500 endpoints hold 1000+ sockets: lift the soft descriptor limit to the hard one.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Writes each rendition's loop, stamped as endpoint 0 would send it, as an Annex B file
// DIR/loadgen-WxH.h264: the same input for a reference pipeline (bench/capacity's ffmpeg).
int WriteMaterial(const VideoMaterial& material, const std::string& dir) {
  StampedAccessUnit stamped(material);
  for (size_t r = 0; r < material.rendition_count(); ++r) {
    const VideoRendition& rendition = material.rendition(r);
    const std::string path = fmt::format("{}/loadgen-{}x{}.h264", dir, rendition.spec().width, rendition.spec().height);
    std::ofstream out(path, std::ios::binary);
    std::optional<uint64_t> reference;
    for (size_t i = 0; i < rendition.frame_count(); ++i) {
      const uint64_t cells = StampCode::Encode({0, static_cast<uint32_t>(i), static_cast<uint32_t>(r)});
      auto au = stamped.Write(rendition, i, cells, rendition.frame(i).idr ? std::nullopt : reference);
      if (!au) return Fail("cannot assemble frame " + std::to_string(i) + " of " + path, 1);
      out.write(reinterpret_cast<const char*>(au->data()), static_cast<std::streamsize>(au->size()));
      reference = cells;
    }
    out.close();
    if (!out) return Fail("cannot write '" + path + "'", 1);
    std::printf("%s\n", path.c_str());
  }
  return 0;
}

int ValidateReport(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail("cannot read '" + path + "'");
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) return Fail("'" + path + "' is not JSON", 1);
  const auto errors = JsonSchema::Validate(ReportSchema(), report);
  for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", path.c_str(), e.c_str());
  if (errors.empty()) std::printf("%s: valid softmcu-loadgen report\n", path.c_str());
  return errors.empty() ? 0 : 1;
}

// A loop on its own thread, stoppable before the objects that live on it are destroyed.
struct LoopThread {
  explicit LoopThread(std::string name) : name(std::move(name)) {}
  std::string name;  // shows in `top -H` and perf
  EventLoop loop;
  std::thread thread;
  std::vector<std::unique_ptr<EventLoop::RepeatingTask>> timers;
  void Start() {
    thread = std::thread([this] { loop.Run(); });
    pthread_setname_np(thread.native_handle(), name.substr(0, 15).c_str());
  }
  void StopAndJoin() {
    loop.Stop();
    if (thread.joinable()) thread.join();
    timers.clear();
  }
};

void PrintProgress(const LoadProgress& p, double elapsed, double duration, bool tty) {
  auto ms = [](const std::optional<double>& v) { return v ? fmt::format("{:.0f} ms", *v) : std::string("-"); };
  const std::string line = fmt::format("[{:4.0f}/{:.0f} s] joined {}/{} ({} calling, {} failed)  video {}  audio {}  freezes {}",
                                       elapsed, duration, p.joined, p.requested, p.calling, p.failed,
                                       ms(p.video_latency_ms), ms(p.audio_latency_ms), p.freezes);
  const std::string behind =
      p.max_tick_gap_ms > 100 ? fmt::format("  GENERATOR BEHIND (tick gap {:.0f} ms)", p.max_tick_gap_ms) : "";
  std::fprintf(stderr, tty ? "\r%-100s" : "%s\n", (line + behind).c_str());
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "softmcu-loadgen — N synthetic SIP endpoints (H.264 + Opus, SDES-SRTP) that load-test a SIP MCU and\n"
      "measure what comes back: per-tile video latency and freezes, audio latency, loss, jitter, joins."};
  std::string target, json_path, mode = "dial", listen, srtp = "on", direct, renditions_text =
                                                                              "1280x720@1500,640x360@600,320x180@200";
  std::string resolution, log_level = "warn", layout, local_address = "127.0.0.1", validate, transport = "udp",
                                                                                        write_material;
  uint32_t endpoints = 1, seed = 1;
  double duration = 30, decode_share = 0.1, join_rate = 20, join_timeout = 15, loop_seconds = 10, idr_seconds = 2,
         marker_seconds = 2;
  int threads = 2, bitrate_kbps = 0;
  bool audio_only = false, video_only = false, avpf = false, quiet = false;
  app.add_option("--target", target, "The room to dial: sip:ROOM@HOST:PORT");
  app.add_option("--endpoints", endpoints, "Synthetic endpoints (1..4096)")->capture_default_str();
  app.add_option("--duration", duration, "Seconds to run, joins included")->capture_default_str();
  app.add_option("--json", json_path, "Write the JSON report here (schema in docs/benchmarks.md)");
  app.add_option("--direct", direct,
                 "No SIP: an in-process MCU stand-in answers. 'reflect' echoes each endpoint's media (measures the "
                 "generator), 'compose' decodes, composes and mixes like a small MCU");
  app.add_option("--mode", mode, "dial: endpoints call --target; answer: the MCU calls loadgen-0..N-1")
      ->capture_default_str();
  app.add_option("--listen", listen, "Answer mode: SIP address to listen on, IP:PORT (UDP and TCP; port 0: any)");
  app.add_option("--transport", transport,
                 "SIP transport of our calls unless the --target URI says (transport=, sips:): udp, tcp or tls")
      ->capture_default_str();
  app.add_option("--srtp", srtp, "on: SDES-SRTP required (RTP/SAVP); off: plain RTP")->capture_default_str();
  app.add_option("--renditions", renditions_text, "Video renditions WxH@KBPS,... (encoded once at start-up)")
      ->capture_default_str();
  app.add_option("--resolution", resolution, "Rendition to start with, WxH (default: the first)");
  app.add_option("--bitrate", bitrate_kbps, "Video bitrate cap in kbps: the largest rendition that fits");
  app.add_option("--decode-share", decode_share, "Share of endpoints that decode and measure (0..1)")
      ->capture_default_str();
  app.add_option("--layout", layout, "Force the composite layout read (1x1, 1+1, 2x2, 1+5, 1+7, 3x3, 1+12, 4x4, 5x5)");
  app.add_flag("--audio-only", audio_only, "Send and receive audio only");
  app.add_flag("--video-only", video_only, "Send and receive video only");
  app.add_option("--join-rate", join_rate, "Calls placed per second")->capture_default_str();
  app.add_option("--join-timeout", join_timeout, "Seconds a call may take to be answered")->capture_default_str();
  app.add_option("--threads", threads, "Event loops the endpoints are spread over")->capture_default_str();
  app.add_option("--loop-seconds", loop_seconds, "Length of the pre-encoded video loop")->capture_default_str();
  app.add_option("--idr-interval", idr_seconds, "Seconds between IDRs in the video loop")->capture_default_str();
  app.add_option("--marker-period", marker_seconds, "Seconds between an endpoint's audio markers")
      ->capture_default_str();
  app.add_option("--local-address", local_address, "IP address for media sockets")->capture_default_str();
  app.add_option("--seed", seed, "Spreads where endpoints start in the video loop")->capture_default_str();
  app.add_flag("--avpf", avpf, "Offer RTP/AVPF (RTP/SAVPF) instead of RTP/AVP with rtcp-fb lines");
  app.add_flag("--quiet", quiet, "No progress line");
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error")->capture_default_str();
  app.add_option("--validate-report", validate, "Check a JSON report against the schema and exit");
  app.add_option("--write-material", write_material,
                 "Write each rendition's video loop (stamped as endpoint 0) to DIR/loadgen-WxH.h264 and exit: the "
                 "same input for a reference pipeline");
  app.set_version_flag("--version", std::string("softmcu-loadgen ") + SOFTMCU_VERSION);
  CLI11_PARSE(app, argc, argv);

  if (!validate.empty()) return ValidateReport(validate);
  LogLevel level;
  if (!ParseLogLevel(log_level, &level)) return Fail("unknown --log-level '" + log_level + "'");
  InitLogging(level);

  // Checks, each with what to do next.
  if (direct.empty() && target.empty() && mode != "answer" && write_material.empty()) {
    return Fail("give --target sip:ROOM@HOST:PORT (or --mode answer --listen IP:PORT), or --direct reflect|compose");
  }
  if (!direct.empty() && direct != "reflect" && direct != "compose") return Fail("--direct takes reflect or compose");
  if (mode != "dial" && mode != "answer") return Fail("--mode takes dial or answer");
  const bool answer_mode = mode == "answer";
  const bool sip_mode = direct.empty() && write_material.empty();
  if (sip_mode && !answer_mode && target.rfind("sip:", 0) != 0 && target.rfind("sips:", 0) != 0) {
    return Fail("--target must be a SIP URI, e.g. sip:1000@127.0.0.1:5060");
  }
  if (sip_mode && answer_mode && listen.empty()) return Fail("answer mode needs --listen IP:PORT");
  const auto sip_transport = sip::ParseTransportKind(transport);
  if (!sip_transport) return Fail("--transport takes udp, tcp or tls");
  std::string listen_host;
  uint16_t listen_port = 0;
  if (!listen.empty()) {
    auto parsed = sip::TransportAddress::Parse("udp:" + listen);
    if (!parsed) return Fail("--listen: '" + listen + "' is not IP:PORT (IPv6: [::1]:5070)");
    listen_host = parsed->address.to_string();
    listen_port = parsed->port;
  }
  auto srtp_on = ParseSwitch(srtp);
  if (!srtp_on) return Fail("--srtp: " + srtp_on.error().message);
  if (audio_only && video_only) return Fail("--audio-only and --video-only exclude each other");
  if (endpoints < 1 || endpoints > StampCode::kMaxEndpoints) return Fail("--endpoints: 1 to 4096");
  if (!(duration > 0) || duration > 86400) return Fail("--duration: seconds, more than 0");
  if (!(decode_share >= 0 && decode_share <= 1)) return Fail("--decode-share: 0 to 1");
  if (threads < 1 || threads > 64) return Fail("--threads: 1 to 64");
  if (!(join_rate > 0) || !(join_timeout > 0)) return Fail("--join-rate and --join-timeout must be positive");
  if (!layout.empty() && !TileLayouts::Named(layout, 1280, 720)) return Fail("--layout: unknown layout '" + layout + "'");
  auto renditions = ParseRenditions(renditions_text);
  if (!renditions) return Fail("--renditions: " + renditions.error().message);
  size_t initial = 0;
  if (!resolution.empty()) {
    auto size = ParseSize(resolution);
    if (!size) return Fail("--resolution: " + size.error().message);
    auto it = std::find_if(renditions->begin(), renditions->end(),
                           [&](const RenditionSpec& r) { return r.width == size->first && r.height == size->second; });
    if (it == renditions->end()) return Fail("--resolution " + resolution + " is not one of --renditions");
    initial = static_cast<size_t>(it - renditions->begin());
  }
  RaiseFileLimit();

  // Material, encoded once.
  const bool video = !audio_only, audio = !video_only;
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<VideoMaterial> video_material;
  if (video) {
    VideoMaterialOptions vo;
    vo.renditions = *renditions;
    vo.loop_frames = std::max(1, static_cast<int>(loop_seconds * vo.fps));
    vo.idr_interval = static_cast<int>(idr_seconds * vo.fps);
    auto built = VideoMaterial::Build(vo);
    if (!built) return Fail(built.error().message, 1);
    video_material = std::move(*built);
  }
  std::unique_ptr<AudioMaterial> audio_material;
  if (audio) {
    auto built = AudioMaterial::Build({.marker_ids = std::min<uint32_t>(endpoints, AudioMarker::kMaxId + 1)});
    if (!built) return Fail(built.error().message, 1);
    audio_material = std::move(*built);
  }
  spdlog::info("material encoded in {:.1f} s", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!write_material.empty()) {
    if (!video_material) return Fail("--write-material needs video (not --audio-only)");
    return WriteMaterial(*video_material, write_material);
  }

  // Loops: one per --threads for endpoints, one for the stand-in.
  std::vector<std::unique_ptr<LoopThread>> loops;
  std::vector<asio::io_context*> contexts;
  for (int i = 0; i < threads; ++i) {
    loops.push_back(std::make_unique<LoopThread>("lg-endpoints-" + std::to_string(i)));
    contexts.push_back(&loops.back()->loop.context());
  }
  LoadGeneratorOptions go;
  go.endpoints = endpoints;
  go.mode = answer_mode ? LoadGeneratorOptions::Mode::kAnswer : LoadGeneratorOptions::Mode::kDial;
  go.target = {.uri = direct.empty() ? target : "direct:" + direct, .timeout = TimeDelta::SecondsF(join_timeout)};
  go.audio = audio;
  go.video = video;
  go.decode_share = decode_share;
  go.srtp = *srtp_on;
  go.offer_profile = avpf ? sdp::OfferProfile::kAvpf : sdp::OfferProfile::kAvp;
  go.local_address = local_address;
  go.join_rate = join_rate;
  go.initial_rendition = initial;
  if (bitrate_kbps > 0) go.max_video_bitrate = DataRate::KilobitsPerSec(bitrate_kbps);
  go.marker_period_frames = static_cast<int>(marker_seconds * 50);
  if (!layout.empty()) go.layout = layout;
  go.seed = seed;

  // Who answers: an in-process stand-in (--direct) or a real MCU over SIP.
  LoopThread stand_in_loop("lg-stand-in");
  std::unique_ptr<McuStandIn> stand_in;
  std::unique_ptr<SipCallSignaling> sip_signaling;
  CallSignaling* signaling = nullptr;
  if (!direct.empty()) {
    McuStandInOptions so;
    so.mode = direct == "reflect" ? McuStandInOptions::Mode::kReflect : McuStandInOptions::Mode::kCompose;
    so.srtp = *srtp_on;
    // A reflector must not be the bottleneck it measures; a composing MCU polices like one.
    so.participant_budget = so.mode == McuStandInOptions::Mode::kReflect ? PolicerConfig::kMaxRate
                                                                         : DataRate::KilobitsPerSec(2500);
    so.address = local_address;
    if (!layout.empty()) so.layout = layout;
    stand_in = std::make_unique<McuStandIn>(so, stand_in_loop.loop.context(), SystemClock::Instance());
    signaling = stand_in.get();
  } else {
    SipCallSignalingOptions sig;
    sig.mode = answer_mode ? SipCallSignalingOptions::Mode::kAnswer : SipCallSignalingOptions::Mode::kDial;
    sig.local_address = local_address;
    sig.listen_address = listen_host;
    sig.listen_port = listen_port;
    sig.transport = *sip_transport;
    sig.capabilities = EndpointCapabilities(go, video_material.get());
    sip_signaling = std::make_unique<SipCallSignaling>(sig);
    signaling = sip_signaling.get();
  }
  auto generator = std::make_unique<LoadGenerator>(go, video_material.get(), audio_material.get(), contexts, signaling,
                                                   SystemClock::Instance());
  if (auto started = generator->Start(); !started) return Fail(started.error().message, 1);
  if (sip_signaling) {
    // Scripts driving answer mode read where to call us from this line.
    for (const auto& b : sip_signaling->bound()) std::fprintf(stderr, "softmcu-loadgen: SIP on %s\n", b.ToString().c_str());
  }
  for (size_t g = 0; g < loops.size(); ++g) {
    loops[g]->timers.push_back(loops[g]->loop.Every(kTick, [&generator, g] { generator->Tick(g); }));
  }
  if (stand_in) {
    McuStandIn* s = stand_in.get();
    stand_in_loop.timers.push_back(stand_in_loop.loop.Every(kTick, [s] { s->Tick(); }));
    if (go.mode == LoadGeneratorOptions::Mode::kAnswer) stand_in->DialOut(endpoints);
  }

  std::signal(SIGINT, [](int) { g_interrupted = true; });
  std::signal(SIGTERM, [](int) { g_interrupted = true; });
  const auto start = std::chrono::steady_clock::now();
  stand_in_loop.Start();
  for (auto& l : loops) l->Start();
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto next_progress = start;
  double elapsed = 0;
  while (!g_interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto now = std::chrono::steady_clock::now();
    elapsed = std::chrono::duration<double>(now - start).count();
    if (elapsed >= duration || (elapsed > 1 && generator->finished())) break;
    if (!quiet && now >= next_progress) {
      PrintProgress(generator->progress(), elapsed, duration, tty);
      next_progress = now + (tty ? std::chrono::seconds(1) : std::chrono::seconds(5));
    }
  }
  if (!quiet && tty) std::fprintf(stderr, "\n");
  generator->HangupAll();
  std::this_thread::sleep_for(kHangupGrace);
  for (auto& l : loops) l->StopAndJoin();
  stand_in_loop.StopAndJoin();
  // Calls still up (hangups not yet through, calls still ringing) end politely here; no
  // endpoint loop runs any more, so nothing calls into the signaling meanwhile.
  if (sip_signaling) sip_signaling->Stop();
  elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunInfo info;
  info.version = SOFTMCU_VERSION;
  info.target = go.target.uri;
  info.mode = mode;
  info.srtp = *srtp_on;
  info.audio = audio;
  info.video = video;
  info.decode_share = decode_share;
  info.duration_s = elapsed;
  if (video_material) {
    for (size_t i = 0; i < video_material->rendition_count(); ++i) {
      info.renditions.push_back(video_material->rendition(i).spec());
      info.renditions_encoded_kbps.push_back(video_material->rendition(i).encoded_bitrate().bps() / 1000.0);
    }
  }
  info.max_tick_gap_ms = generator->progress().max_tick_gap_ms;
  const auto reports = generator->Reports();
  const nlohmann::json report = RunReport::ToJson(info, reports);
  if (!json_path.empty()) {
    const std::string tmp = json_path + ".tmp";
    std::ofstream out(tmp);
    out << report.dump(2) << "\n";
    out.close();
    if (!out || std::rename(tmp.c_str(), json_path.c_str()) != 0) return Fail("cannot write '" + json_path + "'", 1);
  }
  std::printf("%s", RunReport::SummaryTable(report).c_str());
  generator.reset();
  return report["endpoints_joined"].get<int>() > 0 ? 0 : 1;
}
