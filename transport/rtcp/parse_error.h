#pragma once
// Why an RTCP packet (or the rest of a compound) was rejected. Every parser in
// transport/rtcp/ returns `tl::expected<T, ParseError>` (CONVENTIONS.md §5): wire input
// never throws and never trips a check; the caller counts the drop, keyed by this code.
// The values are stable: metrics and logs name them through ToString().

namespace softmcu::rtcp {

enum class ParseError {
  kTruncatedHeader,        // fewer than 4 bytes where a common header must start
  kBadVersion,             // V != 2 (RFC 3550 §6.4.1)
  kLengthPastBuffer,       // the length field runs past the end of the datagram
  kBadPadding,             // P set on a non-last packet, or a padding count of 0 or past the body
  kWrongPacketType,        // Parse() called with a header of another PT/FMT
  kTruncatedBody,          // body shorter than the packet's fixed part
  kCountPastBody,          // RC/SC or "Num SSRC" says more than the body holds
  kBadSdesItem,            // SDES item runs past the chunk, or a chunk lacks its END item
  kEmptyFci,               // FCI needs at least one entry (NACK, FIR, TMMBR)
  kMisalignedFci,          // FCI is not a whole number of entries
  kMissingRembIdentifier,  // PSFB FMT 15 without the "REMB" unique identifier
  kBitrateOverflow,        // exponent/mantissa does not fit a DataRate (63 bits)
  kTooManyEntries,         // more entries than the fixed capacity (see each type's kMax*)
};

const char* ToString(ParseError error);

}  // namespace softmcu::rtcp
