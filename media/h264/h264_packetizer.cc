#include "media/h264/h264_packetizer.h"

#include <algorithm>
#include <cstring>

#include "core/byte_io.h"
#include "core/check.h"
#include "media/h264/h264_nalu.h"

namespace softmcu {
namespace {

constexpr size_t kStapAHeaderSize = 1;   // STAP-A NAL HDR
constexpr size_t kStapALengthSize = 2;   // NALU size
constexpr size_t kFuAHeaderSize = 2;     // FU indicator + FU header
constexpr size_t kInitialNalus = 64;     // reserved at construction
constexpr size_t kInitialPackets = 256;  // ~300 KB at 1200 bytes: a big keyframe

}  // namespace

const char* H264Packetizer::ToString(Error error) {
  switch (error) {
    case Error::kNoNalUnits:
      return "no NAL units";
    case Error::kInvalidNaluType:
      return "NAL unit of type 0 or 24-31";
    case Error::kNalUnitTooLarge:
      return "NAL unit larger than the maximum payload";
  }
  return "unknown";
}

H264Packetizer::H264Packetizer(Config config) : config_(config) {
  SOFTMCU_CHECK(config_.max_payload_size >= kFuAHeaderSize + 1);
  nalus_.reserve(kInitialNalus);
  plan_.reserve(kInitialPackets);
}

tl::expected<size_t, H264Packetizer::Error> H264Packetizer::SetAccessUnit(std::span<const uint8_t> annex_b,
                                                                          uint32_t rtp_timestamp) {
  nalus_.clear();
  plan_.clear();
  next_ = 0;
  rtp_timestamp_ = rtp_timestamp;
  H264AnnexBScanner scanner(annex_b);
  while (auto nalu = scanner.Next()) {
    const uint8_t type = (*nalu)[0] & kH264NaluTypeMask;
    if (type == 0 || type >= 24) {
      nalus_.clear();
      return tl::unexpected(Error::kInvalidNaluType);
    }
    nalus_.push_back(*nalu);
  }
  if (nalus_.empty()) return tl::unexpected(Error::kNoNalUnits);

  if (config_.mode == H264PacketizationMode::kSingleNalUnit) {
    // RFC 6184 §6.2: only single NAL unit packets.
    for (size_t i = 0; i < nalus_.size(); ++i) {
      if (nalus_[i].size() > config_.max_payload_size) {
        nalus_.clear();
        plan_.clear();
        return tl::unexpected(Error::kNalUnitTooLarge);
      }
      plan_.push_back(Planned{.kind = Kind::kSingle, .nalu = i, .size = nalus_[i].size()});
    }
  } else {
    PlanNonInterleaved();
  }
  return plan_.size();
}

void H264Packetizer::PlanNonInterleaved() {
  const size_t max = config_.max_payload_size;
  size_t i = 0;
  while (i < nalus_.size()) {
    if (nalus_[i].size() > max) {
      PlanFragments(i++);
      continue;
    }
    // Greedy STAP-A: as many following NAL units as fit with their 2-byte sizes.
    size_t total = kStapAHeaderSize;
    size_t end = i;
    while (end < nalus_.size() && nalus_[end].size() <= max &&
           total + kStapALengthSize + nalus_[end].size() <= max) {
      total += kStapALengthSize + nalus_[end].size();
      ++end;
    }
    if (end - i >= 2) {
      plan_.push_back(Planned{.kind = Kind::kStapA, .nalu = i, .count = end - i, .size = total});
      i = end;
    } else {
      plan_.push_back(Planned{.kind = Kind::kSingle, .nalu = i, .size = nalus_[i].size()});
      ++i;
    }
  }
}

// §5.8: the NAL unit header is not sent (it travels in the FU indicator and FU header); its
// payload is cut into n pieces of near-equal size, the first ones a byte larger when it does
// not divide evenly, so no tiny last fragment wastes a packet's overhead.
void H264Packetizer::PlanFragments(size_t nalu_index) {
  const size_t payload = nalus_[nalu_index].size() - kH264NaluHeaderSize;
  const size_t per_packet = config_.max_payload_size - kFuAHeaderSize;
  const size_t n = (payload + per_packet - 1) / per_packet;
  const size_t base = payload / n;
  const size_t larger = payload % n;
  size_t offset = 0;
  for (size_t k = 0; k < n; ++k) {
    const size_t size = base + (k < larger ? 1 : 0);
    plan_.push_back(Planned{.kind = Kind::kFuA,
                            .first_fragment = k == 0,
                            .last_fragment = k + 1 == n,
                            .nalu = nalu_index,
                            .offset = offset,
                            .fragment_size = size,
                            .size = kFuAHeaderSize + size});
    offset += size;
  }
}

size_t H264Packetizer::WritePayload(const Planned& p, std::span<uint8_t> out) const {
  ByteWriter w(out);
  switch (p.kind) {
    case Kind::kSingle:
      w.Bytes(nalus_[p.nalu]);
      break;
    case Kind::kStapA: {
      // §5.7.1: F is the OR and NRI the maximum of the aggregated units'.
      uint8_t f = 0;
      uint8_t nri = 0;
      for (size_t k = 0; k < p.count; ++k) {
        const uint8_t header = nalus_[p.nalu + k][0];
        f |= header & kH264ForbiddenBit;
        nri = std::max<uint8_t>(nri, header & kH264NriMask);
      }
      w.U8(uint8_t(f | nri | uint8_t(H264NaluType::kStapA)));
      for (size_t k = 0; k < p.count; ++k) {
        w.U16(uint16_t(nalus_[p.nalu + k].size()));
        w.Bytes(nalus_[p.nalu + k]);
      }
      break;
    }
    case Kind::kFuA: {
      const std::span<const uint8_t> nalu = nalus_[p.nalu];
      const uint8_t header = nalu[0];
      w.U8(uint8_t((header & (kH264ForbiddenBit | kH264NriMask)) | uint8_t(H264NaluType::kFuA)));
      w.U8(uint8_t((p.first_fragment ? 0x80 : 0) | (p.last_fragment ? 0x40 : 0) |
                   (header & kH264NaluTypeMask)));
      w.Bytes(nalu.subspan(kH264NaluHeaderSize + p.offset, p.fragment_size));
      break;
    }
  }
  SOFTMCU_DCHECK(w.ok() && w.size() == p.size);
  return w.size();
}

std::optional<H264Packetizer::Payload> H264Packetizer::NextPayload(std::span<uint8_t> out) {
  if (!HasNext() || out.size() < plan_[next_].size) return std::nullopt;
  const Planned& p = plan_[next_++];
  return Payload{WritePayload(p, out), next_ == plan_.size()};
}

std::optional<size_t> H264Packetizer::NextPacket(RtpPacketBuilder& builder, std::span<uint8_t> out) {
  if (!HasNext()) return std::nullopt;
  const Planned& p = plan_[next_];
  const bool marker = next_ + 1 == plan_.size();
  const size_t header_size = builder.HeaderSize();
  if (out.size() < header_size + p.size) return std::nullopt;
  builder.SetTimestamp(rtp_timestamp_).SetMarker(marker);
  // Write the payload where the builder will put it, then the header in front (in place).
  const size_t payload_size = WritePayload(p, out.subspan(header_size));
  auto size = builder.Write(std::span<const uint8_t>(out.data() + header_size, payload_size), out);
  if (!size) return std::nullopt;  // padding did not fit
  ++next_;
  return size;
}

}  // namespace softmcu
