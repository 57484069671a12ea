// Fuzzes the RTCP packet layer (transport/rtcp/): walks the input as a compound, parses
// every known packet type, re-serializes what parsed, and checks that the bytes walk and
// parse back to an equal value. Every packet that parsed is also appended to a compound
// through RtcpCompoundBuilder, which must walk back packet for packet.
// Seeds: tests/fuzz/corpus/rtcp/ (one per packet type plus a compound).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/byte_io.h"
#include "transport/rtcp/bye.h"
#include "transport/rtcp/compound_builder.h"
#include "transport/rtcp/compound_view.h"
#include "transport/rtcp/fir.h"
#include "transport/rtcp/nack.h"
#include "transport/rtcp/pli.h"
#include "transport/rtcp/receiver_report.h"
#include "transport/rtcp/remb.h"
#include "transport/rtcp/sdes.h"
#include "transport/rtcp/sender_report.h"
#include "transport/rtcp/tmmbn.h"
#include "transport/rtcp/tmmbr.h"

namespace softmcu::rtcp {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Parses `view` as a P; if that works, serializes, walks and re-parses it and checks the
// value survived. Appends the packet to `builder` when there is room.
template <typename P>
void RoundTrip(const RtcpPacketView& view, RtcpCompoundBuilder& builder, size_t& added) {
  auto parsed = P::Parse(view.header, view.body);
  if (!parsed) return;

  std::vector<uint8_t> bytes(parsed->BlockLength());
  ByteWriter writer(bytes);
  Check(parsed->Serialize(writer) == bytes.size());
  Check(bytes.size() % 4 == 0);

  RtcpCompoundView again(bytes);
  auto packet = again.Next();
  Check(packet.has_value());
  Check(packet->kind == view.kind);
  Check(!again.Next().has_value() && !again.error().has_value());
  auto reparsed = P::Parse(packet->header, packet->body);
  Check(reparsed.has_value());
  Check(*reparsed == *parsed);

  // Too small a buffer must be refused, never overrun.
  std::vector<uint8_t> small(bytes.size() - 1);
  ByteWriter small_writer(small);
  Check(parsed->Serialize(small_writer) == 0);

  if (builder.Add(*parsed)) ++added;
}

}  // namespace
}  // namespace softmcu::rtcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu::rtcp;
  std::array<uint8_t, kMaxCompoundSize> out;
  RtcpCompoundBuilder builder(out);
  size_t added = 0;

  RtcpCompoundView compound(std::span<const uint8_t>(data, size));
  while (auto packet = compound.Next()) {
    Check(packet->body.data() >= data && packet->body.data() + packet->body.size() <= data + size);
    switch (packet->kind) {
      case PacketKind::kSenderReport:
        RoundTrip<SenderReport>(*packet, builder, added);
        break;
      case PacketKind::kReceiverReport:
        RoundTrip<ReceiverReport>(*packet, builder, added);
        break;
      case PacketKind::kSdes:
        RoundTrip<Sdes>(*packet, builder, added);
        break;
      case PacketKind::kBye:
        RoundTrip<Bye>(*packet, builder, added);
        break;
      case PacketKind::kNack:
        RoundTrip<Nack>(*packet, builder, added);
        break;
      case PacketKind::kTmmbr:
        RoundTrip<Tmmbr>(*packet, builder, added);
        break;
      case PacketKind::kTmmbn:
        RoundTrip<Tmmbn>(*packet, builder, added);
        break;
      case PacketKind::kPli:
        RoundTrip<Pli>(*packet, builder, added);
        break;
      case PacketKind::kFir:
        RoundTrip<Fir>(*packet, builder, added);
        break;
      case PacketKind::kRemb:
        RoundTrip<Remb>(*packet, builder, added);
        break;
      case PacketKind::kUnknown:
        break;
    }
  }

  // What the builder made is a well-formed compound of exactly the packets it accepted.
  RtcpCompoundView rebuilt(builder.data());
  size_t walked = 0;
  while (rebuilt.Next()) ++walked;
  Check(!rebuilt.error().has_value());
  Check(walked == added);
  return 0;
}
