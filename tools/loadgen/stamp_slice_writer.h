#pragma once
// Writes the stamp of one endpoint's frame as an H.264 slice NAL unit that replaces the
// first slice (the band, StampGeometry) of a pre-encoded material picture — so a picture
// carries a per-endpoint, per-frame stamp while the material was encoded once for all.
//
// The slice keeps the material slice's header verbatim up to slice_qp_delta (picture
// identity: frame_num, POC, idr_pic_id, reference marking — so the access unit stays one
// valid picture) and writes the rest itself:
//   slice_qp_delta  → QP 28, where one Intra16x16 DC level is exactly one sample value:
//                     dcY = (L·256 + 2) >> 2 = 64L (§8.5.10), r = (64L + 32) >> 6 = L (§8.5.12)
//   disable_deblocking_filter_idc = 1 (when the PPS allows it): flat cells need no filter
//   slice_data      → every macroblock flat: Intra_16x16 with vertical, horizontal or DC
//                     prediction from its (flat) neighbours and at most one DC level, so the
//                     decoder reconstructs exactly 16 (black) or 235 (white) luma and 128 chroma;
//                     in P pictures a macroblock whose cell did not change since the reference
//                     picture is skipped (P_Skip, motion 0: a copy of the same flat block).
// CAVLC only (the material is constrained baseline). A macroblock costs 6 bits when it
// continues its neighbour and about 20–40 when its cell changes: about 600 bytes for a
// 720p IDR band, tens of bytes for a P frame whose sequence number advanced.
//
// One writer per event-loop thread: it owns its scratch buffers (allocated once).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "media/h264/h264_parameter_sets.h"
#include "media/h264/h264_slice_header.h"
#include "tools/loadgen/stamp_geometry.h"

namespace softmcu::loadgen {

// What the writer needs of the material slice it replaces; built once per material frame.
struct StampSliceTemplate {
  static constexpr size_t kMaxHeaderBytes = 64;

  uint8_t nal_header = 0;  // the material slice's: same nal_unit_type and nal_ref_idc
  H264SliceType type = H264SliceType::kI;
  std::array<uint8_t, kMaxHeaderBytes> header_bits{};  // RBSP bits before slice_qp_delta
  size_t header_bit_count = 0;
  int32_t pic_init_qp = 26;
  bool deblocking_filter_control_present = false;
  bool constrained_intra_pred = false;

  // `nalu`: the material's first slice (header byte included). Fails unless it is an I or
  // P slice starting at macroblock 0 of a CAVLC 4:2:0 frame picture.
  static Result<StampSliceTemplate> FromSlice(std::span<const uint8_t> nalu, const H264Sps& sps,
                                              const H264Pps& pps);
};

class StampSliceWriter {
 public:
  static constexpr uint8_t kBlack = 16;
  static constexpr uint8_t kWhite = 235;
  static constexpr int32_t kSliceQp = 28;

  explicit StampSliceWriter(size_t max_band_macroblocks = 4096);

  // Writes 00 00 00 01 + the slice NAL unit for `cells` (StampCode bits) into `out`;
  // returns its size, or nullopt if `out` is too small. `reference`: the cells the decoder's
  // reference picture shows (the previous reference frame sent), for P templates; nullopt
  // codes every macroblock.
  std::optional<size_t> Write(const StampSliceTemplate& tmpl, const StampGeometry& geometry, uint64_t cells,
                              std::optional<uint64_t> reference, std::span<uint8_t> out);

  // Most bytes Write() needs for `geometry`.
  static size_t MaxSliceSize(const StampGeometry& geometry);

 private:
  std::vector<uint8_t> rbsp_;
  std::vector<uint8_t> coded_;  // per band macroblock: intra-coded in this slice
};

}  // namespace softmcu::loadgen
