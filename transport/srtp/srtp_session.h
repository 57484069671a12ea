#pragma once
// SRTP/SRTCP (RFC 3711, RFC 7714) for one direction of one transport, on libsrtp2.
//
// An SrtpSession is one libsrtp2 context with a single wildcard-SSRC policy: an outbound
// session protects every SSRC we send (ssrc_any_outbound), an inbound session unprotects
// every SSRC the peer sends (ssrc_any_inbound). A transport owns two, one per direction,
// keyed with the two halves of its keying material (SDES: ours and the peer's a=crypto;
// DTLS-SRTP: the client and server write keys). A session never works in both directions:
// calling Unprotect* on an outbound session (or the reverse) is a programmer error, checked.
//
// Packets are processed in place in a caller buffer: `storage` is the whole buffer,
// `*len` the packet's length in it, updated on success. Protect appends at most
// kMaxProtectOverhead bytes; a caller using PacketBuffer (kCapacity 2048) with
// MTU-sized datagrams always has that room. The buffer should be 4-byte aligned
// (libsrtp2 reads header words directly; PacketBuffer storage is).
//
// Protecting the same packet twice (same SSRC and sequence number) is refused by libsrtp2
// as a replay (kReplayed); retransmissions go out as RTX (RFC 4588), new packets.
// Unprotect keeps a replay window per SSRC (RFC 3711 §3.3.2); its size is configurable
// because video bursts reorder more than audio.
//
// Failures are returned, never thrown, and counted in stats() (plain integers: the owning
// transport reads them on its own thread and feeds its metrics). No allocation per packet;
// libsrtp2 allocates a stream the first time it sees an SSRC.
//
// Threading: a session belongs to one thread (its transport's event loop). Creating
// sessions on several threads at once is safe (libsrtp2 is initialised once per process).
// Key material is copied into libsrtp2, wiped from our copies, and never logged.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "core/result.h"
#include "transport/srtp/crypto_suite.h"

struct srtp_ctx_t_;

namespace softmcu {

enum class SrtpStatus {
  kOk,
  kAuthFailed,      // tag mismatch: tampered, wrong key, or not SRTP at all
  kReplayed,        // already seen (unprotect) or already sent (protect), or too old
  kTooShort,        // shorter than its header (+ tag and SRTCP index when unprotecting)
  kBufferTooSmall,  // protect: storage lacks kMaxProtectOverhead bytes of tail room
  kOther,           // anything else libsrtp2 reports (bad parameter, cipher failure)
};

const char* ToString(SrtpStatus status);

struct SrtpSessionOptions {
  // Packets of the unprotect replay window (RFC 3711 §3.3.2); libsrtp2 accepts 64..32767.
  // 128 is libsrtp2's default; 1024 suits video that arrives reordered across bursts.
  static constexpr uint32_t kDefaultReplayWindow = 128;
  uint32_t replay_window = kDefaultReplayWindow;
};

class SrtpSession {
 public:
  enum class Direction { kInbound, kOutbound };

  // libsrtp2's SRTP_MAX_TRAILER_LEN: tag plus room for an MKI, the tail room it documents
  // protect may write. Ours writes at most 16 (tag) + 4 (SRTCP index).
  static constexpr size_t kMaxProtectOverhead = 144;

  // Failure counts since creation, per kind; `*_ok` count packets processed.
  struct Stats {
    uint64_t rtp_ok = 0;
    uint64_t rtcp_ok = 0;
    uint64_t auth_failed = 0;
    uint64_t replayed = 0;
    uint64_t too_short = 0;
    uint64_t buffer_too_small = 0;
    uint64_t other = 0;
  };

  // `master_key_and_salt` is the master key followed by the master salt,
  // MasterKeyAndSaltSize(suite) bytes (SdesKey::key_and_salt() has this layout).
  static Result<std::unique_ptr<SrtpSession>> Create(Direction direction, CryptoSuite suite,
                                                     std::span<const uint8_t> master_key_and_salt,
                                                     const SrtpSessionOptions& options = {});
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // Outbound only. RTP → SRTP: encrypts the payload and appends the tag.
  SrtpStatus ProtectRtp(std::span<uint8_t> storage, size_t* len);
  // Outbound only. RTCP → SRTCP: encrypts after the first 8 bytes, appends E|index and tag.
  SrtpStatus ProtectRtcp(std::span<uint8_t> storage, size_t* len);
  // Inbound only. SRTP → RTP: checks tag and replay, decrypts, strips the tag.
  SrtpStatus UnprotectRtp(std::span<uint8_t> storage, size_t* len);
  // Inbound only. SRTCP → RTCP.
  SrtpStatus UnprotectRtcp(std::span<uint8_t> storage, size_t* len);

  Direction direction() const { return direction_; }
  CryptoSuite suite() const { return suite_; }
  const Stats& stats() const { return stats_; }

 private:
  enum class PacketKind { kRtp, kRtcp };
  SrtpSession(Direction direction, CryptoSuite suite, srtp_ctx_t_* ctx)
      : direction_(direction), suite_(suite), ctx_(ctx) {}
  SrtpStatus Process(Direction direction, PacketKind kind, std::span<uint8_t> storage, size_t* len);
  SrtpStatus Count(SrtpStatus status, PacketKind kind);

  const Direction direction_;
  const CryptoSuite suite_;
  srtp_ctx_t_* const ctx_;  // owned; srtp_dealloc'd by the destructor
  Stats stats_;
};

}  // namespace softmcu
