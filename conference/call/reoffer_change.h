#pragma once
// What a peer's new offer in a running call (re-INVITE or UPDATE) would change of the media
// in force. A participant's transport is built once from the SDP of the call's set-up: its
// SRTP keys, the addresses it sends to and the payload types it depacketises cannot change
// under it. Answering such an offer with our unchanged SDP would look like agreement while
// the peer switched keys or ports and the media silently broke, so the call controller
// refuses it with 488 and this reason instead (RFC 3261 §14.2: a refused re-INVITE leaves
// the session as it was). Hold (a=sendonly/inactive, or c=0.0.0.0 in the old style),
// bandwidth and session refreshes change nothing here and are answered as before.

#include <optional>
#include <string>

#include "signaling/sdp/session_description.h"

namespace softmcu {

// `in_force`: the peer's SDP the transport was built from (its offer, or its answer to
// ours); `local`: ours for that exchange; `offer`: the new one (or the peer's answer to
// our re-offer). nullopt when nothing the transport depends on changes; otherwise what
// changes ("it moves audio from port 40000 to 40100"), for a Warning header and the log.
std::optional<std::string> ReofferChange(const sdp::SessionDescription& in_force,
                                         const sdp::SessionDescription& local,
                                         const sdp::SessionDescription& offer);

}  // namespace softmcu
