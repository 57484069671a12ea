#include "signaling/sip/sip_message.h"

#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

std::optional<std::string_view> SipMessage::Find(HeaderId id) const {
  for (const Header& header : headers_) {
    if (header.id == id) return ValueOf(header);
  }
  return std::nullopt;
}

std::optional<std::string_view> SipMessage::Find(std::string_view name) const {
  const HeaderId id = LookupHeader(name);
  if (id != HeaderId::kOther) return Find(id);
  for (const Header& header : headers_) {
    if (header.id == HeaderId::kOther && EqualsIgnoreCase(NameOf(header), name)) return ValueOf(header);
  }
  return std::nullopt;
}

std::vector<std::string_view> SipMessage::FindAll(HeaderId id) const {
  std::vector<std::string_view> values;
  for (const Header& header : headers_) {
    if (header.id == id) values.push_back(ValueOf(header));
  }
  return values;
}

std::vector<std::string_view> SipMessage::FindAll(std::string_view name) const {
  const HeaderId id = LookupHeader(name);
  if (id != HeaderId::kOther) return FindAll(id);
  std::vector<std::string_view> values;
  for (const Header& header : headers_) {
    if (header.id == HeaderId::kOther && EqualsIgnoreCase(NameOf(header), name))
      values.push_back(ValueOf(header));
  }
  return values;
}

// The accessors below read headers SipParser::CheckHeaders validated; value_or() only
// guards against a message built some other way.
std::vector<Via> SipMessage::Vias() const {
  std::vector<Via> vias;
  for (std::string_view value : FindAll(HeaderId::kVia)) {
    for (auto& via : Via::ParseList(value).value_or(std::vector<Via>())) vias.push_back(std::move(via));
  }
  return vias;
}

Via SipMessage::TopVia() const {
  auto vias = Vias();
  return vias.empty() ? Via() : std::move(vias.front());
}

NameAddr SipMessage::From() const {
  return NameAddr::Parse(Find(HeaderId::kFrom).value_or("")).value_or(NameAddr());
}
NameAddr SipMessage::To() const {
  return NameAddr::Parse(Find(HeaderId::kTo).value_or("")).value_or(NameAddr());
}
std::string_view SipMessage::CallId() const {
  return Find(HeaderId::kCallId).value_or("");
}
CSeq SipMessage::Sequence() const {
  return CSeq::Parse(Find(HeaderId::kCSeq).value_or("")).value_or(CSeq());
}

std::optional<uint32_t> SipMessage::MaxForwards() const {
  auto value = Find(HeaderId::kMaxForwards);
  if (!value) return std::nullopt;
  auto parsed = ParseDigits(*value, 255);
  if (!parsed) return std::nullopt;
  return static_cast<uint32_t>(*parsed);
}

Contacts SipMessage::ContactList() const {
  return Contacts::Parse(FindAll(HeaderId::kContact)).value_or(Contacts());
}

std::vector<NameAddr> SipMessage::Routes() const {
  std::vector<NameAddr> routes;
  for (std::string_view value : FindAll(HeaderId::kRoute)) {
    for (auto& route :
         NameAddr::ParseList(value, AddressForm::kNameAddrOnly).value_or(std::vector<NameAddr>()))
      routes.push_back(std::move(route));
  }
  return routes;
}

std::vector<NameAddr> SipMessage::RecordRoutes() const {
  std::vector<NameAddr> routes;
  for (std::string_view value : FindAll(HeaderId::kRecordRoute)) {
    for (auto& route :
         NameAddr::ParseList(value, AddressForm::kNameAddrOnly).value_or(std::vector<NameAddr>()))
      routes.push_back(std::move(route));
  }
  return routes;
}

std::optional<ContentType> SipMessage::BodyType() const {
  auto value = Find(HeaderId::kContentType);
  if (!value) return std::nullopt;
  auto parsed = ContentType::Parse(*value);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

SipResult<std::vector<std::string>> SipMessage::Tokens(HeaderId id) const {
  std::vector<std::string> tokens;
  for (std::string_view value : FindAll(id)) {
    auto parsed = ParseTokenList(value, CanonicalName(id));
    if (!parsed) return tl::unexpected(parsed.error());
    for (auto& token : *parsed) tokens.push_back(std::move(token));
  }
  return tokens;
}

namespace {

template <typename T>
SipResult<std::optional<T>> ParseOptional(std::optional<std::string_view> value) {
  if (!value) return std::optional<T>();
  auto parsed = T::Parse(*value);
  if (!parsed) return tl::unexpected(parsed.error());
  return std::optional<T>(std::move(*parsed));
}

template <typename T>
SipResult<std::vector<T>> ParseAll(const std::vector<std::string_view>& values) {
  std::vector<T> out;
  for (std::string_view value : values) {
    auto parsed = T::ParseList(value);
    if (!parsed) return tl::unexpected(parsed.error());
    for (auto& item : *parsed) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

SipResult<std::optional<SessionExpires>> SipMessage::GetSessionExpires() const {
  return ParseOptional<SessionExpires>(Find(HeaderId::kSessionExpires));
}
SipResult<std::optional<MinSE>> SipMessage::GetMinSE() const {
  return ParseOptional<MinSE>(Find(HeaderId::kMinSE));
}
SipResult<std::optional<RetryAfter>> SipMessage::GetRetryAfter() const {
  return ParseOptional<RetryAfter>(Find(HeaderId::kRetryAfter));
}
SipResult<std::vector<Warning>> SipMessage::Warnings() const {
  return ParseAll<Warning>(FindAll(HeaderId::kWarning));
}
SipResult<std::vector<ReasonHeader>> SipMessage::Reasons() const {
  return ParseAll<ReasonHeader>(FindAll(HeaderId::kReason));
}

SipResult<std::vector<DigestParams>> SipMessage::Authentications(HeaderId id) const {
  std::vector<DigestParams> out;
  for (std::string_view value : FindAll(id)) {
    auto parsed = DigestParams::Parse(value, CanonicalName(id));
    if (!parsed) return tl::unexpected(parsed.error());
    out.push_back(std::move(*parsed));
  }
  return out;
}

std::string SipMessage::Serialize() const {
  std::string out;
  out.reserve(text_.size() + 32);
  if (is_request_) {
    out.append(Method()).append(" ").append(RequestUri()).append(" SIP/2.0\r\n");
  } else {
    out.append("SIP/2.0 ")
        .append(std::to_string(status_code_))
        .append(" ")
        .append(ReasonPhrase())
        .append("\r\n");
  }
  for (const Header& header : headers_) {
    if (header.id == HeaderId::kContentLength) continue;
    out.append(header.id == HeaderId::kOther ? NameOf(header) : CanonicalName(header.id));
    out.append(": ").append(Unfold(ValueOf(header))).append("\r\n");
  }
  out.append("Content-Length: ").append(std::to_string(body_length_)).append("\r\n\r\n");
  out.append(Body());
  return out;
}

std::optional<std::string> SipMessage::FromTag() const {
  const NameAddr from = From();
  auto tag = from.Tag();
  return tag ? std::optional<std::string>(*tag) : std::nullopt;
}

std::optional<std::string> SipMessage::ToTag() const {
  const NameAddr to = To();
  auto tag = to.Tag();
  return tag ? std::optional<std::string>(*tag) : std::nullopt;
}

SipResult<SipMessage> SipMessage::MakeResponse(const SipMessage& request, int code, std::string_view reason,
                                               std::string_view to_tag) {
  if (!request.IsRequest())
    return MakeSipError(SipErrorCode::kInvalidArgument, "MakeResponse needs a request");
  SipMessageBuilder builder = SipMessageBuilder::Response(code, reason);
  for (std::string_view via : request.FindAll(HeaderId::kVia)) builder.AddHeader("Via", Unfold(via));
  builder.AddHeader("From", Unfold(*request.Find(HeaderId::kFrom)));
  std::string to = Unfold(*request.Find(HeaderId::kTo));
  // §8.2.6.2: the UAS adds a To tag unless one is there; a 100 Trying needs none.
  if (code > 100 && !to_tag.empty() && !request.To().Tag()) to += ";tag=" + std::string(to_tag);
  builder.AddHeader("To", to);
  builder.AddHeader("Call-ID", Unfold(request.CallId()));
  builder.AddHeader("CSeq", Unfold(*request.Find(HeaderId::kCSeq)));
  return builder.Build();
}

}  // namespace softmcu::sip
