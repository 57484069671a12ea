#include "transport/srtp/srtp_session.h"

#include <srtp2/srtp.h>
#include <string.h>  // explicit_bzero

#include <array>
#include <climits>
#include <cstring>
#include <mutex>
#include <string>

#include "core/byte_io.h"
#include "core/check.h"

namespace softmcu {
namespace {

static_assert(SrtpSession::kMaxProtectOverhead == SRTP_MAX_TRAILER_LEN);

constexpr size_t kRtpFixedHeaderSize = 12;  // RFC 3550 §5.1
constexpr size_t kRtcpHeaderSize = 8;       // RFC 3711 §3.4: the first 8 bytes stay clear
constexpr size_t kSrtcpIndexSize = 4;       // E flag + 31-bit SRTCP index
// libsrtp2 refuses an absurd replay window; it accepts [64, 0x8000).
constexpr uint32_t kMinReplayWindow = 64;
constexpr uint32_t kMaxReplayWindow = 0x7fff;

// srtp_init() registers the crypto kernel's ciphers (and initialises NSS); it must run
// once per process, before any other call, and is not itself thread-safe.
srtp_err_status_t InitLibSrtpOnce() {
  static std::once_flag once;
  static srtp_err_status_t status = srtp_err_status_fail;
  std::call_once(once, [] { status = srtp_init(); });
  return status;
}

// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1):
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//   |                           timestamp                           |
//   |           synchronization source (SSRC) identifier            |
//   |            contributing source (CSRC) identifiers  (CC words) |
//   |      defined by profile       |           length              |  if X
//   |                        header extension (length words)        |
// 0 when the packet is too short to hold it.
size_t RtpHeaderSize(std::span<const uint8_t> packet) {
  if (packet.size() < kRtpFixedHeaderSize) return 0;
  size_t size = kRtpFixedHeaderSize + 4 * size_t{packet[0] & 0x0fu};
  if ((packet[0] & 0x10u) != 0) {
    if (packet.size() < size + 4) return 0;
    size += 4 + 4 * size_t{LoadBe16(packet.data() + size + 2)};
  }
  return packet.size() >= size ? size : 0;
}

SrtpStatus FromLibSrtp(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_ok:
      return SrtpStatus::kOk;
    case srtp_err_status_auth_fail:
    // SRTCP whose E flag says "not encrypted" on a session that encrypts: refused before
    // the tag is even checked, and as untrustworthy as a bad tag.
    case srtp_err_status_cant_check:
      return SrtpStatus::kAuthFailed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
    case srtp_err_status_pkt_idx_old:
      return SrtpStatus::kReplayed;
    default:
      return SrtpStatus::kOther;
  }
}

}  // namespace

const char* ToString(SrtpStatus status) {
  switch (status) {
    case SrtpStatus::kOk:
      return "ok";
    case SrtpStatus::kAuthFailed:
      return "authentication failed";
    case SrtpStatus::kReplayed:
      return "replayed";
    case SrtpStatus::kTooShort:
      return "too short";
    case SrtpStatus::kBufferTooSmall:
      return "buffer too small";
    case SrtpStatus::kOther:
      return "srtp error";
  }
  return "unknown";
}

Result<std::unique_ptr<SrtpSession>> SrtpSession::Create(Direction direction, CryptoSuite suite,
                                                         std::span<const uint8_t> master_key_and_salt,
                                                         const SrtpSessionOptions& options) {
  if (srtp_err_status_t s = InitLibSrtpOnce(); s != srtp_err_status_ok) {
    return MakeError(ErrorCode::kUnavailable,
                     "libsrtp2 initialisation failed (status " + std::to_string(s) + ")");
  }
  if (master_key_and_salt.size() != MasterKeyAndSaltSize(suite)) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto key is " +
                                                      std::to_string(master_key_and_salt.size()) +
                                                      " bytes, " + std::string(ToString(suite)) + " needs " +
                                                      std::to_string(MasterKeyAndSaltSize(suite)));
  }
  if (options.replay_window < kMinReplayWindow || options.replay_window > kMaxReplayWindow) {
    return MakeError(ErrorCode::kOutOfRange, "SRTP replay window " + std::to_string(options.replay_window) +
                                                 " is outside 64..32767 packets");
  }

  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  switch (suite) {
    case CryptoSuite::kAesCm128HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case CryptoSuite::kAesCm128HmacSha1_32:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
      // RFC 4568 §6.2.2 / RFC 5764 §4.1.2: SRTCP keeps the 80-bit tag.
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case CryptoSuite::kAeadAes128Gcm:
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
  }
  policy.ssrc.type = direction == Direction::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  policy.window_size = options.replay_window;
  policy.allow_repeat_tx = 0;  // never send two different ciphertexts under one index
  // libsrtp2 reads the key through a non-const pointer and derives the session keys
  // inside srtp_create; our copy is wiped straight after.
  std::array<uint8_t, SRTP_MAX_KEY_LEN> key{};
  std::memcpy(key.data(), master_key_and_salt.data(), master_key_and_salt.size());
  policy.key = key.data();
  policy.next = nullptr;

  srtp_t ctx = nullptr;
  srtp_err_status_t status = srtp_create(&ctx, &policy);
  explicit_bzero(key.data(), key.size());
  if (status != srtp_err_status_ok) {
    return MakeError(ErrorCode::kInternal, "srtp_create failed for " + std::string(ToString(suite)) +
                                               " (status " + std::to_string(status) + ")");
  }
  return std::unique_ptr<SrtpSession>(new SrtpSession(direction, suite, ctx));
}

SrtpSession::~SrtpSession() {
  srtp_dealloc(ctx_);
}

SrtpStatus SrtpSession::ProtectRtp(std::span<uint8_t> storage, size_t* len) {
  return Process(Direction::kOutbound, PacketKind::kRtp, storage, len);
}
SrtpStatus SrtpSession::ProtectRtcp(std::span<uint8_t> storage, size_t* len) {
  return Process(Direction::kOutbound, PacketKind::kRtcp, storage, len);
}
SrtpStatus SrtpSession::UnprotectRtp(std::span<uint8_t> storage, size_t* len) {
  return Process(Direction::kInbound, PacketKind::kRtp, storage, len);
}
SrtpStatus SrtpSession::UnprotectRtcp(std::span<uint8_t> storage, size_t* len) {
  return Process(Direction::kInbound, PacketKind::kRtcp, storage, len);
}

SrtpStatus SrtpSession::Process(Direction direction, PacketKind kind, std::span<uint8_t> storage,
                                size_t* len) {
  // A session is keyed for one direction; using it for the other would reuse keystream.
  SOFTMCU_CHECK(direction == direction_);
  SOFTMCU_CHECK(len != nullptr && *len <= storage.size());
  const bool rtp = kind == PacketKind::kRtp;
  std::span<const uint8_t> packet = storage.first(*len);

  // libsrtp2 checks lengths too, but reports them as a generic bad parameter; checking
  // first gives each drop its own counter.
  size_t minimum = 0;
  if (rtp) {
    size_t header = RtpHeaderSize(packet);
    if (header == 0) return Count(SrtpStatus::kTooShort, kind);
    minimum = header + (direction == Direction::kInbound ? RtpAuthTagSize(suite_) : 0);
  } else {
    minimum =
        kRtcpHeaderSize + (direction == Direction::kInbound ? kSrtcpIndexSize + RtcpAuthTagSize(suite_) : 0);
  }
  if (*len < minimum) return Count(SrtpStatus::kTooShort, kind);
  if (*len > INT_MAX - kMaxProtectOverhead) return Count(SrtpStatus::kOther, kind);
  if (direction == Direction::kOutbound && storage.size() - *len < kMaxProtectOverhead) {
    return Count(SrtpStatus::kBufferTooSmall, kind);
  }

  int n = static_cast<int>(*len);
  void* data = storage.data();
  srtp_err_status_t status;
  if (direction == Direction::kOutbound) {
    status = rtp ? srtp_protect(ctx_, data, &n) : srtp_protect_rtcp(ctx_, data, &n);
  } else {
    status = rtp ? srtp_unprotect(ctx_, data, &n) : srtp_unprotect_rtcp(ctx_, data, &n);
  }
  if (status == srtp_err_status_ok) *len = static_cast<size_t>(n);
  return Count(FromLibSrtp(status), kind);
}

SrtpStatus SrtpSession::Count(SrtpStatus status, PacketKind kind) {
  switch (status) {
    case SrtpStatus::kOk:
      ++(kind == PacketKind::kRtp ? stats_.rtp_ok : stats_.rtcp_ok);
      break;
    case SrtpStatus::kAuthFailed:
      ++stats_.auth_failed;
      break;
    case SrtpStatus::kReplayed:
      ++stats_.replayed;
      break;
    case SrtpStatus::kTooShort:
      ++stats_.too_short;
      break;
    case SrtpStatus::kBufferTooSmall:
      ++stats_.buffer_too_small;
      break;
    case SrtpStatus::kOther:
      ++stats_.other;
      break;
  }
  return status;
}

}  // namespace softmcu
