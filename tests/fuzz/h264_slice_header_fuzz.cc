// Fuzzes the H.264 slice header parser (H264SliceHeader) with the SPS/PPS fields it needs.
//
// Input: sps_length (1 byte) | SPS NAL unit | pps_length (1 byte) | PPS NAL unit | slice NAL
// unit (the rest). A missing or unparsable SPS/PPS is replaced by OpenH264's constrained
// baseline ones, so most inputs reach the slice header.
//
// Invariants: no crash; a parsed header's bit offsets lie inside the input and in order;
// its QP is within H.264's range.

#include <cstdint>
#include <span>
#include <vector>

#include "media/h264/h264_parameter_sets.h"
#include "media/h264/h264_slice_header.h"

namespace {

// OpenH264 2.3.1, 320x180 constrained baseline (the loadgen's smallest rendition).
const std::vector<uint8_t> kSps = {0x67, 0x42, 0xc0, 0x0d, 0x8c, 0x8d, 0x40, 0xa0,
                                   0xcb, 0xcf, 0x00, 0xf0, 0x88, 0x46, 0xa0};
const std::vector<uint8_t> kPps = {0x68, 0xce, 0x3c, 0x80};

std::span<const uint8_t> Take(std::span<const uint8_t>& data) {
  if (data.empty()) return {};
  const size_t n = std::min<size_t>(data[0], data.size() - 1);
  auto out = data.subspan(1, n);
  data = data.subspan(1 + n);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  auto sps = softmcu::H264Sps::Parse(Take(data));
  auto pps = softmcu::H264Pps::Parse(Take(data));
  if (!sps) sps = softmcu::H264Sps::Parse(kSps);
  if (!pps || !pps->has_slice_fields) pps = softmcu::H264Pps::Parse(kPps);
  if (!sps || !pps) __builtin_trap();  // the fallbacks always parse
  auto header = softmcu::H264SliceHeader::Parse(data, *sps, *pps);
  if (header) {
    const size_t bits = (data.size() - 1) * 8;
    if (header->slice_qp_delta_bit > header->slice_data_bit || header->slice_data_bit > bits) __builtin_trap();
    const int32_t qp = header->slice_qp(*pps);
    if (qp < 0 || qp > 51) __builtin_trap();
  }
  return 0;
}
