#pragma once
// H.264 NAL unit header helpers and the Annex B byte-stream scanner.
//
// NAL unit header (H.264 §7.3.1, RFC 6184 §1.3):
//   +---------------+
//   |0|1|2|3|4|5|6|7|
//   +-+-+-+-+-+-+-+-+
//   |F|NRI|  Type   |
//   +---------------+
// F: forbidden_zero_bit (RFC 6184 §5.3: 1 may flag a syntax violation), NRI: nal_ref_idc,
// Type: nal_unit_type. RFC 6184 reuses types 24–29 for its packet structures (§5.2 Table 1).
//
// Annex B (H.264 Annex B.1): NAL units each preceded by a start code 00 00 01, optionally
// with a leading zero byte (00 00 00 01). Emulation prevention (§7.4.1) guarantees that no
// start code appears inside a NAL unit, so a scan for 00 00 01 finds every boundary. Zero
// bytes before a start code are trailing_zero_8bits of the stream, not NAL unit data: a NAL
// unit never ends in 0x00 (its RBSP ends with a stop bit, or cabac_zero_words 00 00 03).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu {

enum class H264NaluType : uint8_t {
  kUnspecified = 0,
  kSlice = 1,  // coded slice of a non-IDR picture
  kSliceDataPartitionA = 2,
  kSliceDataPartitionB = 3,
  kSliceDataPartitionC = 4,
  kIdr = 5,  // coded slice of an IDR picture
  kSei = 6,
  kSps = 7,
  kPps = 8,
  kAud = 9,  // access unit delimiter
  kEndOfSequence = 10,
  kEndOfStream = 11,
  kFillerData = 12,
  kSpsExtension = 13,
  kPrefix = 14,
  kSubsetSps = 15,
  kSliceExtension = 20,
  // RFC 6184 §5.2 Table 1: packet types sharing the type field.
  kStapA = 24,
  kStapB = 25,
  kMtap16 = 26,
  kMtap24 = 27,
  kFuA = 28,
  kFuB = 29,
  kReserved30 = 30,
  kReserved31 = 31,
};

inline constexpr size_t kH264NaluHeaderSize = 1;
inline constexpr uint8_t kH264NaluTypeMask = 0x1f;
inline constexpr uint8_t kH264NriMask = 0x60;
inline constexpr uint8_t kH264ForbiddenBit = 0x80;

inline H264NaluType H264NaluTypeOf(uint8_t header) {
  return H264NaluType(header & kH264NaluTypeMask);
}
inline uint8_t H264NalRefIdc(uint8_t header) {
  return uint8_t((header & kH264NriMask) >> 5);
}
inline bool H264ForbiddenBitSet(uint8_t header) {
  return (header & kH264ForbiddenBit) != 0;
}

// Types 1–23: an H.264 NAL unit that may travel as-is (RFC 6184 §5.6 single NAL unit packet).
inline bool IsH264SingleNaluType(H264NaluType type) {
  return uint8_t(type) >= 1 && uint8_t(type) <= 23;
}
// Slices (VCL NAL units, §7.4.1.2.2) that carry first_mb_in_slice at the start of their header.
inline bool IsH264SliceType(H264NaluType type) {
  return type == H264NaluType::kSlice || type == H264NaluType::kSliceDataPartitionA ||
         type == H264NaluType::kIdr;
}

const char* ToString(H264NaluType type);

// Yields the NAL units of an Annex B byte stream, without their start codes or trailing zero
// bytes. Bytes before the first start code are skipped; empty NAL units (two start codes in a
// row) are skipped too. The spans point into the input, which must outlive them.
//
//   H264AnnexBScanner scanner(stream);
//   while (auto nalu = scanner.Next()) Use(*nalu);
class H264AnnexBScanner {
 public:
  explicit H264AnnexBScanner(std::span<const uint8_t> stream);

  std::optional<std::span<const uint8_t>> Next();

  // Number of NAL units in `stream`, for sizing a plan before packetizing.
  static size_t Count(std::span<const uint8_t> stream);

 private:
  static constexpr size_t kNotFound = SIZE_MAX;

  // Offset just past the next 00 00 01 at or after `from`, or kNotFound.
  size_t FindNextStart(size_t from) const;

  std::span<const uint8_t> stream_;
  size_t pos_ = 0;  // just past a start code, or kNotFound when done
};

}  // namespace softmcu
