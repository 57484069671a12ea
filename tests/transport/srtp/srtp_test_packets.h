#pragma once
// Packet builders for the SRTP tests. Payload bytes are stamped with the SSRC's low byte
// and the sequence number (CONVENTIONS.md §16), so a decrypted packet from the wrong
// stream or index never compares equal by accident.

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace softmcu::testing {

inline void PutWord(std::vector<uint8_t>& p, uint32_t word) {
  p.insert(p.end(), {static_cast<uint8_t>(word >> 24), static_cast<uint8_t>(word >> 16),
                     static_cast<uint8_t>(word >> 8), static_cast<uint8_t>(word)});
}

// RTP (RFC 3550 §5.1): V=2, PT 96, `csrcs` CSRCs, optionally a one-byte-form header
// extension block (RFC 8285 §4.2) of two words, then `payload_size` stamped bytes.
inline std::vector<uint8_t> MakeRtp(uint32_t ssrc, uint16_t seq, size_t payload_size, int csrcs = 0,
                                    bool extension = false) {
  std::vector<uint8_t> p;
  // V=2 P=0 X CC | M=0 PT=96 | sequence number
  PutWord(p, 0x80000000u | (extension ? 0x10000000u : 0) | uint32_t(csrcs) << 24 | 96u << 16 | seq);
  PutWord(p, 0x0001e240);                                                              // timestamp
  PutWord(p, ssrc);                                                                    // SSRC
  for (int i = 0; i < csrcs; ++i) PutWord(p, 0x0c5c0000u | static_cast<uint32_t>(i));  // CSRC i
  if (extension) {
    PutWord(p, 0xbede0002);  // one-byte form, 2 words
    PutWord(p, 0x107f2212);  // id 1 (1 byte: audio level 0x7f), id 2 (3 bytes: 12 34 00 ...)
    PutWord(p, 0x34000000);  // ... 34 00, then padding
  }
  const uint8_t stamp[3] = {static_cast<uint8_t>(ssrc), static_cast<uint8_t>(seq >> 8),
                            static_cast<uint8_t>(seq)};
  for (size_t i = 0; i < payload_size; ++i) p.push_back(stamp[i % 3] ^ static_cast<uint8_t>(i));
  return p;
}

// RTCP sender report without report blocks (RFC 3550 §6.4.1), 28 bytes; `stamp` goes in
// the packet and octet counts.
inline std::vector<uint8_t> MakeRtcpSr(uint32_t ssrc, uint32_t stamp) {
  std::vector<uint8_t> p;
  PutWord(p, 0x80c80006);  // V=2 P=0 RC=0 | PT=200 (SR) | length 6
  PutWord(p, ssrc);        // SSRC of sender
  PutWord(p, 0xe76d9a00);  // NTP timestamp, most significant word
  PutWord(p, 0x12345678);  // NTP timestamp, least significant word
  PutWord(p, 0x0001e240);  // RTP timestamp
  PutWord(p, stamp);       // sender's packet count
  PutWord(p, stamp);       // sender's octet count
  return p;
}

// An in-place processing buffer the size of a PacketBuffer, 4-byte aligned like one.
struct TestBuffer {
  alignas(8) std::array<uint8_t, 2048> storage{};
  size_t len = 0;

  explicit TestBuffer(std::span<const uint8_t> packet) { Load(packet); }
  void Load(std::span<const uint8_t> packet) {
    std::memcpy(storage.data(), packet.data(), packet.size());
    len = packet.size();
  }
  std::vector<uint8_t> bytes() const { return {storage.begin(), storage.begin() + static_cast<long>(len)}; }
  std::span<uint8_t> span() { return storage; }
};

}  // namespace softmcu::testing
