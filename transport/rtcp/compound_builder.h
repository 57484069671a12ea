#pragma once
// Appends RTCP packets back to back into a caller's buffer, forming a compound packet
// (RFC 3550 §6.1). A packet that does not fit is refused whole — nothing past the last
// complete packet is ever counted — so a sender can stop, send what it has, and put the
// rest in the next datagram.
//
//   uint8_t datagram[1200];
//   RtcpCompoundBuilder builder(datagram);
//   if (!builder.Add(receiver_report) || !builder.Add(Sdes::WithCname(ssrc, cname))) ...
//   socket.Send(builder.data());
//
// It adds no padding and does not order packets: RFC 3550 §6.1 wants an SR/RR first and an
// SDES CNAME in every full compound; adding them is the caller's job (RFC 5506 reduced-size
// RTCP sends feedback alone). Lifetime: the buffer must outlive the builder and data().
// Not thread-safe.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/byte_io.h"

namespace softmcu::rtcp {

// Every typed packet in transport/rtcp/ (SenderReport, Nack, Remb, ...).
template <typename P>
concept RtcpPacket = requires(const P& packet, ByteWriter& writer) {
  { packet.BlockLength() } -> std::convertible_to<size_t>;
  { packet.Serialize(writer) } -> std::convertible_to<size_t>;
};

class RtcpCompoundBuilder {
 public:
  explicit RtcpCompoundBuilder(std::span<uint8_t> buffer) : buffer_(buffer) {}

  // Appends `packet`; false when it does not fit in what is left of the buffer or cannot be
  // serialized (e.g. an empty NACK), leaving the compound as it was.
  template <RtcpPacket P>
  [[nodiscard]] bool Add(const P& packet) {
    if (packet.BlockLength() > remaining()) return false;
    // A writer over the free tail only, so a failed Serialize cannot touch committed packets.
    ByteWriter writer(buffer_.subspan(size_));
    const size_t written = packet.Serialize(writer);
    if (written == 0 || !writer.ok() || written != writer.size()) return false;
    size_ += written;
    return true;
  }

  size_t size() const { return size_; }
  size_t remaining() const { return buffer_.size() - size_; }
  bool empty() const { return size_ == 0; }
  // The compound so far.
  std::span<const uint8_t> data() const { return buffer_.first(size_); }

 private:
  std::span<uint8_t> buffer_;
  size_t size_ = 0;
};

}  // namespace softmcu::rtcp
