#pragma once
// The visual stamp every synthetic endpoint's picture carries: which endpoint sent it, the
// frame's sequence number and the rendition, as 40 black/white cells in two rows of 20
// across the top of the picture (StampGeometry places them, StampSliceWriter draws them,
// CompositeReader reads them back out of an MCU's composite).
//
// Cell i (row-major: i = row * 20 + column) carries bit i of the code:
//
//   row 0:  S1 | d0 .. d17 | S0        S1 = white, S0 = black: the four corners are sync
//   row 1:  S0 | d18 .. d35 | S1       cells, so a tile read at the wrong place, an
//                                      all-black slate or an all-white picture never decodes
//   d0..d11  endpoint id (12 bits)     d12..d25 sequence (14 bits, wraps after 9 min at 30 fps)
//   d26..d27 rendition index           d28..d35 CRC-8 (poly 0x07) over d0..d27
//
// A mis-read cell is caught, not silently wrong: a reader that cannot classify a cell
// returns nothing, and one that classifies a cell wrongly fails the CRC (any 1-2 bit error,
// and 255 of 256 others). Pure functions; any thread.

#include <cstdint>
#include <optional>

namespace softmcu::loadgen {

struct VideoStamp {
  uint32_t endpoint_id = 0;  // < kMaxEndpoints
  uint32_t sequence = 0;     // frame counter modulo kSequenceModulus
  uint32_t rendition = 0;    // < kMaxRenditions

  friend bool operator==(const VideoStamp&, const VideoStamp&) = default;
};

class StampCode {
 public:
  static constexpr int kColumns = 20;
  static constexpr int kRows = 2;
  static constexpr int kCells = kColumns * kRows;
  static constexpr uint32_t kMaxEndpoints = 1u << 12;
  static constexpr uint32_t kSequenceModulus = 1u << 14;
  static constexpr uint32_t kMaxRenditions = 1u << 2;

  // Cells of the stamp, bit i = cell i (1 = white). Fields are taken modulo their ranges.
  static uint64_t Encode(const VideoStamp& stamp);
  // nullopt when the sync cells or the CRC do not match.
  static std::optional<VideoStamp> Decode(uint64_t cells);

  // The sync cells: (index, value) at the four corners.
  static constexpr int kSyncCells[4] = {0, kColumns - 1, kColumns, kCells - 1};
  static constexpr bool kSyncValues[4] = {true, false, false, true};

  static uint8_t Crc8(uint32_t data, int bits);
};

}  // namespace softmcu::loadgen
