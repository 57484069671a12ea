// SRTP half of the transport suite: softmcu's SrtpSession against raw libsrtp2 calls, same
// library, same policy, same packets, in the same run.
//
// What is measured: packets/s per core (thread CPU time, so a busy neighbour on the
// machine costs wall time but not the figure) to protect and to unprotect RTP packets of
// 1200 payload bytes, for AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM.
//
// How noise is cancelled: each figure is the median over kRounds rounds; within a round
// both paths run back to back, in alternating order (A,B then B,A) so that neither always
// runs warm or second. Every round uses fresh contexts on both paths, so the replay
// windows start empty.
//
// Identical per-packet chores on both paths: a packet can never be protected twice (a
// repeated index is a replay), so each protect iteration restores the plaintext from a
// template (memcpy) and stamps the next sequence number; each unprotect iteration copies
// one of a set of pre-protected packets with distinct sequence numbers. Both costs are
// paid equally by A and B.
//
// Reported as AddRatio(name, softmcu rate, raw rate, raw/softmcu): the ratio is the COST
// of softmcu relative to raw libsrtp2 (time per packet, softmcu over raw). 1.00 means no
// overhead; ratio <= 1.15 means softmcu's wrapper costs at most 15% more per packet.

#include <srtp2/srtp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/suites.h"
#include "core/byte_io.h"
#include "core/check.h"
#include "transport/srtp/srtp_session.h"

namespace softmcu::bench {
namespace {

constexpr size_t kPayloadSize = 1200;
constexpr size_t kRtpHeaderSize = 12;
constexpr size_t kPlainSize = kRtpHeaderSize + kPayloadSize;
constexpr int kRounds = 10;
constexpr size_t kPacketsPerRound = 16384;  // at scale 1

using Direction = SrtpSession::Direction;

std::vector<uint8_t> BenchKey(CryptoSuite suite) {
  std::vector<uint8_t> key(MasterKeyAndSaltSize(suite));
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(0xa5 ^ (i * 29));
  return key;
}

std::unique_ptr<SrtpSession> MakeSession(Direction direction, CryptoSuite suite) {
  auto session = SrtpSession::Create(direction, suite, BenchKey(suite));
  SOFTMCU_CHECK(session.has_value());
  return std::move(*session);
}

// The raw path: the policy SrtpSession::Create builds, spelled out against libsrtp2.
// (srtp_init has run: a softmcu session is always created first.)
srtp_t MakeRawContext(Direction direction, CryptoSuite suite) {
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  if (suite == CryptoSuite::kAeadAes128Gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  }
  std::vector<uint8_t> key = BenchKey(suite);
  policy.key = key.data();
  policy.ssrc.type = direction == Direction::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  policy.window_size = SrtpSessionOptions::kDefaultReplayWindow;
  srtp_t ctx = nullptr;
  SOFTMCU_CHECK(srtp_create(&ctx, &policy) == srtp_err_status_ok);
  return ctx;
}

// An RTP packet, V=2 PT=96 SSRC 0x50f7ca11, stamped payload; the sequence number is set
// per iteration.
std::array<uint8_t, kPlainSize> PlainTemplate() {
  std::array<uint8_t, kPlainSize> p{};
  p[0] = 0x80;
  p[1] = 96;
  StoreBe32(&p[4], 0x00012345);
  StoreBe32(&p[8], 0x50f7ca11);
  for (size_t i = kRtpHeaderSize; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i * 7);
  return p;
}

// A packet buffer like PacketBuffer's: aligned, 2048 bytes.
struct alignas(64) Buffer {
  std::array<uint8_t, 2048> bytes;
};

double ProtectSoftmcu(CryptoSuite suite, size_t packets) {
  auto session = MakeSession(Direction::kOutbound, suite);
  const auto plain = PlainTemplate();
  Buffer buffer;
  const double start = ThreadCpuSeconds();
  for (size_t i = 0; i < packets; ++i) {
    std::memcpy(buffer.bytes.data(), plain.data(), plain.size());
    StoreBe16(&buffer.bytes[2], static_cast<uint16_t>(i));
    size_t len = plain.size();
    SOFTMCU_CHECK(session->ProtectRtp(buffer.bytes, &len) == SrtpStatus::kOk);
  }
  return static_cast<double>(packets) / (ThreadCpuSeconds() - start);
}

double ProtectRaw(CryptoSuite suite, size_t packets) {
  srtp_t ctx = MakeRawContext(Direction::kOutbound, suite);
  const auto plain = PlainTemplate();
  Buffer buffer;
  const double start = ThreadCpuSeconds();
  for (size_t i = 0; i < packets; ++i) {
    std::memcpy(buffer.bytes.data(), plain.data(), plain.size());
    StoreBe16(&buffer.bytes[2], static_cast<uint16_t>(i));
    int len = static_cast<int>(plain.size());
    SOFTMCU_CHECK(srtp_protect(ctx, buffer.bytes.data(), &len) == srtp_err_status_ok);
  }
  const double rate = static_cast<double>(packets) / (ThreadCpuSeconds() - start);
  srtp_dealloc(ctx);
  return rate;
}

// `packets` protected packets with sequence numbers 0, 1, ... (ROC increments past 65535).
struct ProtectedSet {
  size_t stride = 0;
  std::vector<size_t> sizes;
  std::vector<uint8_t> bytes;  // packet i at i * stride
};

ProtectedSet MakeProtectedSet(CryptoSuite suite, size_t packets) {
  ProtectedSet set;
  set.stride = kPlainSize + RtpAuthTagSize(suite);
  set.sizes.resize(packets);
  set.bytes.resize(packets * set.stride);
  auto session = MakeSession(Direction::kOutbound, suite);
  const auto plain = PlainTemplate();
  Buffer buffer;
  for (size_t i = 0; i < packets; ++i) {
    std::memcpy(buffer.bytes.data(), plain.data(), plain.size());
    StoreBe16(&buffer.bytes[2], static_cast<uint16_t>(i));
    size_t len = plain.size();
    SOFTMCU_CHECK(session->ProtectRtp(buffer.bytes, &len) == SrtpStatus::kOk && len == set.stride);
    std::memcpy(&set.bytes[i * set.stride], buffer.bytes.data(), len);
    set.sizes[i] = len;
  }
  return set;
}

double UnprotectSoftmcu(CryptoSuite suite, const ProtectedSet& set) {
  auto session = MakeSession(Direction::kInbound, suite);
  Buffer buffer;
  const double start = ThreadCpuSeconds();
  for (size_t i = 0; i < set.sizes.size(); ++i) {
    std::memcpy(buffer.bytes.data(), &set.bytes[i * set.stride], set.sizes[i]);
    size_t len = set.sizes[i];
    SOFTMCU_CHECK(session->UnprotectRtp(buffer.bytes, &len) == SrtpStatus::kOk);
  }
  return static_cast<double>(set.sizes.size()) / (ThreadCpuSeconds() - start);
}

double UnprotectRaw(CryptoSuite suite, const ProtectedSet& set) {
  srtp_t ctx = MakeRawContext(Direction::kInbound, suite);
  Buffer buffer;
  const double start = ThreadCpuSeconds();
  for (size_t i = 0; i < set.sizes.size(); ++i) {
    std::memcpy(buffer.bytes.data(), &set.bytes[i * set.stride], set.sizes[i]);
    int len = static_cast<int>(set.sizes[i]);
    SOFTMCU_CHECK(srtp_unprotect(ctx, buffer.bytes.data(), &len) == srtp_err_status_ok);
  }
  const double rate = static_cast<double>(set.sizes.size()) / (ThreadCpuSeconds() - start);
  srtp_dealloc(ctx);
  return rate;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs one warm-up of each path, then kRounds rounds in alternating order; reports the
// medians and their cost ratio.
template <typename Softmcu, typename Raw>
void Race(const std::string& name, Softmcu softmcu, Raw raw, BenchReport& report) {
  softmcu();
  raw();
  std::vector<double> softmcu_rates;
  std::vector<double> raw_rates;
  for (int round = 0; round < kRounds; ++round) {
    if (round % 2 == 0) {
      softmcu_rates.push_back(softmcu());
      raw_rates.push_back(raw());
    } else {
      raw_rates.push_back(raw());
      softmcu_rates.push_back(softmcu());
    }
  }
  const double softmcu_rate = Median(softmcu_rates);
  const double raw_rate = Median(raw_rates);
  report.AddRatio(name, softmcu_rate, raw_rate, raw_rate / softmcu_rate, "packets/s");
}

}  // namespace

void RunSrtpBench(const SuiteOptions& options, BenchReport& report) {
  const size_t packets = std::max<size_t>(1024, static_cast<size_t>(kPacketsPerRound * options.scale));
  for (CryptoSuite suite : {CryptoSuite::kAesCm128HmacSha1_80, CryptoSuite::kAeadAes128Gcm}) {
    const std::string suffix = std::string(ToString(suite)) + " " + std::to_string(kPayloadSize) + "B";
    Race(
        "srtp protect " + suffix, [&] { return ProtectSoftmcu(suite, packets); },
        [&] { return ProtectRaw(suite, packets); }, report);
    const ProtectedSet set = MakeProtectedSet(suite, packets);
    Race(
        "srtp unprotect " + suffix, [&] { return UnprotectSoftmcu(suite, set); },
        [&] { return UnprotectRaw(suite, set); }, report);
  }
}

}  // namespace softmcu::bench
