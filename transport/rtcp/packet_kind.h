#pragma once
// Which typed parser an RTCP packet goes to, decided from PT, FMT and (for PSFB FMT 15)
// the unique identifier. Everything else — APP (204), XR (207), RTPFB/PSFB formats we do
// not implement, PSFB FMT 15 that is not REMB, PTs from other profiles — is kUnknown,
// which a receiver skips and counts.

#include <cstdint>
#include <span>

#include "transport/rtcp/common_header.h"

namespace softmcu::rtcp {

enum class PacketKind {
  kSenderReport,
  kReceiverReport,
  kSdes,
  kBye,
  kNack,
  kTmmbr,
  kTmmbn,
  kPli,
  kFir,
  kRemb,
  kUnknown,
};

// `body` is the packet after its common header, padding removed.
PacketKind ClassifyPacket(const CommonHeader& header, std::span<const uint8_t> body);

const char* ToString(PacketKind kind);

}  // namespace softmcu::rtcp
