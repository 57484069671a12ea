#pragma once
// Every bound the SIP message parser enforces, in one place (signaling/sip/README.md
// explains the choices). SIP text comes from the network: a peer must not be able to make
// us buffer, scan or allocate without limit, in particular a TCP peer sending header lines
// forever (StreamFramer cuts it at kMaxHeadSize).

#include <cstddef>
#include <cstdint>

namespace softmcu::sip {

struct SipLimits {
  // Whole message: start line, headers and body. RFC 3261 §18.1.1 keeps UDP messages
  // under the path MTU; 64 KiB is the largest UDP datagram and plenty for SDP offers.
  static constexpr size_t kMaxMessageSize = 64 * 1024;
  // Start line plus header section (everything before the body).
  static constexpr size_t kMaxHeadSize = 32 * 1024;
  // One body (Content-Length). An SDP offer with video is 2-4 KiB.
  static constexpr size_t kMaxBodySize = 32 * 1024;
  // Header fields (a folded field counts once).
  static constexpr size_t kMaxHeaders = 100;
  // One physical or logical (unfolded) line, start line included.
  static constexpr size_t kMaxLineLength = 8 * 1024;
  // Request-URI; longer ones are answered 414 (RFC 3261 §21.4.12).
  static constexpr size_t kMaxRequestUriLength = 4 * 1024;
  // Values of one comma-separated header (Via, Contact, Route...), and parameters of one value.
  static constexpr size_t kMaxListElements = 64;
  static constexpr size_t kMaxParams = 32;
  // URI headers (?a=b&c=d) of one SIP URI.
  static constexpr size_t kMaxUriHeaders = 16;
  // CSeq numbers are below 2**31 (RFC 3261 §8.1.1.5).
  static constexpr uint32_t kMaxCSeq = 0x7fffffff;
  // delta-seconds fit 32 bits (RFC 3261 §25.1 and §20.19).
  static constexpr uint64_t kMaxDeltaSeconds = 0xffffffffu;
};

}  // namespace softmcu::sip
