#include "signaling/dialog/local_sdp_versions.h"

#include <charconv>
#include <string>

namespace softmcu::sip {
namespace {

// Versions are 1*DIGIT and may exceed 64 bits on some peers; ours stay small, but the
// increment is done on the text so any value the conference chose survives.
std::string Increment(std::string digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] < '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

}  // namespace

sdp::SessionDescription LocalSdpVersions::Next(sdp::SessionDescription proposed) {
  if (!current_) {
    current_ = std::move(proposed);
    return *current_;
  }
  const sdp::Origin previous = current_->origin;
  sdp::SessionDescription unchanged_candidate = proposed;
  unchanged_candidate.origin = previous;
  if (unchanged_candidate == *current_) return *current_;
  previous_ = current_;
  proposed.origin.session_id = previous.session_id;
  proposed.origin.session_version = Increment(previous.session_version);
  current_ = std::move(proposed);
  return *current_;
}

void LocalSdpVersions::Rollback() {
  if (previous_) current_ = std::move(previous_);
  previous_.reset();
}

bool SameSdpVersion(const sdp::SessionDescription& previous, const sdp::SessionDescription& offer) {
  return previous.origin.session_id == offer.origin.session_id &&
         previous.origin.session_version == offer.origin.session_version &&
         previous.origin.username == offer.origin.username;
}

}  // namespace softmcu::sip
