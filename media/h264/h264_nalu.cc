#include "media/h264/h264_nalu.h"

namespace softmcu {

const char* ToString(H264NaluType type) {
  switch (type) {
    case H264NaluType::kUnspecified:
      return "unspecified";
    case H264NaluType::kSlice:
      return "slice";
    case H264NaluType::kSliceDataPartitionA:
      return "slice-data-partition-a";
    case H264NaluType::kSliceDataPartitionB:
      return "slice-data-partition-b";
    case H264NaluType::kSliceDataPartitionC:
      return "slice-data-partition-c";
    case H264NaluType::kIdr:
      return "idr";
    case H264NaluType::kSei:
      return "sei";
    case H264NaluType::kSps:
      return "sps";
    case H264NaluType::kPps:
      return "pps";
    case H264NaluType::kAud:
      return "aud";
    case H264NaluType::kEndOfSequence:
      return "end-of-sequence";
    case H264NaluType::kEndOfStream:
      return "end-of-stream";
    case H264NaluType::kFillerData:
      return "filler-data";
    case H264NaluType::kSpsExtension:
      return "sps-extension";
    case H264NaluType::kPrefix:
      return "prefix";
    case H264NaluType::kSubsetSps:
      return "subset-sps";
    case H264NaluType::kSliceExtension:
      return "slice-extension";
    case H264NaluType::kStapA:
      return "stap-a";
    case H264NaluType::kStapB:
      return "stap-b";
    case H264NaluType::kMtap16:
      return "mtap16";
    case H264NaluType::kMtap24:
      return "mtap24";
    case H264NaluType::kFuA:
      return "fu-a";
    case H264NaluType::kFuB:
      return "fu-b";
    case H264NaluType::kReserved30:
      return "reserved-30";
    case H264NaluType::kReserved31:
      return "reserved-31";
  }
  return "reserved";
}

H264AnnexBScanner::H264AnnexBScanner(std::span<const uint8_t> stream)
    : stream_(stream), pos_(FindNextStart(0)) {}

size_t H264AnnexBScanner::FindNextStart(size_t from) const {
  const size_t n = stream_.size();
  // Look at the third byte of a candidate 00 00 01 first: if it is neither 0 nor 1, no start
  // code ends at i, i + 1 or i + 2 (each would contain that byte), so skip three.
  size_t i = from + 2;
  while (i < n) {
    const uint8_t b = stream_[i];
    if (b == 0) {
      ++i;
      continue;
    }
    if (b == 1 && stream_[i - 1] == 0 && stream_[i - 2] == 0) return i + 1;
    i += 3;
  }
  return kNotFound;
}

std::optional<std::span<const uint8_t>> H264AnnexBScanner::Next() {
  while (pos_ != kNotFound) {
    const size_t begin = pos_;
    const size_t next = FindNextStart(begin);
    // The NAL unit ends before the next 00 00 01 and any zero bytes in front of it (the
    // leading zero of a 4-byte start code, trailing_zero_8bits).
    size_t end = next != kNotFound ? next - 3 : stream_.size();
    while (end > begin && stream_[end - 1] == 0) --end;
    pos_ = next;
    if (end > begin) return stream_.subspan(begin, end - begin);
  }
  return std::nullopt;
}

size_t H264AnnexBScanner::Count(std::span<const uint8_t> stream) {
  H264AnnexBScanner scanner(stream);
  size_t count = 0;
  while (scanner.Next()) ++count;
  return count;
}

}  // namespace softmcu
