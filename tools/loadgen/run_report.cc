#include "tools/loadgen/run_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace softmcu::loadgen {
namespace {

using nlohmann::json;

// A loop that misses its 5 ms tick by this much has let media pile up in socket buffers.
constexpr double kOverloadGapMs = 100;

json Number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return std::round(*v * 100.0) / 100.0;
}

json Latency(const LatencyHistogram& h) {
  return {{"p50", Number(h.PercentileMs(50))},   {"p95", Number(h.PercentileMs(95))},
          {"p99", Number(h.PercentileMs(99))},   {"mean", Number(h.MeanMs())},
          {"max", Number(h.MaxMs())},            {"samples", h.count()}};
}

double LossPct(int64_t lost, int64_t expected) {
  return expected > 0 ? 100.0 * static_cast<double>(std::max<int64_t>(lost, 0)) / static_cast<double>(expected) : 0.0;
}

json Stream(const std::optional<StreamReceiveReport>& s) {
  if (!s) return nullptr;
  return {{"packets", s->packets},         {"expected", s->expected},     {"lost", s->lost},
          {"loss_pct", Number(LossPct(s->lost, s->expected))},          {"jitter_ms", Number(s->jitter_ms)},
          {"kbps", Number(s->kbps)},         {"transport_drops", s->transport_drops}};
}

json EndpointJson(const EndpointReport& e) {
  json j = {{"id", e.id},
            {"state", e.state},
            {"sip_status", e.sip_status ? json(*e.sip_status) : json(nullptr)},
            {"failure", e.failure.empty() ? json(nullptr) : json(e.failure)},
            {"timeout", e.timeout},
            {"join_ms", Number(e.join_ms)},
            {"connected_s", Number(e.connected_s)},
            {"sent",
             {{"rendition", e.rendition.empty() ? json(nullptr) : json(e.rendition)},
              {"video_frames", e.video_frames_sent},
              {"video_packets", e.video_packets_sent},
              {"video_keyframes", e.video_keyframes_sent},
              {"keyframe_requests", e.keyframe_requests_received},
              {"rendition_switches", e.rendition_switches},
              {"video_kbps", Number(e.video_kbps_sent)},
              {"audio_packets", e.audio_packets_sent},
              {"markers", e.markers_sent},
              {"audio_kbps", Number(e.audio_kbps_sent)},
              {"dropped", e.packets_dropped_sending}}},
            {"received",
             {{"video", Stream(e.video_received)},
              {"audio", Stream(e.audio_received)},
              {"audio_lost_frames", e.audio_lost_frames},
              {"audio_gaps", e.audio_gaps}}},
            {"decoded", nullptr}};
  if (e.decodes) {
    json tiles = json::array();
    for (const auto& t : e.tiles) tiles.push_back({{"tile", t.tile}, {"endpoint", t.endpoint_id}, {"rendition", t.rendition}});
    j["decoded"] = {{"pictures", e.pictures_decoded},
                    {"decode_errors", e.video_decode_errors},
                    {"tiles_read", e.tiles_read},
                    {"unknown_stamps", e.unknown_stamps},
                    {"layout", e.layout.empty() ? json(nullptr) : json(e.layout)},
                    {"tiles", tiles},
                    {"freezes", e.freezes},
                    {"frozen_s", Number(e.frozen_s)},
                    {"video_latency_ms", Latency(e.video_latency)},
                    {"markers_heard", e.markers_heard},
                    {"markers_undecodable", e.markers_undecodable},
                    {"audio_concealed", e.audio_concealed},
                    {"audio_decode_errors", e.audio_decode_errors},
                    {"audio_latency_ms", Latency(e.audio_latency)}};
  }
  return j;
}

// Mean of the values present, or null.
class Mean {
 public:
  void Add(double v) {
    sum_ += v;
    ++n_;
  }
  json Value() const { return n_ ? Number(sum_ / n_) : json(nullptr); }

 private:
  double sum_ = 0;
  int n_ = 0;
};

}  // namespace

json RunReport::ToJson(const RunInfo& info, const std::vector<EndpointReport>& endpoints) {
  LatencyHistogram video, audio, join;
  uint64_t joined = 0, join_failures = 0, dropped = 0, freezes = 0, decoding = 0, decode_errors = 0;
  uint64_t markers_sent = 0, markers_heard = 0, markers_undecodable = 0, switches = 0;
  uint64_t late_frames = 0, late_packets = 0;
  double frozen_s = 0;
  int64_t lost_video = 0, expected_video = 0, lost_audio = 0, expected_audio = 0;
  Mean jitter_video, jitter_audio, sent_video, sent_audio, received_video, received_audio;
  std::map<std::string, uint64_t> sending;
  json failures = json::array();
  json list = json::array();
  for (const EndpointReport& e : endpoints) {
    list.push_back(EndpointJson(e));
    if (e.join_ms) {
      ++joined;
      join.Add(TimeDelta::Micros(static_cast<int64_t>(*e.join_ms * 1000)));
    }
    if (e.state == "failed") {
      e.join_ms ? ++dropped : ++join_failures;
      failures.push_back({{"endpoint", e.id},
                          {"stage", e.join_ms ? "call" : "join"},
                          {"sip_status", e.sip_status ? json(*e.sip_status) : json(nullptr)},
                          {"reason", e.failure},
                          {"timeout", e.timeout}});
    }
    if (!e.join_ms) continue;
    if (e.video_received) {
      lost_video += std::max<int64_t>(e.video_received->lost, 0);
      expected_video += e.video_received->expected;
      jitter_video.Add(e.video_received->jitter_ms);
      received_video.Add(e.video_received->kbps);
    }
    if (e.audio_received) {
      lost_audio += std::max<int64_t>(e.audio_received->lost, 0);
      expected_audio += e.audio_received->expected;
      jitter_audio.Add(e.audio_received->jitter_ms);
      received_audio.Add(e.audio_received->kbps);
    }
    if (!e.rendition.empty()) {
      sent_video.Add(e.video_kbps_sent);
      ++sending[e.rendition];
    }
    if (e.audio_packets_sent) sent_audio.Add(e.audio_kbps_sent);
    switches += e.rendition_switches;
    markers_sent += e.markers_sent;
    late_frames += e.late_video_frames;
    late_packets += e.late_audio_packets;
    if (e.decodes) {
      ++decoding;
      video.Merge(e.video_latency);
      audio.Merge(e.audio_latency);
      freezes += e.freezes;
      frozen_s += e.frozen_s;
      decode_errors += e.video_decode_errors + e.audio_decode_errors;
      markers_heard += e.markers_heard;
      markers_undecodable += e.markers_undecodable;
    }
  }
  json renditions = json::array();
  for (size_t i = 0; i < info.renditions.size(); ++i) {
    const RenditionSpec& r = info.renditions[i];
    const std::string name = fmt::format("{}x{}", r.width, r.height);
    renditions.push_back({{"width", r.width},
                          {"height", r.height},
                          {"kbps", r.bitrate.kbps()},
                          {"encoded_kbps", i < info.renditions_encoded_kbps.size()
                                               ? Number(info.renditions_encoded_kbps[i])
                                               : json(nullptr)},
                          {"endpoints_sending", sending.count(name) ? sending[name] : 0}});
  }
  return {{"tool", "softmcu-loadgen"},
          {"version", info.version},
          {"target", info.target},
          {"mode", info.mode},
          {"srtp", info.srtp},
          {"media", {{"audio", info.audio}, {"video", info.video}}},
          {"decode_share", info.decode_share},
          {"endpoints_requested", endpoints.size()},
          {"endpoints_joined", joined},
          {"join_failures", join_failures},
          {"calls_dropped", dropped},
          {"failures", failures},
          {"duration_s", Number(info.duration_s)},
          {"join_ms", {{"p50", Number(join.PercentileMs(50))}, {"p95", Number(join.PercentileMs(95))},
                       {"max", Number(join.MaxMs())}}},
          {"video_latency_ms", Latency(video)},
          {"audio_latency_ms", Latency(audio)},
          {"freezes", freezes},
          {"frozen_s", Number(frozen_s)},
          {"loss_pct", Number(LossPct(lost_video + lost_audio, expected_video + expected_audio))},
          {"loss_pct_video", Number(LossPct(lost_video, expected_video))},
          {"loss_pct_audio", Number(LossPct(lost_audio, expected_audio))},
          {"jitter_ms", {{"video", jitter_video.Value()}, {"audio", jitter_audio.Value()}}},
          {"kbps_per_endpoint",
           {{"sent_video", sent_video.Value()},
            {"sent_audio", sent_audio.Value()},
            {"received_video", received_video.Value()},
            {"received_audio", received_audio.Value()}}},
          {"decoding_endpoints", decoding},
          {"decode_errors", decode_errors},
          {"audio_markers", {{"sent", markers_sent}, {"heard", markers_heard}, {"undecodable", markers_undecodable}}},
          {"renditions", renditions},
          {"rendition_switches", switches},
          // The generator judging itself: if its loops fell behind, the figures above
          // partly measure this machine, not the MCU.
          {"generator",
           {{"max_tick_gap_ms", Number(info.max_tick_gap_ms)},
            {"late_video_frames", late_frames},
            {"late_audio_packets", late_packets},
            {"overloaded", late_frames + late_packets > 0 || info.max_tick_gap_ms > kOverloadGapMs}}},
          {"endpoints", list}};
}

namespace {

std::string Ms(const json& v) {
  return v.is_number() ? fmt::format("{:.0f} ms", v.get<double>()) : "-";
}
std::string Kbps(const json& v) {
  return v.is_number() ? fmt::format("{:.0f} kbps", v.get<double>()) : "-";
}

}  // namespace

std::string RunReport::SummaryTable(const json& r) {
  std::string out;
  auto line = [&out](std::string_view label, const std::string& text) { out += fmt::format("  {:<22}{}\n", label, text); };
  out += fmt::format("softmcu-loadgen  {}  {} endpoints, {:.1f} s, {}, {}\n", r.value("target", ""),
                     r.value("endpoints_requested", 0), r.value("duration_s", 0.0), r.value("mode", ""),
                     r.value("srtp", true) ? "SRTP" : "plain RTP");
  // Failures grouped by cause: "486 ×3, timeout ×1".
  std::map<std::string, int> causes;
  for (const auto& f : r["failures"]) {
    causes[f["timeout"].get<bool>()        ? std::string("timeout")
           : f["sip_status"].is_number() ? std::to_string(f["sip_status"].get<int>())
                                          : f["reason"].get<std::string>()]++;
  }
  std::string causes_text;
  for (const auto& [cause, n] : causes) causes_text += fmt::format("{}{} ×{}", causes_text.empty() ? "" : ", ", cause, n);
  line("joined", fmt::format("{} / {}{}", r.value("endpoints_joined", 0), r.value("endpoints_requested", 0),
                             causes_text.empty() ? "" : fmt::format("   failed: {}", causes_text)));
  line("join time", fmt::format("p50 {}   p95 {}   max {}", Ms(r["join_ms"]["p50"]), Ms(r["join_ms"]["p95"]),
                                Ms(r["join_ms"]["max"])));
  const json& v = r["video_latency_ms"];
  line("video latency", fmt::format("p50 {}   p95 {}   p99 {}   ({} samples, {} decoding endpoints)", Ms(v["p50"]),
                                    Ms(v["p95"]), Ms(v["p99"]), v["samples"].get<uint64_t>(),
                                    r.value("decoding_endpoints", 0)));
  const json& a = r["audio_latency_ms"];
  line("audio latency", fmt::format("p50 {}   p95 {}   ({} markers heard, {} unreadable)", Ms(a["p50"]), Ms(a["p95"]),
                                    a["samples"].get<uint64_t>(), r["audio_markers"]["undecodable"].get<uint64_t>()));
  line("freezes", fmt::format("{}   ({:.1f} s frozen in all)", r.value("freezes", 0), r.value("frozen_s", 0.0)));
  line("loss", fmt::format("{:.2f} %   (video {:.2f} %, audio {:.2f} %)", r.value("loss_pct", 0.0),
                           r.value("loss_pct_video", 0.0), r.value("loss_pct_audio", 0.0)));
  line("jitter", fmt::format("video {}   audio {}", Ms(r["jitter_ms"]["video"]), Ms(r["jitter_ms"]["audio"])));
  const json& k = r["kbps_per_endpoint"];
  line("sent per endpoint", fmt::format("video {}   audio {}", Kbps(k["sent_video"]), Kbps(k["sent_audio"])));
  line("received per endpoint", fmt::format("video {}   audio {}", Kbps(k["received_video"]), Kbps(k["received_audio"])));
  std::string sending;
  for (const auto& rendition : r["renditions"]) {
    sending += fmt::format("{}{}x{} ×{}", sending.empty() ? "" : ", ", rendition["width"].get<int>(),
                           rendition["height"].get<int>(), rendition["endpoints_sending"].get<uint64_t>());
  }
  if (!sending.empty()) line("renditions sent", fmt::format("{}   ({} switches)", sending, r.value("rendition_switches", 0)));
  line("decode errors", std::to_string(r.value("decode_errors", 0)));
  const json& g = r["generator"];
  if (g.value("overloaded", false)) {
    line("WARNING", fmt::format("the generator fell behind (longest tick gap {}, {} video frames and {} audio packets "
                                "skipped): figures include this machine's overload; use fewer endpoints, a lower "
                                "--decode-share, or more --threads on more cores",
                                Ms(g["max_tick_gap_ms"]), g["late_video_frames"].get<uint64_t>(),
                                g["late_audio_packets"].get<uint64_t>()));
  }
  return out;
}

}  // namespace softmcu::loadgen
