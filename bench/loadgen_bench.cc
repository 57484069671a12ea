// loadgen suite: what softmcu-loadgen itself costs, so a capacity figure measures the MCU
// and not the generator. (issue 8)
//
// Each scenario runs N synthetic endpoints on ONE event-loop thread against the in-process
// reflector (McuStandIn kReflect, on its own thread): every endpoint sends its material and
// receives it back, as it would receive an MCU's stream, so the figure covers both
// directions — stamp and packetize, SRTP, send, receive, unprotect, jitter buffer, RTCP —
// plus decoding for the decoding share. Measured: the generator thread's CPU time over the
// run, per endpoint per second of media, and hence how many endpoints one core feeds.
//
// Reference, in the same run: the floor no generator can go under — for the packets it sent
// and received (same counts, mean size): build, SRTP-protect and sendto; recvfrom and
// SRTP-unprotect, on plain sockets in one thread. ratio = generator cost / floor; what is
// above 1 is event-loop dispatch, timers, RTCP, jitter buffers, pacing and the stamping.
//
// A second figure answers "packetize per endpoint, or pre-packetize once?": the time to
// assemble one stamped access unit (stamp slice, copy, H.264 packetization) against the
// whole per-frame cost of a video endpoint (ratio = its share).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "bench/suites.h"
#include "core/check.h"
#include "core/event_loop.h"
#include "core/packet_buffer_pool.h"
#include "tools/loadgen/load_generator.h"
#include "tools/loadgen/mcu_stand_in.h"
#include "tools/loadgen/stamp_code.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "transport/srtp/sdes_key.h"
#include "transport/srtp/srtp_session.h"

namespace softmcu::bench {
namespace {

using namespace softmcu::loadgen;

constexpr TimeDelta kTick = TimeDelta::Millis(5);

struct Scenario {
  const char* name;
  uint32_t endpoints;
  bool video;
  size_t rendition;  // in Materials(): 0 = 1280x720@1500, 1 = 640x360@600
  double decode_share;
};

struct Measured {
  double cpu_s = 0;
  double seconds = 0;
  uint64_t packets_sent = 0;
  uint64_t payload_bytes_sent = 0;
  uint64_t packets_received = 0;
  uint64_t video_frames = 0;
};

const VideoMaterial& Video() {
  static const auto material = [] {
    VideoMaterialOptions o;
    o.renditions = {{1280, 720, DataRate::KilobitsPerSec(1500)}, {640, 360, DataRate::KilobitsPerSec(600)}};
    o.loop_frames = 60;
    o.idr_interval = 60;
    auto built = VideoMaterial::Build(o);
    SOFTMCU_CHECK(built.has_value());
    return std::move(*built);
  }();
  return *material;
}

const AudioMaterial& Audio() {
  static const auto material = [] {
    auto built = AudioMaterial::Build({.marker_ids = 256});
    SOFTMCU_CHECK(built.has_value());
    return std::move(*built);
  }();
  return *material;
}

double OnLoop(EventLoop& loop, const std::function<double()>& f) {
  std::promise<double> done;
  loop.Post([&] { done.set_value(f()); });
  return done.get_future().get();
}

Measured Run(const Scenario& s, double seconds) {
  EventLoop generator_loop, stand_in_loop;
  McuStandInOptions so;
  so.mode = McuStandInOptions::Mode::kReflect;
  so.participant_budget = PolicerConfig::kMaxRate;
  McuStandIn stand_in(so, stand_in_loop.context(), SystemClock::Instance());
  LoadGeneratorOptions go;
  go.endpoints = s.endpoints;
  go.video = s.video;
  go.initial_rendition = s.rendition;
  go.decode_share = s.decode_share;
  go.join_rate = 1000;
  go.target = {.uri = "direct:reflect"};
  LoadGenerator generator(go, &Video(), &Audio(), {&generator_loop.context()}, &stand_in, SystemClock::Instance());
  SOFTMCU_CHECK(generator.Start().has_value());
  auto gen_timer = generator_loop.Every(kTick, [&] { generator.Tick(0); });
  auto stand_in_timer = stand_in_loop.Every(kTick, [&] { stand_in.Tick(); });
  std::thread a([&] { generator_loop.Run(); });
  std::thread b([&] { stand_in_loop.Run(); });
  // Everyone joined, and a second to settle (first IDRs, jitter buffers).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (generator.progress().joined < s.endpoints && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto totals = [&] {
    Measured m;
    for (const auto& e : generator.Reports()) {
      m.video_frames += e.video_frames_sent;
      m.packets_sent += e.audio_packets_sent + e.video_packets_sent;
      m.payload_bytes_sent += e.payload_bytes_sent;
      if (e.video_received) m.packets_received += e.video_received->packets;
      if (e.audio_received) m.packets_received += e.audio_received->packets;
    }
    return m;
  };
  // Reports() reads endpoint state: run it on the generator's own thread.
  Measured before;
  const double cpu0 = OnLoop(generator_loop, [&] {
    before = totals();
    return ThreadCpuSeconds();
  });
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  Measured after;
  const double cpu1 = OnLoop(generator_loop, [&] {
    after = totals();
    return ThreadCpuSeconds();
  });
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  generator_loop.Stop();
  stand_in_loop.Stop();
  a.join();
  b.join();
  Measured m;
  m.cpu_s = cpu1 - cpu0;
  m.seconds = wall;
  m.video_frames = after.video_frames - before.video_frames;
  m.packets_received = after.packets_received - before.packets_received;
  m.packets_sent = after.packets_sent - before.packets_sent;
  m.payload_bytes_sent = after.payload_bytes_sent - before.payload_bytes_sent;
  return m;
}

// The floor: what sending `sent` packets of the mean size and receiving `received` costs at
// least — build, SRTP-protect, sendto; recvfrom, SRTP-unprotect — on plain sockets, one
// packet at a time over loopback, in this thread.
double FloorCpuSeconds(uint64_t sent, uint64_t received, size_t mean_payload) {
  const int tx = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  const int rx = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  SOFTMCU_CHECK(::bind(rx, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  SOFTMCU_CHECK(::getsockname(rx, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const auto key = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
  auto out = std::move(*SrtpSession::Create(SrtpSession::Direction::kOutbound, key.suite(), key.key_and_salt()));
  auto in = std::move(*SrtpSession::Create(SrtpSession::Direction::kInbound, key.suite(), key.key_and_salt(),
                                           {.replay_window = 32767}));
  std::vector<uint8_t> payload(std::min<size_t>(mean_payload, kMaxRtpPayload), 0x5a);
  std::array<uint8_t, 2048> buffer{};
  std::array<uint8_t, 2048> incoming{};
  RtpPacketBuilder builder;
  builder.SetPayloadType(96).SetSsrc(1234);
  const double t0 = ThreadCpuSeconds();
  for (uint64_t i = 0; i < std::max(sent, received); ++i) {
    builder.SetSequenceNumber(static_cast<uint16_t>(i)).SetTimestamp(static_cast<uint32_t>(i / 4));
    size_t len = *builder.Write(payload, buffer);
    out->ProtectRtp(buffer, &len);
    ::sendto(tx, buffer.data(), len, 0, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    if (i < received) {
      const ssize_t got = ::recvfrom(rx, incoming.data(), incoming.size(), 0, nullptr, nullptr);
      size_t in_len = got > 0 ? static_cast<size_t>(got) : 0;
      in->UnprotectRtp(incoming, &in_len);
    }
  }
  const double cpu = ThreadCpuSeconds() - t0;
  ::close(tx);
  ::close(rx);
  return cpu;
}

// One stamped access unit: stamp slice, copy into the loop's buffer, packetize into packets.
double AssemblyMicrosPerFrame(size_t rendition, int frames) {
  const VideoRendition& r = Video().rendition(rendition);
  StampedAccessUnit stamped(Video());
  H264Packetizer packetizer({.max_payload_size = kMaxRtpPayload});
  RtpPacketBuilder builder;
  std::array<uint8_t, 2048> packet{};
  std::optional<uint64_t> reference;
  const double t0 = ThreadCpuSeconds();
  for (int i = 0; i < frames; ++i) {
    const size_t index = static_cast<size_t>(i) % r.frame_count();
    const uint64_t cells = StampCode::Encode({7, static_cast<uint32_t>(i), 0});
    auto au = stamped.Write(r, index, cells, r.frame(index).idr ? std::nullopt : reference);
    reference = cells;
    SOFTMCU_CHECK(au && packetizer.SetAccessUnit(*au, static_cast<uint32_t>(i * 3000)));
    while (packetizer.HasNext()) packetizer.NextPacket(builder, packet);
  }
  return (ThreadCpuSeconds() - t0) / frames * 1e6;
}

}  // namespace

void RunLoadgenSuite(const SuiteOptions& options, BenchReport& report) {
  const double seconds = std::max(1.0, 8.0 * options.scale);
  const Scenario scenarios[] = {
      {"audio-only endpoint", 200, false, 0, 0.0},
      {"audio-only endpoint, 1 in 10 decoding", 200, false, 0, 0.1},
      {"640x360@600 + audio endpoint", 16, true, 1, 0.0},
      {"1280x720@1500 + audio endpoint", 8, true, 0, 0.0},
      {"1280x720@1500 + audio endpoint, all decoding", 2, true, 0, 1.0},
  };
  double per_frame_720p_us = 0;
  for (const Scenario& s : scenarios) {
    const Measured m = Run(s, seconds);
    const double endpoint_seconds = s.endpoints * m.seconds;
    const double cost_us = m.cpu_s / endpoint_seconds * 1e6;  // per endpoint per second
    const size_t mean_payload = m.packets_sent ? m.payload_bytes_sent / m.packets_sent : 100;
    const double floor_us = FloorCpuSeconds(m.packets_sent, m.packets_received, mean_payload) / endpoint_seconds * 1e6;
    report.AddCompared(std::string("loadgen CPU per ") + s.name, cost_us, floor_us, "us/s");
    report.Add(std::string("endpoints one core feeds: ") + s.name, 1e6 / cost_us, "endpoints");
    if (s.video && s.rendition == 0 && s.decode_share == 0 && m.video_frames) {
      per_frame_720p_us = m.cpu_s / static_cast<double>(m.video_frames) * 1e6;
    }
    std::fprintf(stderr, "  %s: %u endpoints, %.1f s, %.3f s CPU\n", s.name, s.endpoints, m.seconds, m.cpu_s);
  }
  const int frames = std::max(30, static_cast<int>(600 * options.scale));
  const double assembly = AssemblyMicrosPerFrame(0, frames);
  report.AddCompared("720p stamped frame assembly (stamp, copy, packetize) vs whole per-frame cost", assembly,
                     per_frame_720p_us, "us/frame");
  report.Add("360p stamped frame assembly", AssemblyMicrosPerFrame(1, frames), "us/frame");
}

}  // namespace softmcu::bench
