#include "transport/rtcp/packet_kind.h"

#include <algorithm>

namespace softmcu::rtcp {
namespace {

// draft-alvestrand-rmcat-remb-03 §2.2: the FCI of an AFB message starts with "REMB",
// after the sender and media SSRCs (8 bytes).
bool HasRembIdentifier(std::span<const uint8_t> body) {
  static constexpr uint8_t kRemb[] = {'R', 'E', 'M', 'B'};
  return body.size() >= 12 && std::ranges::equal(body.subspan(8, 4), kRemb);
}

}  // namespace

PacketKind ClassifyPacket(const CommonHeader& header, std::span<const uint8_t> body) {
  const uint8_t fmt = header.count_or_format;
  switch (header.packet_type) {
    case kPtSenderReport:
      return PacketKind::kSenderReport;
    case kPtReceiverReport:
      return PacketKind::kReceiverReport;
    case kPtSdes:
      return PacketKind::kSdes;
    case kPtBye:
      return PacketKind::kBye;
    case kPtRtpFeedback:
      if (fmt == kFmtNack) return PacketKind::kNack;
      if (fmt == kFmtTmmbr) return PacketKind::kTmmbr;
      if (fmt == kFmtTmmbn) return PacketKind::kTmmbn;
      return PacketKind::kUnknown;
    case kPtPayloadFeedback:
      if (fmt == kFmtPli) return PacketKind::kPli;
      if (fmt == kFmtFir) return PacketKind::kFir;
      if (fmt == kFmtAfb && HasRembIdentifier(body)) return PacketKind::kRemb;
      return PacketKind::kUnknown;
    default:
      return PacketKind::kUnknown;
  }
}

const char* ToString(PacketKind kind) {
  switch (kind) {
    case PacketKind::kSenderReport:
      return "SR";
    case PacketKind::kReceiverReport:
      return "RR";
    case PacketKind::kSdes:
      return "SDES";
    case PacketKind::kBye:
      return "BYE";
    case PacketKind::kNack:
      return "NACK";
    case PacketKind::kTmmbr:
      return "TMMBR";
    case PacketKind::kTmmbn:
      return "TMMBN";
    case PacketKind::kPli:
      return "PLI";
    case PacketKind::kFir:
      return "FIR";
    case PacketKind::kRemb:
      return "REMB";
    case PacketKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace softmcu::rtcp
