#pragma once
// Responses to received requests, and where they go.
//
// BuildResponse follows RFC 3261 §8.2.6: every Via in order, From, To (with our tag once
// the response is above 100), Call-ID, CSeq copied from the request. The top Via gets the
// source address as `received` when sent-by differs (§18.2.1) and the source port as
// `rport` when the client asked for it (RFC 3581 §4, which then also wants `received`).
//
// ResponseTarget follows §18.2.2 and RFC 3581 §4: on a stream, back over the request's
// connection (reopened to the source if closed); on UDP, to the source address and — with
// rport — the source port, else the sent-by port.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signaling/sip/sip_message.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip {

struct ResponseOptions {
  std::string to_tag;  // added to To unless the request's To has a tag
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // with body
  std::string body;
};

SipResult<SipMessage> BuildResponse(const IncomingMessage& request, int code, std::string_view reason,
                                    const ResponseOptions& options = {});

SendTarget ResponseTarget(const IncomingMessage& request);

// The top Via of `request` as a response must carry it (received/rport filled in).
std::string ResponseTopVia(const IncomingMessage& request);

}  // namespace softmcu::sip
