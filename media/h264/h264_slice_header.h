#pragma once
// The header of one coded slice (H.264 §7.3.3), parsed with the SPS and PPS it refers to:
// which picture the slice belongs to (frame_num, POC, idr_pic_id), its type, where it
// starts, its QP and deblocking control, and the RBSP bit offsets of slice_qp_delta and of
// slice_data(). The offsets let a writer keep a header verbatim up to a field and replace
// the rest (the load generator writes its own stamp slice under an encoder's header).
//
// Supported: frame and field pictures, POC types 0–2, reference list modification and
// memory management operations (read and skipped), CAVLC and CABAC headers, SP/SI.
// Refused with kUnsupported: weighted prediction tables, slice groups (FMO), MVC/SVC
// slice extensions. Wire input never throws; a malformed header gives an error value.
// Pure function of its inputs; any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <tl/expected.hpp>

#include "media/h264/h264_parameter_sets.h"

namespace softmcu {

// slice_type % 5 (§7.4.3 Table 7-6); slice_type 5..9 also says every slice of the picture
// has this type.
enum class H264SliceType : uint8_t { kP = 0, kB = 1, kI = 2, kSp = 3, kSi = 4 };

struct H264SliceHeader {
  uint8_t nal_ref_idc = 0;
  bool idr = false;  // nal_unit_type 5
  uint32_t first_mb_in_slice = 0;
  uint32_t slice_type_raw = 0;  // as written, 0..9
  uint32_t pps_id = 0;
  uint32_t frame_num = 0;
  bool field_pic = false;
  bool bottom_field = false;
  std::optional<uint32_t> idr_pic_id;
  uint32_t pic_order_cnt_lsb = 0;
  int32_t delta_pic_order_cnt_bottom = 0;
  int32_t delta_pic_order_cnt[2] = {0, 0};
  uint32_t redundant_pic_cnt = 0;
  uint32_t num_ref_idx_l0_active = 0;  // P, SP, B
  uint32_t num_ref_idx_l1_active = 0;  // B
  int32_t slice_qp_delta = 0;
  uint32_t disable_deblocking_filter_idc = 0;
  int32_t slice_alpha_c0_offset_div2 = 0;
  int32_t slice_beta_offset_div2 = 0;

  // RBSP bit offsets, counted from the first bit after the NAL unit header byte.
  size_t slice_qp_delta_bit = 0;  // where slice_qp_delta starts
  size_t slice_data_bit = 0;      // where slice_data() starts (end of the header)

  H264SliceType type() const { return static_cast<H264SliceType>(slice_type_raw % 5); }
  // SliceQPY (7-30) with the PPS the header was parsed with.
  int32_t slice_qp(const H264Pps& pps) const { return pps.pic_init_qp + slice_qp_delta; }

  // `nalu` is the whole NAL unit, header byte included (type 1 or 5). `pps` must have
  // has_slice_fields and be the set the slice names (its id is checked), `sps` the PPS's.
  static tl::expected<H264SliceHeader, H264ParseError> Parse(std::span<const uint8_t> nalu, const H264Sps& sps,
                                                             const H264Pps& pps);
};

}  // namespace softmcu
