#pragma once
// How messages find their transaction (RFC 3261 §17.1.3, §17.2.3) and fresh branch ids.
//
//   server: top Via branch + sent-by + method (ACK counts as INVITE; CANCEL is its own)
//   client: top Via branch of the response + CSeq method
//
// A request whose branch lacks the magic cookie "z9hG4bK" comes from an RFC 2543 element;
// its key is built from Call-ID, From tag, CSeq number, sent-by and method instead, which
// is enough to absorb its retransmissions and match its ACK to a non-2xx (§17.2.3 asks
// for more, the Request-URI and To tag; no terminal we target needs it).

#include <string>
#include <string_view>

#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

// The key of the server transaction `request` belongs to (or would create).
std::string ServerTransactionKey(const SipMessage& request);
// The same key with the method replaced: finds the INVITE a CANCEL refers to (§9.2).
std::string ServerTransactionKey(const SipMessage& request, std::string_view method);
// The key of the client transaction a response belongs to.
std::string ClientTransactionKey(const SipMessage& response);
std::string ClientTransactionKey(std::string_view branch, std::string_view method);

// "z9hG4bK" + 22 random URL-safe characters (RFC 3261 §8.1.1.7: unique in space and time).
std::string NewBranch();
// Random token characters for tags and Call-IDs (at least 32 bits of randomness, §19.3).
std::string RandomToken(size_t length);

}  // namespace softmcu::sip
