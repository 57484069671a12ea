// Arbitrary datagrams through SrtpSession: whatever arrives on the media port, Unprotect
// must return a status and never read or write out of bounds. Protect is fuzzed too,
// because an RTP header from a forwarded peer packet reaches it (a relayed SSRC, CSRCs and
// extensions copied from the network).
//
// Input: byte 0 picks the suite (bits 0-1) and the operation (bits 2-3):
//   0 unprotect RTP, 1 unprotect RTCP, 2 protect RTP then unprotect it (must round-trip),
//   3 protect RTCP then unprotect it. The rest is the packet. Round trips use fresh
// sessions (a reused sender would refuse a repeated sequence number); plain unprotect
// reuses one inbound session per suite, since creating one costs far more than a packet
// and only authentic packets (the seeds) ever touch its replay state.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "transport/srtp/srtp_session.h"

namespace {

using softmcu::CryptoSuite;
using softmcu::SrtpSession;
using softmcu::SrtpStatus;

// The fixed key of the seed corpus: byte i = 3i + 1 (30 bytes; GCM uses the first 28).
std::array<uint8_t, 30> FuzzKey() {
  std::array<uint8_t, 30> key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(3 * i + 1);
  return key;
}

std::unique_ptr<SrtpSession> MakeSession(SrtpSession::Direction direction, CryptoSuite suite) {
  auto key = FuzzKey();
  auto session = SrtpSession::Create(
      direction, suite, std::span<const uint8_t>(key).first(softmcu::MasterKeyAndSaltSize(suite)));
  if (!session) std::abort();
  return std::move(*session);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  constexpr CryptoSuite kSuites[] = {CryptoSuite::kAesCm128HmacSha1_80, CryptoSuite::kAesCm128HmacSha1_32,
                                     CryptoSuite::kAeadAes128Gcm, CryptoSuite::kAeadAes128Gcm};
  const CryptoSuite suite = kSuites[data[0] & 3];
  const int operation = (data[0] >> 2) & 3;
  const size_t len_in = std::min(size - 1, size_t{1500});

  // Heap storage of exactly packet + tail room, so ASan sees any overrun.
  const size_t capacity = len_in + SrtpSession::kMaxProtectOverhead;
  auto storage = std::make_unique<uint8_t[]>(capacity);
  std::memcpy(storage.get(), data + 1, len_in);
  std::span<uint8_t> buffer(storage.get(), capacity);
  size_t len = len_in;

  const bool rtp = (operation & 1) == 0;
  if (operation >= 2) {
    auto inbound = MakeSession(SrtpSession::Direction::kInbound, suite);
    auto outbound = MakeSession(SrtpSession::Direction::kOutbound, suite);
    SrtpStatus s = rtp ? outbound->ProtectRtp(buffer, &len) : outbound->ProtectRtcp(buffer, &len);
    if (s != SrtpStatus::kOk) return 0;
    s = rtp ? inbound->UnprotectRtp(buffer, &len) : inbound->UnprotectRtcp(buffer, &len);
    // What we protected we must accept, byte for byte.
    if (s != SrtpStatus::kOk || len != len_in || std::memcmp(storage.get(), data + 1, len_in) != 0)
      std::abort();
    return 0;
  }
  static std::unique_ptr<SrtpSession> shared_inbound[3];
  auto& inbound = shared_inbound[static_cast<int>(suite)];
  if (!inbound) inbound = MakeSession(SrtpSession::Direction::kInbound, suite);
  SrtpStatus s = rtp ? inbound->UnprotectRtp(buffer, &len) : inbound->UnprotectRtcp(buffer, &len);
  if (s == SrtpStatus::kOk && len > len_in) std::abort();
  return 0;
}
