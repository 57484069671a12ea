#pragma once
// From an SDP negotiation result to what the transport and media layers are built from:
// the transport set-up of one m-line (remote addresses, SRTP sessions from the SDES keys,
// our SSRC) and the codec parameters ParticipantMedia needs. Pure; no I/O.

#include "conference/media/participant_media.h"
#include "core/result.h"
#include "signaling/sdp/negotiated_session.h"
#include "transport/point_transport.h"

namespace softmcu {

// `sockets` were bound for this stream (muxed if the negotiation kept rtcp-mux).
// `srtp_required` refuses a stream without keys (the room's policy); `session_bandwidth`
// sizes the RTCP interval.
Result<MediaStreamSetup> MakeStreamSetup(const sdp::NegotiatedStream& stream, RtpSocketPair sockets,
                                         bool srtp_required, DataRate session_bandwidth);

AudioStreamParams MakeAudioParams(const sdp::NegotiatedStream& stream);
VideoStreamParams MakeVideoParams(const sdp::NegotiatedStream& stream);

}  // namespace softmcu
