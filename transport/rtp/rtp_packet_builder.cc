#include "transport/rtp/rtp_packet_builder.h"

#include <cstring>

#include "core/byte_io.h"
#include "transport/rtp/rtp_packet_view.h"

namespace softmcu {

bool RtpPacketBuilder::AddCsrc(uint32_t csrc) {
  if (csrc_count_ == kMaxCsrcs) return false;
  csrcs_[csrc_count_++] = csrc;
  return true;
}

bool RtpPacketBuilder::AddExtension(uint8_t id, std::span<const uint8_t> data) {
  if (id == 0 || data.size() > 255 || extension_count_ == kMaxExtensions) return false;
  extensions_[extension_count_++] = {id, data};
  return true;
}

bool RtpPacketBuilder::UseOneByteForm() const {
  for (size_t i = 0; i < extension_count_; ++i) {
    const auto& e = extensions_[i];
    if (e.id > 14 || e.data.empty() || e.data.size() > 16) return false;
  }
  return true;
}

size_t RtpPacketBuilder::ExtensionBlockSize() const {
  if (extension_count_ == 0) return 0;
  size_t per_element = UseOneByteForm() ? 1 : 2;
  size_t body = 0;
  for (size_t i = 0; i < extension_count_; ++i) body += per_element + extensions_[i].data.size();
  return 4 + (body + 3) / 4 * 4;
}

size_t RtpPacketBuilder::HeaderSize() const {
  return RtpPacketView::kFixedHeaderSize + 4 * csrc_count_ + ExtensionBlockSize();
}

std::optional<size_t> RtpPacketBuilder::Write(std::span<const uint8_t> payload,
                                              std::span<uint8_t> out) const {
  const size_t header = HeaderSize();
  const size_t total = header + payload.size() + padding_;
  if (total > out.size()) return std::nullopt;

  // Payload first: it may live in `out` already, where the header is about to go.
  if (!payload.empty() && payload.data() != out.data() + header) {
    std::memmove(out.data() + header, payload.data(), payload.size());
  }

  uint8_t* p = out.data();
  p[0] = uint8_t(0x80 | (padding_ ? 0x20 : 0) | (extension_count_ ? 0x10 : 0) | csrc_count_);
  p[1] = uint8_t((marker_ ? 0x80 : 0) | payload_type_);
  StoreBe16(p + 2, sequence_number_);
  StoreBe32(p + 4, timestamp_);
  StoreBe32(p + 8, ssrc_);
  size_t pos = RtpPacketView::kFixedHeaderSize;
  for (size_t i = 0; i < csrc_count_; ++i, pos += 4) StoreBe32(p + pos, csrcs_[i]);

  if (extension_count_) {
    const bool one_byte = UseOneByteForm();
    const size_t block = ExtensionBlockSize();
    StoreBe16(p + pos, one_byte ? kOneByteExtensionProfile : kTwoByteExtensionProfile);
    StoreBe16(p + pos + 2, uint16_t((block - 4) / 4));
    size_t end = pos + block;
    pos += 4;
    for (size_t i = 0; i < extension_count_; ++i) {
      const auto& e = extensions_[i];
      if (one_byte) {
        p[pos++] = uint8_t((e.id << 4) | (e.data.size() - 1));
      } else {
        p[pos++] = e.id;
        p[pos++] = uint8_t(e.data.size());
      }
      if (!e.data.empty()) std::memcpy(p + pos, e.data.data(), e.data.size());
      pos += e.data.size();
    }
    std::memset(p + pos, 0, end - pos);  // RFC 8285: padding bytes are ID 0
    pos = end;
  }

  if (padding_) {
    std::memset(p + header + payload.size(), 0, padding_ - 1);
    p[total - 1] = padding_;
  }
  return total;
}

}  // namespace softmcu
