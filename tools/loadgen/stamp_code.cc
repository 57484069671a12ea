#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {
namespace {

constexpr int kIdBits = 12;
constexpr int kSequenceBits = 14;
constexpr int kRenditionBits = 2;
constexpr int kPayloadBits = kIdBits + kSequenceBits + kRenditionBits;  // 28
constexpr int kCrcBits = 8;
static_assert(kPayloadBits + kCrcBits + 4 == StampCode::kCells);

// Data cell k's position among the 40: every cell that is not a sync cell, in order.
constexpr int DataCell(int k) {
  // Row 0 holds d0..d17 in cells 1..18, row 1 holds d18..d35 in cells 21..38.
  return k < 18 ? k + 1 : k - 18 + StampCode::kColumns + 1;
}

}  // namespace

// CRC-8/SMBUS polynomial x^8 + x^2 + x + 1 over `bits` bits, MSB first; initial value 0xA5
// so that an all-zero payload does not give an all-zero CRC.
uint8_t StampCode::Crc8(uint32_t data, int bits) {
  uint8_t crc = 0xA5;
  for (int i = bits - 1; i >= 0; --i) {
    const bool in = ((data >> i) & 1u) != 0;
    const bool top = (crc & 0x80) != 0;
    crc = static_cast<uint8_t>(crc << 1);
    if (in != top) crc ^= 0x07;
  }
  return crc;
}

uint64_t StampCode::Encode(const VideoStamp& stamp) {
  const uint32_t payload = (stamp.endpoint_id % kMaxEndpoints) |
                           ((stamp.sequence % kSequenceModulus) << kIdBits) |
                           ((stamp.rendition % kMaxRenditions) << (kIdBits + kSequenceBits));
  const uint64_t data = uint64_t{payload} | (uint64_t{Crc8(payload, kPayloadBits)} << kPayloadBits);
  uint64_t cells = 0;
  for (int k = 0; k < kPayloadBits + kCrcBits; ++k) {
    if ((data >> k) & 1u) cells |= uint64_t{1} << DataCell(k);
  }
  for (int s = 0; s < 4; ++s) {
    if (kSyncValues[s]) cells |= uint64_t{1} << kSyncCells[s];
  }
  return cells;
}

std::optional<VideoStamp> StampCode::Decode(uint64_t cells) {
  for (int s = 0; s < 4; ++s) {
    if ((((cells >> kSyncCells[s]) & 1u) != 0) != kSyncValues[s]) return std::nullopt;
  }
  uint64_t data = 0;
  for (int k = 0; k < kPayloadBits + kCrcBits; ++k) {
    if ((cells >> DataCell(k)) & 1u) data |= uint64_t{1} << k;
  }
  const auto payload = static_cast<uint32_t>(data & ((uint64_t{1} << kPayloadBits) - 1));
  const auto crc = static_cast<uint8_t>(data >> kPayloadBits);
  if (crc != Crc8(payload, kPayloadBits)) return std::nullopt;
  return VideoStamp{.endpoint_id = payload & (kMaxEndpoints - 1),
                    .sequence = (payload >> kIdBits) & (kSequenceModulus - 1),
                    .rendition = payload >> (kIdBits + kSequenceBits)};
}

}  // namespace softmcu::loadgen
