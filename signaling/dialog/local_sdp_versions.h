#pragma once
// Keeps the o= line of the SDP we send in one session right (RFC 3264 §8, RFC 8866 §5.2):
// the same session id throughout, a version that grows by one each time the description
// changes, and the same version when it does not (a session refresh re-sends the same
// SDP, which the peer then knows changes nothing). The conference layer may hand us any
// o= line; this class rewrites it.

#include <optional>

#include "signaling/sdp/session_description.h"

namespace softmcu::sip {

class LocalSdpVersions {
 public:
  // The description to send for `proposed`, with its o= session id and version fixed.
  sdp::SessionDescription Next(sdp::SessionDescription proposed);
  // The offer that produced the current description was refused: back to the one before.
  void Rollback();
  const std::optional<sdp::SessionDescription>& current() const { return current_; }

 private:
  std::optional<sdp::SessionDescription> current_;
  std::optional<sdp::SessionDescription> previous_;
};

// True if `offer` repeats `previous` by its o= line: same session id and version means
// "nothing changed" (RFC 3264 §8: a refresh).
bool SameSdpVersion(const sdp::SessionDescription& previous, const sdp::SessionDescription& offer);

}  // namespace softmcu::sip
