#pragma once
// One negotiated m-line (sdp::NegotiatedStream) turned into what PointTransport::AddStream
// takes: the peer's addresses, SRTP sessions keyed from the SDES exchange (our key protects,
// the peer's unprotects), NACK when negotiated, the clock rate, the peer's bandwidth.
// Shared by the synthetic endpoints and the MCU stand-in (the conference layer will need the
// same mapping; it can move down when it does). Control plane: allocates; any thread.

#include <cstdint>
#include <memory>

#include "core/result.h"
#include "signaling/sdp/negotiated_session.h"
#include "transport/point_transport.h"

namespace softmcu::loadgen {

Result<MediaStreamSetup> MakeStreamSetup(const sdp::NegotiatedStream& stream, MediaKind kind,
                                         std::unique_ptr<UdpSocket> socket, uint32_t local_ssrc);

}  // namespace softmcu::loadgen
