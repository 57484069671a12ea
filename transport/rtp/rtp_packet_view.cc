#include "transport/rtp/rtp_packet_view.h"

#include "core/byte_io.h"
#include "core/check.h"

namespace softmcu {

const char* ToString(RtpParseError error) {
  switch (error) {
    case RtpParseError::kTooShort:
      return "shorter than the RTP fixed header";
    case RtpParseError::kBadVersion:
      return "RTP version is not 2";
    case RtpParseError::kCsrcPastEnd:
      return "CSRC list runs past the packet";
    case RtpParseError::kExtensionPastEnd:
      return "header extension runs past the packet";
    case RtpParseError::kBadPadding:
      return "padding length is invalid";
  }
  return "unknown RTP parse error";
}

tl::expected<RtpPacketView, RtpParseError> RtpPacketView::Parse(std::span<const uint8_t> packet) {
  if (packet.size() < kFixedHeaderSize) return tl::unexpected(RtpParseError::kTooShort);
  if ((packet[0] >> 6) != 2) return tl::unexpected(RtpParseError::kBadVersion);

  RtpPacketView v;
  v.data_ = packet;
  size_t pos = kFixedHeaderSize + 4 * size_t{packet[0] & 0x0fu};
  if (pos > packet.size()) return tl::unexpected(RtpParseError::kCsrcPastEnd);

  if (packet[0] & 0x10) {  // X: RFC 3550 §5.3.1, length counts 32-bit words after the 4-byte header
    if (packet.size() - pos < 4) return tl::unexpected(RtpParseError::kExtensionPastEnd);
    v.extension_profile_ = LoadBe16(&packet[pos]);
    size_t words = LoadBe16(&packet[pos + 2]);
    pos += 4;
    if ((packet.size() - pos) / 4 < words) return tl::unexpected(RtpParseError::kExtensionPastEnd);
    v.extension_ = packet.subspan(pos, words * 4);
    pos += words * 4;
  }
  v.header_size_ = pos;

  size_t end = packet.size();
  if (packet[0] & 0x20) {  // P: RFC 3550 §5.1, the last octet counts the padding, itself included
    size_t count = packet.back();
    if (count == 0 || count > end - pos) return tl::unexpected(RtpParseError::kBadPadding);
    v.padding_size_ = count;
    end -= count;
  }
  v.payload_ = packet.subspan(pos, end - pos);
  return v;
}

bool RtpPacketView::LooksLikeRtcp(std::span<const uint8_t> packet) {
  if (packet.size() < 2) return false;
  uint8_t pt = packet[1];
  return pt >= 192 && pt <= 223;
}

uint16_t RtpPacketView::sequence_number() const {
  return LoadBe16(&data_[2]);
}
uint32_t RtpPacketView::timestamp() const {
  return LoadBe32(&data_[4]);
}
uint32_t RtpPacketView::ssrc() const {
  return LoadBe32(&data_[8]);
}

uint32_t RtpPacketView::csrc(size_t index) const {
  SOFTMCU_DCHECK(index < csrc_count());
  return LoadBe32(&data_[kFixedHeaderSize + 4 * index]);
}

std::optional<std::span<const uint8_t>> RtpPacketView::FindExtension(uint8_t id) const {
  const auto& ext = extension_;
  size_t pos = 0;
  if (extension_profile_ == kOneByteExtensionProfile) {
    // RFC 8285 §4.2: ID(4) L(4), L+1 bytes of data; ID 0 is a padding byte; ID 15 stops.
    while (pos < ext.size()) {
      uint8_t element_id = ext[pos] >> 4;
      if (element_id == 0) {
        ++pos;
        continue;
      }
      if (element_id == 15) return std::nullopt;
      size_t len = size_t{ext[pos] & 0x0fu} + 1;
      ++pos;
      if (len > ext.size() - pos) return std::nullopt;
      if (element_id == id) return ext.subspan(pos, len);
      pos += len;
    }
  } else if ((extension_profile_ & kTwoByteExtensionProfileMask) == kTwoByteExtensionProfile) {
    // RFC 8285 §4.3: ID(8) L(8), L bytes of data (L may be 0); ID 0 is a padding byte.
    while (pos < ext.size()) {
      uint8_t element_id = ext[pos];
      if (element_id == 0) {
        ++pos;
        continue;
      }
      if (ext.size() - pos < 2) return std::nullopt;
      size_t len = ext[pos + 1];
      pos += 2;
      if (len > ext.size() - pos) return std::nullopt;
      if (element_id == id) return ext.subspan(pos, len);
      pos += len;
    }
  }
  return std::nullopt;
}

}  // namespace softmcu
