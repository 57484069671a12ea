#pragma once
// Helpers for the SDP tests: reading the sample offers in tests/signaling/sdp/offers/.

#include <fstream>
#include <sstream>
#include <string>

namespace softmcu::sdp::testing {

inline std::string ReadOffer(const std::string& name) {
  std::ifstream in(std::string(SOFTMCU_SOURCE_DIR) + "/tests/signaling/sdp/offers/" + name + ".sdp",
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace softmcu::sdp::testing
