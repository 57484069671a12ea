#include "signaling/sdp/fmtp.h"

#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<Fmtp> Fmtp::Parse(std::string_view value) {
  auto fields = SplitFields(value, 2);
  if (fields.empty()) return MakeError(ErrorCode::kInvalidArgument, "a=fmtp needs a payload type");
  auto pt = ParsePayloadType(fields[0]);
  if (!pt) return MakeError(ErrorCode::kInvalidArgument, "a=fmtp payload type is not 0-127");
  Fmtp fmtp{.payload_type = *pt};
  if (fields.size() < 2) return fmtp;  // "a=fmtp:96" with nothing: tolerated, no parameters
  fmtp.text = std::string(fields[1]);
  std::string_view rest = fields[1];
  while (!rest.empty()) {
    auto [item, tail] = SplitOnce(rest, ';');
    rest = tail;
    item = TrimWhitespace(item);
    if (item.empty()) continue;  // "a=1;;b=2" or a trailing ';'
    if (fmtp.parameters.size() == kMaxParameters) {
      return MakeError(ErrorCode::kOutOfRange, "a=fmtp has more than 32 parameters");
    }
    auto eq = item.find('=');
    FmtpParameter param;
    if (eq == std::string_view::npos) {
      param.key = std::string(item);
    } else {
      param.key = std::string(TrimWhitespace(item.substr(0, eq)));
      param.value = std::string(TrimWhitespace(item.substr(eq + 1)));
      if (param.key.empty())
        return MakeError(ErrorCode::kInvalidArgument, "a=fmtp has a parameter without name");
    }
    fmtp.parameters.push_back(std::move(param));
  }
  return fmtp;
}

Fmtp Fmtp::Make(uint8_t payload_type, std::vector<FmtpParameter> parameters) {
  Fmtp fmtp{.payload_type = payload_type, .parameters = std::move(parameters)};
  for (const auto& p : fmtp.parameters) {
    if (!fmtp.text.empty()) fmtp.text += ";";
    fmtp.text += p.key;
    if (p.value) fmtp.text += "=" + *p.value;
  }
  return fmtp;
}

std::string Fmtp::Format() const {
  return std::to_string(payload_type) + " " + text;
}

const FmtpParameter* Fmtp::Find(std::string_view key) const {
  for (const auto& p : parameters) {
    if (EqualsIgnoreCase(p.key, key)) return &p;
  }
  return nullptr;
}

std::optional<std::string_view> Fmtp::Value(std::string_view key) const {
  const FmtpParameter* p = Find(key);
  if (p == nullptr || !p->value) return std::nullopt;
  return std::string_view(*p->value);
}

}  // namespace softmcu::sdp
