#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

const char* ToString(ParseError error) {
  switch (error) {
    case ParseError::kTruncatedHeader:
      return "truncated header";
    case ParseError::kBadVersion:
      return "bad version";
    case ParseError::kLengthPastBuffer:
      return "length past buffer";
    case ParseError::kBadPadding:
      return "bad padding";
    case ParseError::kWrongPacketType:
      return "wrong packet type";
    case ParseError::kTruncatedBody:
      return "truncated body";
    case ParseError::kCountPastBody:
      return "count past body";
    case ParseError::kBadSdesItem:
      return "bad SDES item";
    case ParseError::kEmptyFci:
      return "empty FCI";
    case ParseError::kMisalignedFci:
      return "misaligned FCI";
    case ParseError::kMissingRembIdentifier:
      return "missing REMB identifier";
    case ParseError::kBitrateOverflow:
      return "bitrate overflow";
    case ParseError::kTooManyEntries:
      return "too many entries";
  }
  return "unknown parse error";
}

}  // namespace softmcu::rtcp
