#pragma once
// Shared helpers for the H.264 payload format tests: real parameter sets, stamped synthetic
// NAL units, Annex B assembly and a depacketizer listener that keeps copies.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "media/h264/h264_depacketizer.h"
#include "media/h264/h264_nalu.h"
#include "media/h264/h264_packetizer.h"

namespace softmcu::h264_test {

using Bytes = std::vector<uint8_t>;

// Real parameter sets from x264 (ffmpeg -f lavfi -i testsrc=size=WxH -c:v libx264 -f h264),
// decoded from their sprop-parameter-sets form; the sizes were checked with an independent
// parser.
// 1280x720, Constrained Baseline, level 3.1: "Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMuDyyA="
inline const Bytes kSps720p = {0x67, 0x42, 0xc0, 0x1f, 0xd9, 0x00, 0x50, 0x05, 0xbb, 0x01, 0x10, 0x00, 0x00,
                               0x03, 0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0xc0, 0xf1, 0x83, 0x24, 0x80};
inline const Bytes kPps720p = {0x68, 0xcb, 0x83, 0xcb, 0x20};
inline constexpr const char* kSprop720p = "Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMuDyyA=";
// 1920x1080 (coded 1920x1088, frame_crop_bottom_offset 4), High, level 4.0.
inline const Bytes kSps1080pHigh = {0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40, 0x78, 0x02,
                                    0x27, 0xe5, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04,
                                    0x00, 0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc6, 0x58};
inline const Bytes kPps1080pHigh = {0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0};
// 1920x1080, Constrained Baseline, level 4.0.
inline const Bytes kSps1080pBaseline = {0x67, 0x42, 0xc0, 0x28, 0xd9, 0x00, 0x78, 0x02, 0x27,
                                        0xe5, 0xc0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00,
                                        0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc9, 0x20};

// A NAL unit of `size` bytes (header included) stamped with `stamp`: never a zero byte, so no
// start code can appear inside. Slices start with a slice header whose first bits say
// first_mb_in_slice = 0 (or not, for `first_slice` false), slice_type, pps_id 0.
inline Bytes MakeNalu(H264NaluType type, size_t size, uint8_t stamp, bool first_slice = true) {
  const uint8_t nri = type == H264NaluType::kSei ? 0 : 0x60;
  Bytes nalu(size);
  nalu[0] = uint8_t(nri | uint8_t(type));
  for (size_t i = 1; i < size; ++i) nalu[i] = uint8_t(1 + (i * 31 + stamp) % 255);
  if (size > 1 && IsH264SliceType(type)) {
    // 1 | 011 | 1: first_mb_in_slice 0, slice_type 2 (I), pps_id 0; or 010 first: mb 1.
    nalu[1] = first_slice ? 0xb8 : 0x5c;
  }
  return nalu;
}

inline Bytes AnnexB(const std::vector<Bytes>& nalus) {
  Bytes out;
  for (const auto& n : nalus) {
    out.insert(out.end(), {0x00, 0x00, 0x00, 0x01});
    out.insert(out.end(), n.begin(), n.end());
  }
  return out;
}

struct RtpPayload {
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  bool marker = false;
  Bytes payload;
};

// Packetizes `annex_b` with `packetizer`, numbering packets from `seq` (advanced).
inline std::vector<RtpPayload> Packetize(H264Packetizer& packetizer, const Bytes& annex_b, uint32_t timestamp,
                                         uint16_t& seq) {
  std::vector<RtpPayload> out;
  auto count = packetizer.SetAccessUnit(annex_b, timestamp);
  EXPECT_TRUE(count.has_value());
  Bytes buffer(packetizer.config().max_payload_size);
  while (auto p = packetizer.NextPayload(buffer)) {
    out.push_back({seq++, timestamp, p->marker, Bytes(buffer.data(), buffer.data() + p->size)});
  }
  return out;
}

struct DeliveredAccessUnit {
  Bytes annex_b;
  uint32_t timestamp = 0;
  bool is_keyframe = false;
  bool has_sps = false;
  bool has_pps = false;
  bool prepended = false;
};

class CollectingListener : public H264Depacketizer::Listener {
 public:
  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& au) override {
    units.push_back({Bytes(au.annex_b.begin(), au.annex_b.end()), au.rtp_timestamp, au.is_keyframe,
                     au.has_sps, au.has_pps, au.parameter_sets_prepended});
  }
  std::vector<DeliveredAccessUnit> units;
};

inline void Feed(H264Depacketizer& depacketizer, const std::vector<RtpPayload>& packets) {
  for (const auto& p : packets) depacketizer.InsertPacket(p.seq, p.timestamp, p.marker, p.payload);
}

}  // namespace softmcu::h264_test
