#include "media/h264/h264_slice_header.h"

#include "media/h264/h264_bit_reader.h"
#include "media/h264/h264_nalu.h"

namespace softmcu {
namespace {

// A reference list can be modified at most once per reference index plus the end marker
// (§7.4.3.1); 32 indices at most. Memory management operations: one per reference frame
// and a few global ones (§7.4.3.3) — 66 is generous.
constexpr int kMaxModifications = 33;
constexpr int kMaxMmcos = 66;

tl::unexpected<H264ParseError> Fail(H264ParseError e) {
  return tl::unexpected<H264ParseError>(e);
}

bool IsPOrSp(H264SliceType t) {
  return t == H264SliceType::kP || t == H264SliceType::kSp;
}

// ref_pic_list_modification() for one list (§7.3.3.1): read and skipped.
bool SkipListModification(H264BitReader& r) {
  auto flag = r.ReadFlag();
  if (!flag) return false;
  if (!*flag) return true;
  for (int i = 0; i < kMaxModifications; ++i) {
    auto idc = r.ReadUe();
    if (!idc || *idc > 5) return false;
    if (*idc == 3) return true;
    r.ReadUe();  // abs_diff_pic_num_minus1, long_term_pic_num or abs_diff_view_idx_minus1
  }
  return false;
}

// dec_ref_pic_marking() (§7.3.3.3): read and skipped.
bool SkipRefPicMarking(H264BitReader& r, bool idr) {
  if (idr) return r.Skip(2);  // no_output_of_prior_pics_flag, long_term_reference_flag
  auto adaptive = r.ReadFlag();
  if (!adaptive) return false;
  if (!*adaptive) return true;
  for (int i = 0; i < kMaxMmcos; ++i) {
    auto mmco = r.ReadUe();
    if (!mmco || *mmco > 6) return false;
    if (*mmco == 0) return true;
    if (*mmco == 1 || *mmco == 3) r.ReadUe();  // difference_of_pic_nums_minus1
    if (*mmco == 2) r.ReadUe();                // long_term_pic_num
    if (*mmco == 3 || *mmco == 6) r.ReadUe();  // long_term_frame_idx
    if (*mmco == 4) r.ReadUe();                // max_long_term_frame_idx_plus1
  }
  return false;
}

}  // namespace

//  slice_header() (§7.3.3):
//   first_mb_in_slice ue(v) | slice_type ue(v) | pic_parameter_set_id ue(v)
//   [colour_plane_id u(2)]                       separate_colour_plane_flag
//   frame_num u(v)                               log2_max_frame_num bits
//   [field_pic_flag u(1) [bottom_field_flag u(1)]]  !frame_mbs_only_flag
//   [idr_pic_id ue(v)]                           IDR
//   [pic_order_cnt_lsb u(v) [delta_pic_order_cnt_bottom se(v)]]   POC type 0
//   [delta_pic_order_cnt[0] se(v) [delta_pic_order_cnt[1] se(v)]] POC type 1
//   [redundant_pic_cnt ue(v)]
//   [direct_spatial_mv_pred_flag u(1)]           B
//   [num_ref_idx_active_override_flag u(1) [num_ref_idx_l0_active_minus1 ue(v) [.._l1_..]]]  P, SP, B
//   ref_pic_list_modification()                  not I/SI
//   [pred_weight_table()]                        refused (kUnsupported)
//   [dec_ref_pic_marking()]                      nal_ref_idc != 0
//   [cabac_init_idc ue(v)]                       CABAC, not I/SI
//   slice_qp_delta se(v)
//   [sp_for_switch_flag u(1)] [slice_qs_delta se(v)]   SP / SP, SI
//   [disable_deblocking_filter_idc ue(v) [slice_alpha_c0_offset_div2 se(v) slice_beta_offset_div2 se(v)]]
//   [slice_group_change_cycle]                   FMO: refused
tl::expected<H264SliceHeader, H264ParseError> H264SliceHeader::Parse(std::span<const uint8_t> nalu,
                                                                     const H264Sps& sps, const H264Pps& pps) {
  if (nalu.empty()) return Fail(H264ParseError::kEmpty);
  const H264NaluType nal_type = H264NaluTypeOf(nalu[0]);
  if (nal_type != H264NaluType::kSlice && nal_type != H264NaluType::kIdr) {
    return Fail(H264ParseError::kWrongNaluType);
  }
  if (!pps.has_slice_fields || pps.num_slice_groups > 1) return Fail(H264ParseError::kUnsupported);
  H264SliceHeader h;
  h.nal_ref_idc = H264NalRefIdc(nalu[0]);
  h.idr = nal_type == H264NaluType::kIdr;
  H264BitReader r(nalu.subspan(kH264NaluHeaderSize));

  auto first_mb = r.ReadUe();
  auto slice_type = r.ReadUe();
  auto pps_id = r.ReadUe();
  if (!pps_id) return Fail(H264ParseError::kTruncated);
  const uint64_t picture_mbs = uint64_t{sps.coded_width / 16} * (sps.coded_height / 16);
  if (*slice_type > 9 || *pps_id != pps.pps_id || *first_mb >= picture_mbs) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  h.first_mb_in_slice = *first_mb;
  h.slice_type_raw = *slice_type;
  h.pps_id = *pps_id;
  const H264SliceType type = h.type();
  // §7.4.1.2.4: every slice of an IDR picture is I or SI.
  if (h.idr && type != H264SliceType::kI && type != H264SliceType::kSi) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  if (sps.separate_colour_plane) r.Skip(2);  // colour_plane_id
  auto frame_num = r.ReadBits(static_cast<int>(sps.log2_max_frame_num));
  if (!frame_num) return Fail(H264ParseError::kTruncated);
  h.frame_num = *frame_num;
  if (!sps.frame_mbs_only) {
    auto field = r.ReadFlag();
    if (field && *field) {
      h.field_pic = true;
      auto bottom = r.ReadFlag();
      h.bottom_field = bottom.value_or(false);
    }
  }
  if (h.idr) {
    auto idr_pic_id = r.ReadUe();
    if (!idr_pic_id) return Fail(H264ParseError::kTruncated);
    if (*idr_pic_id > 65535) return Fail(H264ParseError::kValueOutOfRange);
    h.idr_pic_id = *idr_pic_id;
  }
  const bool bottom_delta = pps.bottom_field_pic_order_in_frame_present && !h.field_pic;
  if (sps.pic_order_cnt_type == 0) {
    h.pic_order_cnt_lsb = r.ReadBits(static_cast<int>(sps.log2_max_pic_order_cnt_lsb)).value_or(0);
    if (bottom_delta) h.delta_pic_order_cnt_bottom = r.ReadSe().value_or(0);
  } else if (sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero) {
    h.delta_pic_order_cnt[0] = r.ReadSe().value_or(0);
    if (bottom_delta) h.delta_pic_order_cnt[1] = r.ReadSe().value_or(0);
  }
  if (pps.redundant_pic_cnt_present) {
    auto count = r.ReadUe();
    if (count && *count > 127) return Fail(H264ParseError::kValueOutOfRange);
    h.redundant_pic_cnt = count.value_or(0);
  }
  if (type == H264SliceType::kB) r.Skip(1);  // direct_spatial_mv_pred_flag
  if (IsPOrSp(type) || type == H264SliceType::kB) {
    h.num_ref_idx_l0_active = pps.num_ref_idx_l0_default_active;
    h.num_ref_idx_l1_active = type == H264SliceType::kB ? pps.num_ref_idx_l1_default_active : 0;
    auto override_flag = r.ReadFlag();
    if (override_flag && *override_flag) {
      auto l0 = r.ReadUe();
      if (l0 && *l0 > 31) return Fail(H264ParseError::kValueOutOfRange);
      h.num_ref_idx_l0_active = l0.value_or(0) + 1;
      if (type == H264SliceType::kB) {
        auto l1 = r.ReadUe();
        if (l1 && *l1 > 31) return Fail(H264ParseError::kValueOutOfRange);
        h.num_ref_idx_l1_active = l1.value_or(0) + 1;
      }
    }
  }
  if (type != H264SliceType::kI && type != H264SliceType::kSi) {
    if (!SkipListModification(r)) return Fail(r.ok() ? H264ParseError::kValueOutOfRange : H264ParseError::kTruncated);
    if (type == H264SliceType::kB && !SkipListModification(r)) {
      return Fail(r.ok() ? H264ParseError::kValueOutOfRange : H264ParseError::kTruncated);
    }
  }
  if ((pps.weighted_pred && IsPOrSp(type)) || (pps.weighted_bipred_idc == 1 && type == H264SliceType::kB)) {
    return Fail(H264ParseError::kUnsupported);
  }
  if (h.nal_ref_idc != 0 && !SkipRefPicMarking(r, h.idr)) {
    return Fail(r.ok() ? H264ParseError::kValueOutOfRange : H264ParseError::kTruncated);
  }
  if (pps.entropy_coding_mode && type != H264SliceType::kI && type != H264SliceType::kSi) {
    auto cabac_init_idc = r.ReadUe();
    if (cabac_init_idc && *cabac_init_idc > 2) return Fail(H264ParseError::kValueOutOfRange);
  }
  h.slice_qp_delta_bit = r.bits_read();
  auto qp_delta = r.ReadSe();
  if (!qp_delta) return Fail(H264ParseError::kTruncated);
  // Bounded before the sum below: a 63-bit Exp-Golomb code reaches ±(2^31 - 1), and
  // pic_init_qp + that would overflow int32. No valid QP is more than 51 away.
  if (*qp_delta < -51 || *qp_delta > 51) return Fail(H264ParseError::kValueOutOfRange);
  h.slice_qp_delta = *qp_delta;
  const int32_t qp = h.slice_qp(pps);
  if (qp < 0 || qp > 51) return Fail(H264ParseError::kValueOutOfRange);  // §7.4.3, 8-bit video
  if (type == H264SliceType::kSp || type == H264SliceType::kSi) {
    if (type == H264SliceType::kSp) r.Skip(1);  // sp_for_switch_flag
    r.ReadSe();                                 // slice_qs_delta
  }
  if (pps.deblocking_filter_control_present) {
    auto idc = r.ReadUe();
    if (!idc) return Fail(H264ParseError::kTruncated);
    if (*idc > 6) return Fail(H264ParseError::kValueOutOfRange);  // 3..6: SVC's values
    h.disable_deblocking_filter_idc = *idc;
    if (*idc != 1) {
      h.slice_alpha_c0_offset_div2 = r.ReadSe().value_or(0);
      h.slice_beta_offset_div2 = r.ReadSe().value_or(0);
    }
  }
  if (!r.ok()) return Fail(H264ParseError::kTruncated);
  h.slice_data_bit = r.bits_read();
  return h;
}

}  // namespace softmcu
