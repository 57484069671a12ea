#include "tools/loadgen/stamp_slice_writer.h"

#include <cstdlib>

#include "media/h264/h264_bit_reader.h"
#include "media/h264/h264_bit_writer.h"
#include "media/h264/h264_nalu.h"
#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {
namespace {

// A macroblock needs at most: mb_skip_run (23 bits for 2^11 MBs), mb_type (7), chroma mode
// (1), mb_qp_delta (1), coeff_token (6), level prefix + suffix (16 + 12), total_zeros (1).
constexpr size_t kMaxMacroblockBits = 72;
constexpr size_t kMaxHeaderTailBits = 64;  // slice_qp_delta and deblocking fields

// Intra_16x16 prediction modes (§8.3.3, Table 8-4).
enum class Pred16x16 { kVertical = 0, kHorizontal = 1, kDc = 2 };

// A block of coefficients residual_block_cavlc(i16x16DClevel, 0, 15, 16) (§7.3.5.3.2) whose
// only non-zero level is `level` at scan position 0, with nC = 0 (every neighbouring block
// of ours has no AC coefficients, §9.2.1).
void WriteDcLevel(H264BitWriter& w, int level) {
  // coeff_token, Table 9-5 column 0 <= nC < 2.
  if (level == 0) {
    w.WriteBits(0b1, 1);  // TrailingOnes 0, TotalCoeff 0
    return;
  }
  if (std::abs(level) == 1) {
    w.WriteBits(0b01, 2);  // TrailingOnes 1, TotalCoeff 1
    w.WriteFlag(level < 0);  // trailing_ones_sign_flag
  } else {
    w.WriteBits(0b000101, 6);  // TrailingOnes 0, TotalCoeff 1
    // §9.2.2.1: levelCode for the first level after fewer than 3 trailing ones is coded
    // 2 less (the decoder adds 2); suffixLength starts at 0 with TotalCoeff <= 10.
    int code = level > 0 ? 2 * level - 2 : -2 * level - 1;
    code -= 2;
    if (code < 14) {
      w.WriteBits(1, code + 1);  // level_prefix = code: `code` zeros then a one
    } else if (code < 30) {
      w.WriteBits(1, 15);  // level_prefix 14
      w.WriteBits(static_cast<uint32_t>(code - 14), 4);
    } else {
      w.WriteBits(1, 16);  // level_prefix 15: levelCode = 30 + level_suffix (12 bits)
      w.WriteBits(static_cast<uint32_t>(code - 30), 12);
    }
  }
  w.WriteBits(0b1, 1);  // total_zeros 0 for TotalCoeff 1 (Table 9-7)
}

}  // namespace

Result<StampSliceTemplate> StampSliceTemplate::FromSlice(std::span<const uint8_t> nalu, const H264Sps& sps,
                                                         const H264Pps& pps) {
  auto header = H264SliceHeader::Parse(nalu, sps, pps);
  if (!header) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("stamp slice: material slice header: ") + ToString(header.error()));
  }
  if (header->first_mb_in_slice != 0 || (header->type() != H264SliceType::kI && header->type() != H264SliceType::kP)) {
    return MakeError(ErrorCode::kInvalidArgument, "stamp slice: the material's first slice must be I or P at MB 0");
  }
  if (pps.entropy_coding_mode || !sps.frame_mbs_only || sps.chroma_format_idc != 1 || sps.separate_colour_plane) {
    return MakeError(ErrorCode::kInvalidArgument, "stamp slice: the material must be CAVLC 4:2:0 frames (baseline)");
  }
  if (header->slice_qp_delta_bit + 8 > kMaxHeaderBytes * 8) {
    return MakeError(ErrorCode::kInvalidArgument, "stamp slice: material slice header too long");
  }
  StampSliceTemplate t;
  t.nal_header = nalu[0];
  t.type = header->type();
  t.pic_init_qp = pps.pic_init_qp;
  t.deblocking_filter_control_present = pps.deblocking_filter_control_present;
  t.constrained_intra_pred = pps.constrained_intra_pred;
  t.header_bit_count = header->slice_qp_delta_bit;
  H264BitReader reader(nalu.subspan(kH264NaluHeaderSize));
  H264BitWriter writer(t.header_bits);
  for (size_t left = t.header_bit_count; left > 0;) {
    const int n = left > 32 ? 32 : static_cast<int>(left);
    writer.WriteBits(reader.ReadBits(n).value_or(0), n);
    left -= static_cast<size_t>(n);
  }
  writer.WriteBits(0, 7);  // flush the last partial byte into the array (bits past the count are ignored)
  if (!reader.ok() || !writer.ok()) {
    return MakeError(ErrorCode::kInternal, "stamp slice: could not copy the material slice header");
  }
  return t;
}

StampSliceWriter::StampSliceWriter(size_t max_band_macroblocks)
    : rbsp_(StampSliceTemplate::kMaxHeaderBytes + (kMaxHeaderTailBits + max_band_macroblocks * kMaxMacroblockBits) / 8 +
            8),
      coded_(max_band_macroblocks) {}

size_t StampSliceWriter::MaxSliceSize(const StampGeometry& geometry) {
  const size_t rbsp = StampSliceTemplate::kMaxHeaderBytes +
                      (kMaxHeaderTailBits + static_cast<size_t>(geometry.band_macroblocks()) * kMaxMacroblockBits) / 8 + 8;
  return H264BitWriter::MaxNaluSize(rbsp);
}

std::optional<size_t> StampSliceWriter::Write(const StampSliceTemplate& tmpl, const StampGeometry& geometry,
                                              uint64_t cells, std::optional<uint64_t> reference,
                                              std::span<uint8_t> out) {
  const int mb_width = geometry.mb_width();
  const int band_mbs = geometry.band_macroblocks();
  if (static_cast<size_t>(band_mbs) > coded_.size()) return std::nullopt;
  const bool p_slice = tmpl.type == H264SliceType::kP;
  if (!p_slice) reference.reset();  // an I slice codes every macroblock

  H264BitWriter w(rbsp_);
  // The material's header up to slice_qp_delta, then ours.
  for (size_t bit = 0; bit < tmpl.header_bit_count; bit += 8) {
    const int n = tmpl.header_bit_count - bit >= 8 ? 8 : static_cast<int>(tmpl.header_bit_count - bit);
    w.WriteBits(static_cast<uint32_t>(tmpl.header_bits[bit / 8] >> (8 - n)), n);
  }
  w.WriteSe(kSliceQp - tmpl.pic_init_qp);
  if (tmpl.deblocking_filter_control_present) w.WriteUe(1);  // disable_deblocking_filter_idc: off

  auto cell_of = [&](int mb) {
    const int row = (mb / mb_width) / geometry.cell_mb_rows();
    return row * StampCode::kColumns + geometry.ColumnOfMb(mb % mb_width);
  };
  auto value_of = [](uint64_t bits, int cell) { return ((bits >> cell) & 1u) ? kWhite : kBlack; };

  uint32_t skip_run = 0;
  for (int mb = 0; mb < band_mbs; ++mb) {
    const int cell = cell_of(mb);
    const int target = value_of(cells, cell);
    if (reference && value_of(*reference, cell) == target) {
      coded_[static_cast<size_t>(mb)] = 0;
      ++skip_run;  // P_Skip: motion 0 (the band's neighbours all have motion 0), same flat block
      continue;
    }
    coded_[static_cast<size_t>(mb)] = 1;
    // Neighbours usable for intra prediction (§8.3.1.2 via §6.4.11.1): inside the slice, and
    // intra-coded when constrained_intra_pred_flag is set. Every block of ours is flat, so a
    // neighbour's edge samples are its cell's value.
    const int mb_x = mb % mb_width;
    const bool left = mb_x > 0 && (!tmpl.constrained_intra_pred || coded_[static_cast<size_t>(mb - 1)]);
    const bool top = mb >= mb_width && (!tmpl.constrained_intra_pred || coded_[static_cast<size_t>(mb - mb_width)]);
    const int left_value = left ? value_of(cells, cell_of(mb - 1)) : 0;
    const int top_value = top ? value_of(cells, cell_of(mb - mb_width)) : 0;
    Pred16x16 mode = Pred16x16::kDc;
    int prediction;
    if (top && top_value == target) {
      mode = Pred16x16::kVertical;
      prediction = top_value;
    } else if (left && left_value == target) {
      mode = Pred16x16::kHorizontal;
      prediction = left_value;
    } else if (top && left) {
      prediction = (left_value + top_value + 1) >> 1;  // (8-113): (Σ16 top + Σ16 left + 16) >> 5
    } else if (top || left) {
      prediction = top ? top_value : left_value;  // (8-114), (8-115)
    } else {
      prediction = 128;  // (8-116): 1 << (BitDepthY − 1)
    }
    if (p_slice) {
      w.WriteUe(skip_run);
      skip_run = 0;
    }
    // mb_type I_16x16_<mode>_0_0 = 1 + mode (Table 7-11); in a P slice intra types follow
    // the 5 inter ones (Table 7-13).
    const uint32_t i_type = 1 + static_cast<uint32_t>(mode);
    w.WriteUe(p_slice ? 5 + i_type : i_type);
    w.WriteUe(0);  // intra_chroma_pred_mode: DC, every chroma neighbour is 128 or absent
    w.WriteSe(0);  // mb_qp_delta
    WriteDcLevel(w, target - prediction);
  }
  if (p_slice && skip_run > 0) w.WriteUe(skip_run);
  w.WriteTrailingBits();
  if (!w.ok()) return std::nullopt;
  return H264BitWriter::WriteNalu(tmpl.nal_header, w.rbsp(), out, /*with_start_code=*/true);
}

}  // namespace softmcu::loadgen
