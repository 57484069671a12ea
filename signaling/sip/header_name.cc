#include "signaling/sip/header_name.h"

#include <array>

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

struct HeaderInfo {
  HeaderId id;
  std::string_view name;
  char compact;  // '\0' when there is none
  bool list;
  bool single;
};

// One row per HeaderId (in enum order after kOther).
constexpr std::array<HeaderInfo, 42> kHeaders = {{
    {HeaderId::kAccept, "Accept", 0, true, false},
    {HeaderId::kAcceptContact, "Accept-Contact", 'a', true, false},
    {HeaderId::kAllow, "Allow", 0, true, false},
    {HeaderId::kAllowEvents, "Allow-Events", 'u', true, false},
    {HeaderId::kAuthorization, "Authorization", 0, false, false},
    {HeaderId::kCallId, "Call-ID", 'i', false, true},
    {HeaderId::kContact, "Contact", 'm', true, false},
    {HeaderId::kContentDisposition, "Content-Disposition", 0, false, true},
    {HeaderId::kContentEncoding, "Content-Encoding", 'e', true, false},
    {HeaderId::kContentLength, "Content-Length", 'l', false, true},
    {HeaderId::kContentType, "Content-Type", 'c', false, true},
    {HeaderId::kCSeq, "CSeq", 0, false, true},
    {HeaderId::kDate, "Date", 0, false, true},
    {HeaderId::kEvent, "Event", 'o', false, true},
    {HeaderId::kExpires, "Expires", 0, false, true},
    {HeaderId::kFrom, "From", 'f', false, true},
    {HeaderId::kIdentity, "Identity", 'y', false, false},
    {HeaderId::kMaxForwards, "Max-Forwards", 0, false, true},
    {HeaderId::kMinExpires, "Min-Expires", 0, false, true},
    {HeaderId::kMinSE, "Min-SE", 0, false, true},
    {HeaderId::kProxyAuthenticate, "Proxy-Authenticate", 0, false, false},
    {HeaderId::kProxyAuthorization, "Proxy-Authorization", 0, false, false},
    {HeaderId::kProxyRequire, "Proxy-Require", 0, true, false},
    {HeaderId::kReason, "Reason", 0, true, false},
    {HeaderId::kRecordRoute, "Record-Route", 0, true, false},
    {HeaderId::kReferTo, "Refer-To", 'r', false, true},
    {HeaderId::kReferredBy, "Referred-By", 'b', false, true},
    {HeaderId::kRejectContact, "Reject-Contact", 'j', true, false},
    {HeaderId::kRequestDisposition, "Request-Disposition", 'd', true, false},
    {HeaderId::kRequire, "Require", 0, true, false},
    {HeaderId::kRetryAfter, "Retry-After", 0, false, true},
    {HeaderId::kRoute, "Route", 0, true, false},
    {HeaderId::kServer, "Server", 0, false, true},
    {HeaderId::kSessionExpires, "Session-Expires", 'x', false, true},
    {HeaderId::kSubject, "Subject", 's', false, true},
    {HeaderId::kSupported, "Supported", 'k', true, false},
    {HeaderId::kTo, "To", 't', false, true},
    {HeaderId::kUnsupported, "Unsupported", 0, true, false},
    {HeaderId::kUserAgent, "User-Agent", 0, false, true},
    {HeaderId::kVia, "Via", 'v', true, false},
    {HeaderId::kWarning, "Warning", 0, true, false},
    {HeaderId::kWwwAuthenticate, "WWW-Authenticate", 0, false, false},
}};

constexpr bool RowsFollowTheEnum() {
  for (size_t i = 0; i < kHeaders.size(); ++i) {
    if (static_cast<size_t>(kHeaders[i].id) != i + 1) return false;
  }
  return true;
}
static_assert(RowsFollowTheEnum(), "kHeaders rows must be in HeaderId order");

const HeaderInfo* Info(HeaderId id) {
  const auto index = static_cast<size_t>(id);
  if (index == 0 || index > kHeaders.size()) return nullptr;
  return &kHeaders[index - 1];
}

}  // namespace

HeaderId LookupHeader(std::string_view name) {
  if (name.size() == 1) {
    const char c = static_cast<char>(name[0] | 0x20);
    for (const auto& info : kHeaders) {
      if (info.compact == c) return info.id;
    }
    return HeaderId::kOther;
  }
  for (const auto& info : kHeaders) {
    if (EqualsIgnoreCase(info.name, name)) return info.id;
  }
  return HeaderId::kOther;
}

std::string_view CanonicalName(HeaderId id) {
  const HeaderInfo* info = Info(id);
  return info ? info->name : std::string_view();
}

bool IsListHeader(HeaderId id) {
  const HeaderInfo* info = Info(id);
  return info && info->list;
}

bool IsSingleValued(HeaderId id) {
  const HeaderInfo* info = Info(id);
  return info && info->single;
}

}  // namespace softmcu::sip
