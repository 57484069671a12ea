#pragma once
// A parsed view over one RTP packet (RFC 3550 §5.1) with its header extensions
// (RFC 8285). The view points into the caller's buffer: it is valid only as long as
// that buffer (normally a pooled PacketBuffer for the duration of one receive callback).
// Parsing checks every length against the buffer; accessors never read out of bounds.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           timestamp                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           synchronization source (SSRC) identifier            |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |            contributing source (CSRC) identifiers             |
//  |                             ....                              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      defined by profile       |           length              |  (if X)
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                        header extension                       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <tl/expected.hpp>

namespace softmcu {

enum class RtpParseError {
  kTooShort,          // fewer than 12 bytes
  kBadVersion,        // V != 2
  kCsrcPastEnd,       // CC * 4 bytes of CSRC do not fit
  kExtensionPastEnd,  // extension header or its length field runs past the buffer
  kBadPadding,        // padding count 0 or larger than what follows the header
};

const char* ToString(RtpParseError error);

// RFC 8285 §4.2 and §4.3 profiles of the extension block.
inline constexpr uint16_t kOneByteExtensionProfile = 0xBEDE;
inline constexpr uint16_t kTwoByteExtensionProfileMask = 0xFFF0;
inline constexpr uint16_t kTwoByteExtensionProfile = 0x1000;

class RtpPacketView {
 public:
  static constexpr size_t kFixedHeaderSize = 12;

  static tl::expected<RtpPacketView, RtpParseError> Parse(std::span<const uint8_t> packet);

  // Cheap test used to demultiplex RTP from RTCP on an rtcp-mux port (RFC 5761 §4):
  // RTCP packet types 192–223 land in the second byte's PT+M range 64–95.
  static bool LooksLikeRtcp(std::span<const uint8_t> packet);

  bool marker() const { return (data_[1] & 0x80) != 0; }
  uint8_t payload_type() const { return data_[1] & 0x7f; }
  uint16_t sequence_number() const;
  uint32_t timestamp() const;
  uint32_t ssrc() const;
  size_t csrc_count() const { return data_[0] & 0x0f; }
  uint32_t csrc(size_t index) const;  // index < csrc_count(), checked in debug

  bool has_extension() const { return extension_profile_ != 0 || !extension_.empty(); }
  uint16_t extension_profile() const { return extension_profile_; }
  std::span<const uint8_t> extension_block() const { return extension_; }

  // The value of extension element `id` (RFC 8285), or nullopt if absent or if the
  // element list is malformed before reaching it (§4.2: stop at a bad element).
  std::optional<std::span<const uint8_t>> FindExtension(uint8_t id) const;

  size_t header_size() const { return header_size_; }
  size_t padding_size() const { return padding_size_; }
  std::span<const uint8_t> payload() const { return payload_; }
  std::span<const uint8_t> data() const { return data_; }

 private:
  RtpPacketView() = default;

  std::span<const uint8_t> data_;
  std::span<const uint8_t> extension_;
  std::span<const uint8_t> payload_;
  uint16_t extension_profile_ = 0;
  size_t header_size_ = 0;
  size_t padding_size_ = 0;
};

}  // namespace softmcu
