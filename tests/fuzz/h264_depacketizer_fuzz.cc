// Fuzzes the H.264 RTP depacketizer (RFC 6184) and the parameter-set parsers.
//
// Input: a sequence of records, each
//   length (2 bytes, big-endian) | flags (1 byte) | payload (length bytes, cut at the end)
// flags: bit 0 marker, bit 1 skip one sequence number first (a lost packet), bit 2 advance
// the RTP timestamp first (a new frame), bit 3 reuse the previous sequence number (a
// duplicate). Sequence numbers start near the wrap.
// The raw input also goes to the SPS/PPS parsers, the slice-header reader, the sprop
// parser and the Annex B packetizer.
//
// Invariants: no crash, every access unit within the configured bound and in Annex B form,
// and the counters consistent.

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "core/byte_io.h"
#include "media/h264/h264_depacketizer.h"
#include "media/h264/h264_packetizer.h"
#include "media/h264/h264_parameter_sets.h"

namespace {

constexpr size_t kMaxAccessUnit = size_t{64} * 1024;

class CheckingListener : public softmcu::H264Depacketizer::Listener {
 public:
  void OnH264DepacketizerAccessUnit(const softmcu::H264Depacketizer::AccessUnit& au) override {
    if (au.annex_b.size() < 5 || au.annex_b.size() > kMaxAccessUnit) __builtin_trap();
    static constexpr uint8_t kStartCode[] = {0, 0, 0, 1};
    if (std::memcmp(au.annex_b.data(), kStartCode, 4) != 0) __builtin_trap();
    ++delivered;
  }
  int64_t delivered = 0;
};

void FuzzParameterSets(std::span<const uint8_t> data) {
  using namespace softmcu;
  H264Sps::Parse(data);
  H264Pps::Parse(data);
  H264ParameterSets::SlicePpsId(data);
  H264ParameterSets sets;
  sets.Add(data);
  sets.AddSpropParameterSets(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
  if (const H264Sps* sps = sets.latest_sps()) {
    if (sps->width == 0 || sps->height == 0 || sps->width > sps->coded_width) __builtin_trap();
  }
}

void FuzzPacketizer(std::span<const uint8_t> data) {
  using namespace softmcu;
  H264Packetizer packetizer({.max_payload_size = 100});
  if (!packetizer.SetAccessUnit(data, 0)) return;
  std::vector<uint8_t> buffer(100);
  while (auto payload = packetizer.NextPayload(buffer)) {
    if (payload->size > 100 || payload->size == 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu;
  const std::span<const uint8_t> input(data, size);
  FuzzParameterSets(input);
  FuzzPacketizer(input);

  CheckingListener listener;
  H264Depacketizer depacketizer({.max_access_unit_size = kMaxAccessUnit, .initial_capacity = 4096}, listener);
  uint16_t seq = 65500;
  uint32_t timestamp = 0;
  ByteReader reader(input);
  while (reader.remaining() >= 3) {
    const uint16_t length = *reader.U16();
    const uint8_t flags = *reader.U8();
    const auto payload = reader.Rest().first(std::min<size_t>(length, reader.remaining()));
    reader.Skip(payload.size());
    if (flags & 0x02) ++seq;
    if (flags & 0x04) timestamp += 3000;
    if (flags & 0x08) --seq;
    depacketizer.InsertPacket(seq++, timestamp, (flags & 0x01) != 0, payload);
  }
  const auto& stats = depacketizer.stats();
  if (stats.access_units != listener.delivered || stats.keyframes > stats.access_units) __builtin_trap();
  return 0;
}
