#include "media/h264/h264_parameter_sets.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "media/h264/h264_bit_reader.h"
#include "media/h264/h264_nalu.h"

namespace softmcu {
namespace {

// Frame size caps: level 6.2 allows 139,264 macroblocks, at most sqrt(8 × MaxFS) = 1055 on a
// side (§A.3.1 f, g). Beyond that the SPS is garbage; refusing it keeps width × height small.
constexpr uint32_t kMaxMbsPerSide = 1056;

tl::unexpected<H264ParseError> Fail(H264ParseError e) {
  return tl::unexpected<H264ParseError>(e);
}

// §7.3.2.1.1: profiles whose SPS carries chroma_format_idc, bit depths and scaling lists.
bool HasChromaInfo(uint8_t profile_idc) {
  switch (profile_idc) {
    case 100:
    case 110:
    case 122:
    case 244:
    case 44:
    case 83:
    case 86:
    case 118:
    case 128:
    case 138:
    case 139:
    case 134:
    case 135:
      return true;
    default:
      return false;
  }
}

// §7.3.2.1.1.1 scaling_list(): only skipped, but its length depends on its values.
bool SkipScalingList(H264BitReader& r, int size) {
  int last_scale = 8;
  int next_scale = 8;
  for (int j = 0; j < size; ++j) {
    if (next_scale != 0) {
      auto delta = r.ReadSe();
      if (!delta || *delta < -128 || *delta > 127) return false;
      next_scale = (last_scale + *delta + 256) % 256;
    }
    last_scale = next_scale == 0 ? last_scale : next_scale;
  }
  return true;
}

// chroma_format_idc .. seq_scaling_matrix for the high profiles.
tl::expected<void, H264ParseError> ParseChromaInfo(H264BitReader& r, H264Sps& sps,
                                                   bool& separate_colour_plane) {
  auto chroma = r.ReadUe();
  if (!chroma) return Fail(H264ParseError::kTruncated);
  if (*chroma > 3) return Fail(H264ParseError::kValueOutOfRange);
  sps.chroma_format_idc = *chroma;
  if (sps.chroma_format_idc == 3) {
    auto flag = r.ReadFlag();
    if (!flag) return Fail(H264ParseError::kTruncated);
    separate_colour_plane = *flag;
  }
  auto bit_depth_luma_minus8 = r.ReadUe();
  auto bit_depth_chroma_minus8 = r.ReadUe();
  r.Skip(1);  // qpprime_y_zero_transform_bypass_flag
  auto scaling_matrix_present = r.ReadFlag();
  if (!scaling_matrix_present) return Fail(H264ParseError::kTruncated);
  if (*bit_depth_luma_minus8 > 6 || *bit_depth_chroma_minus8 > 6) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  if (*scaling_matrix_present) {
    const int lists = sps.chroma_format_idc != 3 ? 8 : 12;
    for (int i = 0; i < lists; ++i) {
      auto list_present = r.ReadFlag();
      if (!list_present) return Fail(H264ParseError::kTruncated);
      if (*list_present && !SkipScalingList(r, i < 6 ? 16 : 64)) {
        return Fail(r.ok() ? H264ParseError::kValueOutOfRange : H264ParseError::kTruncated);
      }
    }
  }
  return {};
}

// log2_max_frame_num_minus4 .. gaps_in_frame_num_value_allowed_flag: what slice headers need.
tl::expected<void, H264ParseError> ParseFrameNumAndPoc(H264BitReader& r, H264Sps& sps) {
  auto log2_max_frame_num_minus4 = r.ReadUe();
  auto poc_type = r.ReadUe();
  if (!poc_type) return Fail(H264ParseError::kTruncated);
  if (*log2_max_frame_num_minus4 > 12 || *poc_type > 2) return Fail(H264ParseError::kValueOutOfRange);
  sps.log2_max_frame_num = *log2_max_frame_num_minus4 + 4;
  sps.pic_order_cnt_type = *poc_type;
  if (*poc_type == 0) {
    auto log2_max_poc_lsb_minus4 = r.ReadUe();
    if (!log2_max_poc_lsb_minus4) return Fail(H264ParseError::kTruncated);
    if (*log2_max_poc_lsb_minus4 > 12) return Fail(H264ParseError::kValueOutOfRange);
    sps.log2_max_pic_order_cnt_lsb = *log2_max_poc_lsb_minus4 + 4;
  } else if (*poc_type == 1) {
    auto always_zero = r.ReadFlag();  // delta_pic_order_always_zero_flag
    r.ReadSe();                       // offset_for_non_ref_pic
    r.ReadSe();                       // offset_for_top_to_bottom_field
    auto cycle = r.ReadUe();          // num_ref_frames_in_pic_order_cnt_cycle
    if (!cycle) return Fail(H264ParseError::kTruncated);
    if (*cycle > 255) return Fail(H264ParseError::kValueOutOfRange);
    sps.delta_pic_order_always_zero = *always_zero;
    for (uint32_t i = 0; i < *cycle; ++i) r.ReadSe();  // offset_for_ref_frame[i]
  }
  auto max_num_ref_frames = r.ReadUe();
  r.Skip(1);  // gaps_in_frame_num_value_allowed_flag
  if (!r.ok()) return Fail(H264ParseError::kTruncated);
  if (*max_num_ref_frames > 16) return Fail(H264ParseError::kValueOutOfRange);
  sps.max_num_ref_frames = *max_num_ref_frames;
  return {};
}

// pic_width_in_mbs_minus1 .. frame_cropping: the coded size and the cropped (display) size.
tl::expected<void, H264ParseError> ParseFrameSize(H264BitReader& r, H264Sps& sps,
                                                  bool separate_colour_plane) {
  auto width_mbs_minus1 = r.ReadUe();
  auto height_map_units_minus1 = r.ReadUe();
  auto frame_mbs_only = r.ReadFlag();
  if (!frame_mbs_only) return Fail(H264ParseError::kTruncated);
  sps.frame_mbs_only = *frame_mbs_only;
  if (!sps.frame_mbs_only) r.Skip(1);  // mb_adaptive_frame_field_flag
  r.Skip(1);                           // direct_8x8_inference_flag
  auto cropping = r.ReadFlag();
  if (!cropping) return Fail(H264ParseError::kTruncated);
  uint32_t crop[4] = {0, 0, 0, 0};  // left, right, top, bottom
  if (*cropping) {
    for (auto& c : crop) {
      auto v = r.ReadUe();
      if (!v) return Fail(H264ParseError::kTruncated);
      c = *v;
    }
  }
  const uint32_t frame_height_factor = sps.frame_mbs_only ? 1 : 2;
  if (*width_mbs_minus1 >= kMaxMbsPerSide ||
      uint64_t{*height_map_units_minus1 + 1} * frame_height_factor > kMaxMbsPerSide) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  sps.coded_width = (*width_mbs_minus1 + 1) * 16;
  sps.coded_height = (*height_map_units_minus1 + 1) * frame_height_factor * 16;  // (7-18)
  // (7-19)..(7-22): crop units depend on ChromaArrayType and field coding.
  const uint32_t chroma_array_type = separate_colour_plane ? 0 : sps.chroma_format_idc;
  uint32_t crop_unit_x = 1;
  uint32_t crop_unit_y = frame_height_factor;
  if (chroma_array_type != 0) {
    crop_unit_x = sps.chroma_format_idc == 3 ? 1 : 2;                          // SubWidthC
    crop_unit_y = (sps.chroma_format_idc == 1 ? 2 : 1) * frame_height_factor;  // SubHeightC × ...
  }
  const uint64_t crop_x = uint64_t{crop[0]} + crop[1];
  const uint64_t crop_y = uint64_t{crop[2]} + crop[3];
  if (crop_x * crop_unit_x >= sps.coded_width || crop_y * crop_unit_y >= sps.coded_height) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  sps.width = sps.coded_width - uint32_t(crop_x * crop_unit_x);
  sps.height = sps.coded_height - uint32_t(crop_y * crop_unit_y);
  return {};
}

// RFC 4648 §4 alphabet. sprop values are padded in practice; unpadded input is accepted.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::vector<uint8_t>> Base64Decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return std::nullopt;
  std::vector<uint8_t> out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = Base64Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(uint8_t(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool SameBytes(const std::vector<uint8_t>& stored, std::span<const uint8_t> nalu) {
  return stored.size() == nalu.size() && std::equal(nalu.begin(), nalu.end(), stored.begin());
}

// entropy_coding_mode_flag .. redundant_pic_cnt_present_flag; leaves has_slice_fields false
// when any is missing or out of range.
void ParsePpsSliceFields(H264BitReader& r, H264Pps& pps) {
  auto entropy = r.ReadFlag();
  auto bottom_field = r.ReadFlag();
  auto slice_groups_minus1 = r.ReadUe();
  if (!slice_groups_minus1 || *slice_groups_minus1 > 7) return;  // §A.2.1 allows at most 8
  pps.num_slice_groups = *slice_groups_minus1 + 1;
  if (pps.num_slice_groups > 1) return;  // FMO: the map is not read
  auto l0 = r.ReadUe();
  auto l1 = r.ReadUe();
  auto weighted_pred = r.ReadFlag();
  auto bipred = r.ReadBits(2);
  auto qp = r.ReadSe();
  auto qs = r.ReadSe();
  auto chroma_offset = r.ReadSe();
  auto deblocking = r.ReadFlag();
  auto constrained_intra = r.ReadFlag();
  auto redundant = r.ReadFlag();
  if (!redundant) return;
  // §7.4.2.2 ranges: 0..31 reference indices, QP -26..+25, chroma offset -12..12.
  if (*l0 > 31 || *l1 > 31 || *qp < -26 || *qp > 25 || *qs < -26 || *qs > 25 || *chroma_offset < -12 ||
      *chroma_offset > 12 || *bipred > 2) {
    return;
  }
  pps.entropy_coding_mode = *entropy;
  pps.bottom_field_pic_order_in_frame_present = *bottom_field;
  pps.num_ref_idx_l0_default_active = *l0 + 1;
  pps.num_ref_idx_l1_default_active = *l1 + 1;
  pps.weighted_pred = *weighted_pred;
  pps.weighted_bipred_idc = *bipred;
  pps.pic_init_qp = 26 + *qp;
  pps.pic_init_qs = 26 + *qs;
  pps.chroma_qp_index_offset = *chroma_offset;
  pps.deblocking_filter_control_present = *deblocking;
  pps.constrained_intra_pred = *constrained_intra;
  pps.redundant_pic_cnt_present = *redundant;
  pps.has_slice_fields = true;
}

}  // namespace

const char* ToString(H264ParseError error) {
  switch (error) {
    case H264ParseError::kEmpty:
      return "empty";
    case H264ParseError::kWrongNaluType:
      return "wrong NAL unit type";
    case H264ParseError::kTruncated:
      return "truncated";
    case H264ParseError::kValueOutOfRange:
      return "value out of range";
    case H264ParseError::kTooLarge:
      return "parameter set too large";
    case H264ParseError::kUnsupported:
      return "unsupported feature";
  }
  return "unknown";
}

//  seq_parameter_set_data() (§7.3.2.1.1), the part we read:
//   profile_idc u(8) | constraint_set0..5_flag, reserved_zero_2bits u(8) | level_idc u(8)
//   seq_parameter_set_id ue(v)
//   [chroma_format_idc .. scaling lists]          high profiles only
//   log2_max_frame_num_minus4 .. gaps_in_frame_num_value_allowed_flag
//   pic_width_in_mbs_minus1 ue(v) | pic_height_in_map_units_minus1 ue(v)
//   frame_mbs_only_flag u(1) [mb_adaptive_frame_field_flag u(1)] direct_8x8_inference_flag u(1)
//   frame_cropping_flag u(1) [frame_crop_{left,right,top,bottom}_offset ue(v)]
//   vui_parameters_present_flag ...                not read
tl::expected<H264Sps, H264ParseError> H264Sps::Parse(std::span<const uint8_t> nalu) {
  if (nalu.empty()) return Fail(H264ParseError::kEmpty);
  if (H264NaluTypeOf(nalu[0]) != H264NaluType::kSps) return Fail(H264ParseError::kWrongNaluType);
  H264BitReader r(nalu.subspan(kH264NaluHeaderSize));
  H264Sps sps;
  auto profile = r.ReadBits(8);
  auto constraints = r.ReadBits(8);
  auto level = r.ReadBits(8);
  auto id = r.ReadUe();
  if (!id) return Fail(H264ParseError::kTruncated);
  if (*id > H264ParameterSets::kMaxSpsId) return Fail(H264ParseError::kValueOutOfRange);
  sps.profile_idc = uint8_t(*profile);
  sps.constraint_flags = uint8_t(*constraints);
  sps.level_idc = uint8_t(*level);
  sps.sps_id = *id;
  bool separate_colour_plane = false;
  if (HasChromaInfo(sps.profile_idc)) {
    if (auto ok = ParseChromaInfo(r, sps, separate_colour_plane); !ok) return Fail(ok.error());
  }
  sps.separate_colour_plane = separate_colour_plane;
  if (auto ok = ParseFrameNumAndPoc(r, sps); !ok) return Fail(ok.error());
  if (auto ok = ParseFrameSize(r, sps, separate_colour_plane); !ok) return Fail(ok.error());
  return sps;
}

//  pic_parameter_set_rbsp() (§7.3.2.2), up to what slice headers need:
//   pic_parameter_set_id ue(v) | seq_parameter_set_id ue(v)
//   entropy_coding_mode_flag u(1) | bottom_field_pic_order_in_frame_present_flag u(1)
//   num_slice_groups_minus1 ue(v) [slice group map: not read]
//   num_ref_idx_l0_default_active_minus1 ue(v) | num_ref_idx_l1_default_active_minus1 ue(v)
//   weighted_pred_flag u(1) | weighted_bipred_idc u(2)
//   pic_init_qp_minus26 se(v) | pic_init_qs_minus26 se(v) | chroma_qp_index_offset se(v)
//   deblocking_filter_control_present_flag u(1) | constrained_intra_pred_flag u(1)
//   redundant_pic_cnt_present_flag u(1)
//   [transform_8x8_mode_flag .. second_chroma_qp_index_offset]   not read
tl::expected<H264Pps, H264ParseError> H264Pps::Parse(std::span<const uint8_t> nalu) {
  if (nalu.empty()) return Fail(H264ParseError::kEmpty);
  if (H264NaluTypeOf(nalu[0]) != H264NaluType::kPps) return Fail(H264ParseError::kWrongNaluType);
  H264BitReader r(nalu.subspan(kH264NaluHeaderSize));
  auto pps_id = r.ReadUe();
  auto sps_id = r.ReadUe();
  if (!sps_id) return Fail(H264ParseError::kTruncated);
  if (*pps_id > H264ParameterSets::kMaxPpsId || *sps_id > H264ParameterSets::kMaxSpsId) {
    return Fail(H264ParseError::kValueOutOfRange);
  }
  H264Pps pps{.pps_id = *pps_id, .sps_id = *sps_id};
  ParsePpsSliceFields(r, pps);
  return pps;
}

tl::expected<void, H264ParseError> H264ParameterSets::Add(std::span<const uint8_t> nalu) {
  if (nalu.empty()) return Fail(H264ParseError::kEmpty);
  if (nalu.size() > kMaxParameterSetSize) return Fail(H264ParseError::kTooLarge);
  switch (H264NaluTypeOf(nalu[0])) {
    case H264NaluType::kSps: {
      auto sps = H264Sps::Parse(nalu);
      if (!sps) return Fail(sps.error());
      SpsEntry& e = sps_[sps->sps_id];
      if (!e.present || !SameBytes(e.nalu, nalu)) e.nalu.assign(nalu.begin(), nalu.end());
      e.present = true;
      e.parsed = *sps;
      latest_sps_id_ = sps->sps_id;
      return {};
    }
    case H264NaluType::kPps: {
      auto pps = H264Pps::Parse(nalu);
      if (!pps) return Fail(pps.error());
      PpsEntry& e = pps_[pps->pps_id];
      if (!e.present || !SameBytes(e.nalu, nalu)) e.nalu.assign(nalu.begin(), nalu.end());
      e.present = true;
      e.parsed = *pps;
      latest_pps_id_ = pps->pps_id;
      return {};
    }
    default:
      return Fail(H264ParseError::kWrongNaluType);
  }
}

Result<size_t> H264ParameterSets::AddSpropParameterSets(std::string_view value) {
  std::vector<std::vector<uint8_t>> sets;
  size_t index = 0;
  while (true) {
    const size_t comma = value.find(',');
    const std::string_view item = Trim(value.substr(0, comma));
    auto nalu = Base64Decode(item);
    if (item.empty() || !nalu || nalu->empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "sprop-parameter-sets: item " + std::to_string(index) + " is not base64");
    }
    const H264NaluType type = H264NaluTypeOf((*nalu)[0]);
    if (type == H264NaluType::kSps || type == H264NaluType::kPps) {
      tl::expected<void, H264ParseError> ok;
      if (nalu->size() > kMaxParameterSetSize) {
        ok = Fail(H264ParseError::kTooLarge);
      } else if (type == H264NaluType::kSps) {
        if (auto sps = H264Sps::Parse(*nalu); !sps) ok = Fail(sps.error());
      } else if (auto pps = H264Pps::Parse(*nalu); !pps) {
        ok = Fail(pps.error());
      }
      if (!ok) {
        return MakeError(ErrorCode::kInvalidArgument, "sprop-parameter-sets: item " + std::to_string(index) +
                                                          " (" + ToString(type) +
                                                          "): " + ToString(ok.error()));
      }
      sets.push_back(std::move(*nalu));
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
    ++index;
  }
  for (const auto& nalu : sets) Add(nalu);  // cannot fail: each parsed above
  return sets.size();
}

const H264Sps* H264ParameterSets::sps(uint32_t id) const {
  return id <= kMaxSpsId && sps_[id].present ? &sps_[id].parsed : nullptr;
}
const H264Pps* H264ParameterSets::pps(uint32_t id) const {
  return id <= kMaxPpsId && pps_[id].present ? &pps_[id].parsed : nullptr;
}
std::span<const uint8_t> H264ParameterSets::sps_nalu(uint32_t id) const {
  if (id > kMaxSpsId || !sps_[id].present) return {};
  return sps_[id].nalu;
}
std::span<const uint8_t> H264ParameterSets::pps_nalu(uint32_t id) const {
  if (id > kMaxPpsId || !pps_[id].present) return {};
  return pps_[id].nalu;
}
const H264Sps* H264ParameterSets::latest_sps() const {
  return latest_sps_id_ ? sps(*latest_sps_id_) : nullptr;
}

//  slice_header() (§7.3.3), first fields:
//   first_mb_in_slice ue(v) | slice_type ue(v) | pic_parameter_set_id ue(v) | ...
std::optional<uint32_t> H264ParameterSets::SlicePpsId(std::span<const uint8_t> slice_payload) {
  H264BitReader r(slice_payload);
  r.ReadUe();  // first_mb_in_slice
  auto slice_type = r.ReadUe();
  auto pps_id = r.ReadUe();
  if (!pps_id || *slice_type > 9 || *pps_id > kMaxPpsId) return std::nullopt;
  return pps_id;
}

std::optional<H264ParameterSets::Pair> H264ParameterSets::PairFor(uint32_t pps_id) const {
  const H264Pps* p = pps(pps_id);
  if (!p || !sps(p->sps_id)) return std::nullopt;
  return Pair{sps_nalu(p->sps_id), pps_nalu(pps_id)};
}

std::optional<H264ParameterSets::Pair> H264ParameterSets::ForSlice(
    std::span<const uint8_t> slice_payload) const {
  if (auto id = SlicePpsId(slice_payload)) {
    if (auto pair = PairFor(*id)) return pair;
  }
  if (latest_pps_id_) return PairFor(*latest_pps_id_);
  return std::nullopt;
}

void H264ParameterSets::Clear() {
  for (auto& e : sps_) e.present = false;
  for (auto& e : pps_) e.present = false;
  latest_sps_id_.reset();
  latest_pps_id_.reset();
}

}  // namespace softmcu
