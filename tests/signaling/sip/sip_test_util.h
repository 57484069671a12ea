#pragma once
// Helpers shared by the SIP message tests.

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace softmcu::sip::testing {

// The bytes of tests/signaling/sip/rfc4475/<name>.dat.
inline std::string ReadTorture(std::string_view name) {
  const std::string path =
      std::string(SOFTMCU_SOURCE_DIR) + "/tests/signaling/sip/rfc4475/" + std::string(name) + ".dat";
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Turns "\n" into "\r\n" so test messages can be written as plain string literals.
inline std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// A minimal valid INVITE without body, one header a line; tests edit copies of it.
inline constexpr std::string_view kInvite =
    "INVITE sip:bob@192.0.2.4 SIP/2.0\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\n"
    "Max-Forwards: 70\n"
    "To: Bob <sip:bob@192.0.2.4>\n"
    "From: \"Alice\" <sip:alice@192.0.2.1>;tag=1928301774\n"
    "Call-ID: a84b4c76e66710@192.0.2.1\n"
    "CSeq: 314159 INVITE\n"
    "Contact: <sip:alice@192.0.2.1:5060>\n"
    "Content-Length: 0\n"
    "\n";

}  // namespace softmcu::sip::testing
