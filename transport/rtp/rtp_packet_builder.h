#pragma once
// Writes RTP packets (RFC 3550 §5.1) with CSRCs, RFC 8285 header extensions and
// padding into a caller's buffer. Nothing is allocated: extensions are referenced, not
// copied, until Write(), so their data must outlive the call.
//
// The one-byte extension form (§4.2) is used when every element fits it (ID 1–14, 1–16
// bytes); otherwise the two-byte form (§4.3, ID 1–255, 0–255 bytes).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu {

class RtpPacketBuilder {
 public:
  static constexpr size_t kMaxCsrcs = 15;
  static constexpr size_t kMaxExtensions = 16;

  RtpPacketBuilder& SetPayloadType(uint8_t pt) {
    payload_type_ = pt & 0x7f;
    return *this;
  }
  RtpPacketBuilder& SetMarker(bool marker) {
    marker_ = marker;
    return *this;
  }
  RtpPacketBuilder& SetSequenceNumber(uint16_t seq) {
    sequence_number_ = seq;
    return *this;
  }
  RtpPacketBuilder& SetTimestamp(uint32_t ts) {
    timestamp_ = ts;
    return *this;
  }
  RtpPacketBuilder& SetSsrc(uint32_t ssrc) {
    ssrc_ = ssrc;
    return *this;
  }
  // False if 15 CSRCs are already set.
  bool AddCsrc(uint32_t csrc);
  // False if the element can never be written (ID 0 or > 255, too many elements).
  bool AddExtension(uint8_t id, std::span<const uint8_t> data);
  // Bytes of padding to append (0 or 1–255), e.g. to hide sizes or fill a pacing budget.
  RtpPacketBuilder& SetPadding(uint8_t bytes) {
    padding_ = bytes;
    return *this;
  }

  size_t HeaderSize() const;

  // Writes header + payload + padding into `out`; returns the packet size, or nullopt
  // if it does not fit. `payload` may already sit at out[HeaderSize()] (in-place
  // packetizing): overlapping data is moved, not copied.
  std::optional<size_t> Write(std::span<const uint8_t> payload, std::span<uint8_t> out) const;

 private:
  struct Extension {
    uint8_t id;
    std::span<const uint8_t> data;
  };
  bool UseOneByteForm() const;
  size_t ExtensionBlockSize() const;

  uint8_t payload_type_ = 0;
  bool marker_ = false;
  uint16_t sequence_number_ = 0;
  uint32_t timestamp_ = 0;
  uint32_t ssrc_ = 0;
  uint8_t padding_ = 0;
  std::array<uint32_t, kMaxCsrcs> csrcs_{};
  size_t csrc_count_ = 0;
  std::array<Extension, kMaxExtensions> extensions_{};
  size_t extension_count_ = 0;
};

}  // namespace softmcu
