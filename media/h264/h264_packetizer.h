#pragma once
// Splits one encoded H.264 access unit (Annex B, as OpenH264 or FFmpeg produce it) into RTP
// payloads per RFC 6184, packetization-mode 1 (non-interleaved, §6.3) or 0 (single NAL unit,
// §6.2), for a stream we send.
//
//   mode 1: consecutive NAL units that fit together in max_payload_size go into one STAP-A
//           (§5.7.1) — in practice SPS + PPS (+ SEI, AUD) before an IDR, or a run of small
//           slices; a NAL unit that fits alone goes as a single NAL unit packet (§5.6); a
//           bigger one is cut into FU-As (§5.8) of near-equal size.
//   mode 0: one single NAL unit packet per NAL unit; a NAL unit bigger than max_payload_size
//           is an error (the encoder must be configured with a slice size limit).
// The marker bit is set on the last packet of the access unit (§5.1).
//
// API: SetAccessUnit() plans the packets; then NextPacket() writes each as a whole RTP packet
// through the caller's RtpPacketBuilder (which holds the stream's SSRC, payload type and
// extensions; the caller sets the sequence number per packet, the packetizer sets timestamp
// and marker), or NextPayload() writes just the payload. Pulling packets one at a time keeps
// the caller in charge of buffers and pacing, and nothing is copied twice: the payload is
// written straight into the caller's packet buffer.
//
//   packetizer.SetAccessUnit(annex_b, rtp_timestamp);
//   while (packetizer.HasNext()) {
//     builder.SetSequenceNumber(seq++);
//     auto size = packetizer.NextPacket(builder, buffer);
//     Send(buffer.first(*size));
//   }
//
// The access unit is referenced, not copied: it must stay valid and unchanged until the
// last packet is taken. The plan's storage is reserved at construction and grows only for
// an access unit with more NAL units/packets than any before. One thread (the owner's).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <tl/expected.hpp>
#include <vector>

#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {

// The SDP fmtp packetization-mode (RFC 6184 §8.1). Interleaved mode (2) is not supported.
enum class H264PacketizationMode { kSingleNalUnit = 0, kNonInterleaved = 1 };

class H264Packetizer {
 public:
  struct Config {
    size_t max_payload_size = 1200;  // at least 3 (an FU-A carries 2 bytes of headers)
    H264PacketizationMode mode = H264PacketizationMode::kNonInterleaved;
  };

  enum class Error {
    kNoNalUnits,       // no start code, or only empty NAL units
    kInvalidNaluType,  // a NAL unit of type 0 or 24–31 (the RTP format's own types)
    kNalUnitTooLarge,  // packetization-mode 0 and a NAL unit over max_payload_size
  };
  static const char* ToString(Error error);

  struct Payload {
    size_t size = 0;
    bool marker = false;
  };

  explicit H264Packetizer(Config config);

  // Plans the packets for `annex_b`, discarding any not yet taken. Returns their number.
  tl::expected<size_t, Error> SetAccessUnit(std::span<const uint8_t> annex_b, uint32_t rtp_timestamp);

  bool HasNext() const { return next_ < plan_.size(); }
  size_t remaining() const { return plan_.size() - next_; }
  // Size of the next payload, 0 if none.
  size_t next_payload_size() const { return HasNext() ? plan_[next_].size : 0; }

  // Writes the next payload into `out`; nullopt (nothing taken) if none is left or `out`
  // is smaller than next_payload_size().
  std::optional<Payload> NextPayload(std::span<uint8_t> out);

  // Sets `builder`'s timestamp and marker and writes the next whole RTP packet into `out`;
  // returns its size. nullopt (nothing taken) if none is left or it does not fit `out`.
  std::optional<size_t> NextPacket(RtpPacketBuilder& builder, std::span<uint8_t> out);

  const Config& config() const { return config_; }

 private:
  enum class Kind : uint8_t { kSingle, kStapA, kFuA };
  struct Planned {
    Kind kind = Kind::kSingle;
    bool first_fragment = false;  // FU-A S bit
    bool last_fragment = false;   // FU-A E bit
    size_t nalu = 0;              // index into nalus_ (first one for a STAP-A)
    size_t count = 1;             // STAP-A: NAL units aggregated
    size_t offset = 0;            // FU-A: offset of the fragment in the NAL unit's payload
    size_t fragment_size = 0;     // FU-A: bytes of the NAL unit's payload carried
    size_t size = 0;              // the RTP payload's size
  };

  void PlanNonInterleaved();
  void PlanFragments(size_t nalu_index);
  size_t WritePayload(const Planned& p, std::span<uint8_t> out) const;

  const Config config_;
  std::vector<std::span<const uint8_t>> nalus_;
  std::vector<Planned> plan_;
  size_t next_ = 0;
  uint32_t rtp_timestamp_ = 0;
};

}  // namespace softmcu
