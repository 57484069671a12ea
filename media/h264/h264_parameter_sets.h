#pragma once
// The latest H.264 sequence and picture parameter sets of one stream, by id, as raw NAL
// units (to re-send them in front of an IDR) and parsed just enough to report the stream's
// profile, level and resolution and to find which SPS/PPS a slice refers to.
//
// Sources: SPS/PPS NAL units seen in-band (the depacketizer adds them as they pass) and the
// SDP fmtp parameter sprop-parameter-sets (RFC 6184 §8.1).
//
// Wire input never throws: H264Sps::Parse / H264Pps::Parse return an error value for a
// malformed unit, and a malformed unit is never stored. Adding a set identical to the stored
// one copies nothing; a changed set reuses the stored vector's capacity, so a stream that
// repeats its parameter sets before every IDR allocates nothing in steady state.
// One thread (the owner's).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "core/result.h"

namespace softmcu {

enum class H264ParseError {
  kEmpty,            // no bytes
  kWrongNaluType,    // not the NAL unit type the parser expects
  kTruncated,        // the RBSP ends before the fields we read
  kValueOutOfRange,  // a field outside the range H.264 allows (ids, sizes, cropping)
  kTooLarge,         // a parameter set bigger than kMaxParameterSetSize
  kUnsupported,      // valid H.264 we do not read (slice groups, weighted prediction, MVC)
};

const char* ToString(H264ParseError error);

// The fields of a sequence parameter set we use (H.264 §7.3.2.1.1); VUI is not parsed.
struct H264Sps {
  uint8_t profile_idc = 0;
  uint8_t constraint_flags = 0;  // constraint_set0_flag..set5_flag + reserved_zero_2bits, as on the wire
  uint8_t level_idc = 0;         // level × 10 (e.g. 31 = level 3.1)
  uint32_t sps_id = 0;
  uint32_t chroma_format_idc = 1;  // 4:2:0 unless a high profile says otherwise
  bool separate_colour_plane = false;
  // What a slice header's layout depends on (§7.3.3): frame_num and pic_order_cnt_lsb widths.
  uint32_t log2_max_frame_num = 4;
  uint32_t pic_order_cnt_type = 0;
  uint32_t log2_max_pic_order_cnt_lsb = 4;  // pic_order_cnt_type 0 only
  bool delta_pic_order_always_zero = false;  // pic_order_cnt_type 1 only
  uint32_t max_num_ref_frames = 0;
  bool frame_mbs_only = true;
  uint32_t coded_width = 0;  // macroblock-aligned luma size
  uint32_t coded_height = 0;
  uint32_t width = 0;  // after frame cropping (§7.4.2.1.1): the display size
  uint32_t height = 0;

  // `nalu` is the whole NAL unit, header byte included (type must be 7).
  static tl::expected<H264Sps, H264ParseError> Parse(std::span<const uint8_t> nalu);
};

// The fields of a picture parameter set we use (§7.3.2.2).
struct H264Pps {
  uint32_t pps_id = 0;
  uint32_t sps_id = 0;
  // The fields after the ids, up to redundant_pic_cnt_present_flag: what a slice header's
  // layout depends on. Parse() needs only the ids (a PPS is stored and routed by them);
  // `has_slice_fields` says whether the rest parsed too. False as well with slice groups
  // (FMO, not in any profile we negotiate), whose map is not read.
  bool has_slice_fields = false;
  bool entropy_coding_mode = false;  // CABAC
  bool bottom_field_pic_order_in_frame_present = false;
  uint32_t num_slice_groups = 1;
  uint32_t num_ref_idx_l0_default_active = 1;
  uint32_t num_ref_idx_l1_default_active = 1;
  bool weighted_pred = false;
  uint32_t weighted_bipred_idc = 0;
  int32_t pic_init_qp = 26;
  int32_t pic_init_qs = 26;
  int32_t chroma_qp_index_offset = 0;
  bool deblocking_filter_control_present = false;
  bool constrained_intra_pred = false;
  bool redundant_pic_cnt_present = false;

  // `nalu` is the whole NAL unit, header byte included (type must be 8).
  static tl::expected<H264Pps, H264ParseError> Parse(std::span<const uint8_t> nalu);
};

class H264ParameterSets {
 public:
  static constexpr size_t kMaxSpsId = 31;   // §7.4.2.1.1
  static constexpr size_t kMaxPpsId = 255;  // §7.4.2.2
  // Real SPS/PPS are tens of bytes (a few hundred with scaling lists and VUI).
  static constexpr size_t kMaxParameterSetSize = 4096;

  // A stored SPS and PPS as NAL units (no start codes), both non-empty.
  struct Pair {
    std::span<const uint8_t> sps;
    std::span<const uint8_t> pps;
  };

  H264ParameterSets() = default;

  // Stores an SPS or PPS NAL unit (header byte included), replacing the one with its id.
  tl::expected<void, H264ParseError> Add(std::span<const uint8_t> nalu);

  // Parses an SDP sprop-parameter-sets value, RFC 6184 §8.1:
  //   sprop-parameter-sets = base64-nalu *("," base64-nalu)
  // and stores every SPS and PPS in it (other NAL unit types are skipped, as the RFC allows
  // only parameter sets there). All or nothing: on any bad base64 or malformed set nothing
  // is stored. Returns the number of sets stored. Control plane: allocates.
  Result<size_t> AddSpropParameterSets(std::string_view value);

  // nullptr / empty span if no set with that id is stored.
  const H264Sps* sps(uint32_t id) const;
  const H264Pps* pps(uint32_t id) const;
  std::span<const uint8_t> sps_nalu(uint32_t id) const;
  std::span<const uint8_t> pps_nalu(uint32_t id) const;
  // The SPS stored last (for reporting the current resolution), or nullptr.
  const H264Sps* latest_sps() const;

  // The SPS/PPS a slice refers to. `slice_payload` is the slice NAL unit after its header
  // byte (only its first bytes are read, so the first FU-A fragment is enough). It holds
  // first_mb_in_slice, slice_type, pic_parameter_set_id (§7.3.3): the PPS with that id and
  // its SPS are returned; when the header does not parse or they are unknown, the latest PPS
  // and its SPS. nullopt if no usable pair is stored.
  std::optional<Pair> ForSlice(std::span<const uint8_t> slice_payload) const;

  // pic_parameter_set_id from a slice header (bytes after the NAL unit header).
  static std::optional<uint32_t> SlicePpsId(std::span<const uint8_t> slice_payload);

  void Clear();

 private:
  struct SpsEntry {
    bool present = false;
    H264Sps parsed;
    std::vector<uint8_t> nalu;
  };
  struct PpsEntry {
    bool present = false;
    H264Pps parsed;
    std::vector<uint8_t> nalu;
  };

  std::optional<Pair> PairFor(uint32_t pps_id) const;

  std::array<SpsEntry, kMaxSpsId + 1> sps_;
  std::array<PpsEntry, kMaxPpsId + 1> pps_;
  std::optional<uint32_t> latest_sps_id_;
  std::optional<uint32_t> latest_pps_id_;
};

}  // namespace softmcu
