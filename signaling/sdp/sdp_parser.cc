#include "signaling/sdp/sdp_parser.h"

#include <set>
#include <string>

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

class LineError {
 public:
  static tl::unexpected<Error> At(size_t line, std::string what,
                                  ErrorCode code = ErrorCode::kInvalidArgument) {
    return tl::unexpected<Error>(Error{code, "line " + std::to_string(line) + ": " + std::move(what)});
  }
};

Result<AddressType> ParseAddressType(std::string_view net, std::string_view addr, size_t line,
                                     const char* what) {
  // nettype "IN" is the only one defined (RFC 8866 §5.7); addrtype IP4 or IP6.
  if (net != "IN") return LineError::At(line, std::string(what) + " network type is not IN");
  if (addr == "IP4") return AddressType::kIp4;
  if (addr == "IP6") return AddressType::kIp6;
  return LineError::At(line, std::string(what) + " address type is not IP4 or IP6");
}

bool IsDigits(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Per-section state: counters for the limits and what known attributes were seen.
struct SectionState {
  size_t first_line = 0;  // the m= line, or 1 for the session
  size_t attributes = 0;
  size_t other_lines = 0;
  bool has_title = false;
  bool has_connection = false;
  bool has_direction = false;
  std::set<uint8_t> formats;
  std::set<uint8_t> rtpmaps;
  std::set<uint8_t> fmtps;
};

class Parser {
 public:
  Result<SessionDescription> Run(std::string_view text);

 private:
  Result<void> ParseLine(size_t line, char type, std::string_view value);
  Result<void> ParseOrigin(size_t line, std::string_view value);
  Result<Connection> ParseConnection(size_t line, std::string_view value);
  Result<Bandwidth> ParseBandwidth(size_t line, std::string_view value);
  Result<void> ParseTiming(size_t line, std::string_view value);
  Result<void> ParseMedia(size_t line, std::string_view value);
  Result<void> ParseAttribute(size_t line, std::string_view value);
  Result<void> ValidateMediaAttribute(size_t line, const Attribute& attr);
  Result<void> FinishSection();

  MediaDescription* current() { return sdp_.media.empty() ? nullptr : &sdp_.media.back(); }

  SessionDescription sdp_;
  SectionState section_;
  size_t next_fixed_ = 0;  // 0: expect v=, 1: o=, 2: s=, 3: free order
};

Result<SessionDescription> Parser::Run(std::string_view text) {
  if (text.size() > SdpParser::kMaxSize) {
    return MakeError(ErrorCode::kOutOfRange, "SDP is " + std::to_string(text.size()) +
                                                 " bytes, the limit is " +
                                                 std::to_string(SdpParser::kMaxSize));
  }
  sdp_.timings.clear();
  section_.first_line = 1;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    // Tolerance: LF-only endings (RFC 8866 §5 says CRLF, and that parsers SHOULD accept LF).
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Tolerance: trailing whitespace, which some terminals leave after values.
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    // Tolerance: empty lines, in practice a blank line at the end of the body.
    if (line.empty()) continue;
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F)
        return LineError::At(line_number, "contains a control character");
    }
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return LineError::At(line_number, "is not '<type>=<value>': " + Quote(line));
    }
    if (auto r = ParseLine(line_number, line[0], line.substr(2)); !r) return tl::unexpected(r.error());
  }
  if (next_fixed_ == 0) return MakeError(ErrorCode::kInvalidArgument, "SDP is empty: no v= line");
  if (next_fixed_ < 3) return MakeError(ErrorCode::kInvalidArgument, "SDP ends before its o= and s= lines");
  if (auto r = FinishSection(); !r) return tl::unexpected(r.error());
  if (sdp_.timings.empty()) return MakeError(ErrorCode::kInvalidArgument, "SDP has no t= line");
  return std::move(sdp_);
}

Result<void> Parser::ParseLine(size_t line, char type, std::string_view value) {
  // RFC 8866 §5: v=, o=, s= come first and in this order.
  if (next_fixed_ == 0) {
    if (type != 'v') return LineError::At(line, "SDP must start with v=0");
    if (value != "0") return LineError::At(line, "v= is not 0");
    next_fixed_ = 1;
    return {};
  }
  if (next_fixed_ == 1) {
    if (type != 'o') return LineError::At(line, "o= must follow v=");
    next_fixed_ = 2;
    return ParseOrigin(line, value);
  }
  if (next_fixed_ == 2) {
    if (type != 's') return LineError::At(line, "s= must follow o=");
    // Tolerance: an empty session name (RFC 8866 §5.3 asks for "s= " or "s=-").
    sdp_.session_name = std::string(value);
    next_fixed_ = 3;
    return {};
  }
  const bool in_media = current() != nullptr;
  switch (type) {
    case 'v':
    case 'o':
    case 's':
      return LineError::At(line, std::string(1, type) + "= may appear only once");
    case 'i':
      if (section_.has_title) return LineError::At(line, "second i= line in this section");
      section_.has_title = true;
      (in_media ? current()->title : sdp_.information) = std::string(value);
      return {};
    case 'u':
    case 'e':
    case 'p':
    case 'r':
    case 'z':
    case 'k': {
      if (in_media && type != 'k')
        return LineError::At(line, std::string(1, type) + "= is not allowed in a media section");
      if (++section_.other_lines > SdpParser::kMaxOtherLinesPerSection) {
        return LineError::At(line, "too many u/e/p/r/z/k lines", ErrorCode::kOutOfRange);
      }
      if (type == 'r') {
        if (sdp_.timings.empty()) return LineError::At(line, "r= without a preceding t=");
        sdp_.timings.back().repeats.emplace_back(value);
        return {};
      }
      // Kept in RFC order (u e p, then z k), as SdpWriter writes them, so a description
      // survives a write/parse round trip whatever order the peer used.
      auto& lines = in_media ? current()->other_lines : sdp_.other_lines;
      auto rank = [](char t) { return std::string_view("uepzk").find(t); };
      auto pos = lines.end();
      while (pos != lines.begin() && rank((pos - 1)->type) > rank(type)) --pos;
      lines.insert(pos, OtherLine{type, std::string(value)});
      return {};
    }
    case 'c': {
      if (section_.has_connection) return LineError::At(line, "second c= line in this section");
      section_.has_connection = true;
      auto c = ParseConnection(line, value);
      if (!c) return tl::unexpected(c.error());
      (in_media ? current()->connection : sdp_.connection) = std::move(*c);
      return {};
    }
    case 'b': {
      auto& bws = in_media ? current()->bandwidths : sdp_.bandwidths;
      if (bws.size() == SdpParser::kMaxBandwidthsPerSection) {
        return LineError::At(line, "too many b= lines", ErrorCode::kOutOfRange);
      }
      auto b = ParseBandwidth(line, value);
      if (!b) return tl::unexpected(b.error());
      bws.push_back(std::move(*b));
      return {};
    }
    case 't':
      if (in_media) return LineError::At(line, "t= is not allowed in a media section");
      return ParseTiming(line, value);
    case 'm':
      return ParseMedia(line, value);
    case 'a':
      return ParseAttribute(line, value);
    default:
      // RFC 8866 §5: a description with a type letter the parser does not understand is refused.
      return LineError::At(line, "unknown line type '" + std::string(1, type) + "='");
  }
}

Result<void> Parser::ParseOrigin(size_t line, std::string_view value) {
  // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
  auto f = SplitFields(value, 7);
  if (f.size() != 6) return LineError::At(line, "o= needs 6 fields");
  if (!IsDigits(f[1])) return LineError::At(line, "o= session id is not a number");
  if (!IsDigits(f[2])) return LineError::At(line, "o= session version is not a number");
  auto type = ParseAddressType(f[3], f[4], line, "o=");
  if (!type) return tl::unexpected(type.error());
  sdp_.origin = Origin{std::string(f[0]), std::string(f[1]), std::string(f[2]), *type, std::string(f[5])};
  return {};
}

Result<Connection> Parser::ParseConnection(size_t line, std::string_view value) {
  // c=<nettype> <addrtype> <connection-address>
  auto f = SplitFields(value, 4);
  if (f.size() != 3) return LineError::At(line, "c= needs 'IN IP4|IP6 <address>'");
  auto type = ParseAddressType(f[0], f[1], line, "c=");
  if (!type) return tl::unexpected(type.error());
  return Connection{*type, std::string(f[2])};
}

Result<Bandwidth> Parser::ParseBandwidth(size_t line, std::string_view value) {
  // b=<bwtype>:<bandwidth>
  auto [type, number] = SplitOnce(value, ':');
  if (!IsToken(type) || value.find(':') == std::string_view::npos)
    return LineError::At(line, "b= needs '<type>:<value>'");
  auto v = ParseUnsigned(number, 1'000'000'000'000ULL);
  if (!v) return LineError::At(line, "b= value is not a number");
  return Bandwidth{std::string(type), *v};
}

Result<void> Parser::ParseTiming(size_t line, std::string_view value) {
  if (sdp_.timings.size() == SdpParser::kMaxTimings)
    return LineError::At(line, "too many t= lines", ErrorCode::kOutOfRange);
  auto f = SplitFields(value, 3);
  if (f.size() != 2) return LineError::At(line, "t= needs '<start> <stop>'");
  auto start = ParseUnsigned(f[0], UINT64_MAX);
  auto stop = ParseUnsigned(f[1], UINT64_MAX);
  if (!start || !stop) return LineError::At(line, "t= times are not numbers");
  sdp_.timings.push_back(Timing{*start, *stop, {}});
  return {};
}

Result<void> Parser::ParseMedia(size_t line, std::string_view value) {
  if (auto r = FinishSection(); !r) return tl::unexpected(r.error());
  if (sdp_.media.size() == SdpParser::kMaxMediaSections) {
    return LineError::At(line, "more than " + std::to_string(SdpParser::kMaxMediaSections) + " m= lines",
                         ErrorCode::kOutOfRange);
  }
  section_ = SectionState{.first_line = line};
  // m=<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)
  auto f = SplitFields(value, SdpParser::kMaxFormatsPerMedia + 4);
  if (f.size() < 4) return LineError::At(line, "m= needs '<media> <port> <proto> <fmt>...'");
  if (f.size() > SdpParser::kMaxFormatsPerMedia + 3) {
    return LineError::At(line,
                         "m= has more than " + std::to_string(SdpParser::kMaxFormatsPerMedia) + " formats",
                         ErrorCode::kOutOfRange);
  }
  MediaDescription m;
  if (!IsToken(f[0])) return LineError::At(line, "m= media type is invalid");
  m.media = std::string(f[0]);
  auto [port_text, count_text] = SplitOnce(f[1], '/');
  auto port = ParseUnsigned(port_text, 65535);
  if (!port) return LineError::At(line, "m= port is not a number");
  m.port = static_cast<uint16_t>(*port);
  if (f[1].find('/') != std::string_view::npos) {
    auto count = ParseUnsigned(count_text, 65535);
    if (!count || *count == 0) return LineError::At(line, "m= port count is not a positive number");
    m.port_count = static_cast<uint16_t>(*count);
  }
  // proto = token *("/" token)
  for (auto part = f[2];;) {
    auto [head, tail] = SplitOnce(part, '/');
    if (!IsToken(head)) return LineError::At(line, "m= proto " + Quote(f[2]) + " is invalid");
    if (part.find('/') == std::string_view::npos) break;
    part = tail;
  }
  m.proto = std::string(f[2]);
  for (size_t i = 3; i < f.size(); ++i) {
    if (!IsToken(f[i])) return LineError::At(line, "m= format " + Quote(f[i]) + " is invalid");
    m.formats.emplace_back(f[i]);
  }
  if (m.IsRtp()) {
    for (const auto& fmt : m.formats) {
      auto pt = ParsePayloadType(fmt);
      if (!pt) return LineError::At(line, "m= payload type " + Quote(fmt) + " is not 0-127");
      if (!section_.formats.insert(*pt).second) {
        return LineError::At(line, "m= lists payload type " + fmt + " twice");
      }
    }
  }
  sdp_.media.push_back(std::move(m));
  return {};
}

Result<void> Parser::ParseAttribute(size_t line, std::string_view value) {
  if (++section_.attributes > SdpParser::kMaxAttributesPerSection) {
    return LineError::At(
        line,
        "more than " + std::to_string(SdpParser::kMaxAttributesPerSection) + " attributes in this section",
        ErrorCode::kOutOfRange);
  }
  auto colon = value.find(':');
  Attribute attr{std::string(value.substr(0, colon))};
  if (colon != std::string_view::npos) attr.value = std::string(value.substr(colon + 1));
  if (!IsToken(attr.name)) return LineError::At(line, "attribute name " + Quote(attr.name) + " is invalid");
  if (ParseMediaDirection(attr.name)) {
    if (attr.value) return LineError::At(line, "a=" + attr.name + " takes no value");
    if (section_.has_direction) return LineError::At(line, "second direction attribute in this section");
    section_.has_direction = true;
  }
  if (current() != nullptr) {
    if (auto r = ValidateMediaAttribute(line, attr); !r) return r;
    current()->attributes.push_back(std::move(attr));
  } else {
    sdp_.attributes.push_back(std::move(attr));
  }
  return {};
}

// Checks the attributes softmcu interprets, so that the typed accessors of a parsed
// description never meet a malformed one.
Result<void> Parser::ValidateMediaAttribute(size_t line, const Attribute& attr) {
  const MediaDescription& m = *current();
  const std::string_view name = attr.name;
  auto fail = [line](const Error& e) { return LineError::At(line, e.message); };
  auto needs_value = [&]() -> Result<void> {
    if (!attr.value) return LineError::At(line, "a=" + attr.name + " needs a value");
    return {};
  };
  if (name == "rtcp-mux" || name == "rtcp-rsize") {
    if (attr.value) return LineError::At(line, "a=" + attr.name + " takes no value");
    return {};
  }
  static constexpr std::string_view kWithValue[] = {"rtpmap", "fmtp",    "rtcp-fb",  "rtcp",
                                                    "crypto", "content", "extmap",   "mid",
                                                    "ssrc",   "ptime",   "maxptime", "framerate"};
  bool known = false;
  for (auto k : kWithValue) known = known || name == k;
  if (!known) return {};  // unknown or uninterpreted: kept verbatim
  if (auto r = needs_value(); !r) return r;
  const std::string_view value = *attr.value;

  if (name == "rtpmap" && m.IsRtp()) {
    auto map = Rtpmap::Parse(value);
    if (!map) return fail(map.error());
    if (!section_.formats.count(map->payload_type)) {
      return LineError::At(line, "a=rtpmap for payload type " + std::to_string(map->payload_type) +
                                     " that the m= line does not list");
    }
    if (!section_.rtpmaps.insert(map->payload_type).second) {
      return LineError::At(line, "second a=rtpmap for payload type " + std::to_string(map->payload_type));
    }
  } else if (name == "fmtp" && m.IsRtp()) {
    auto fmtp = Fmtp::Parse(value);
    if (!fmtp) return fail(fmtp.error());
    if (!section_.formats.count(fmtp->payload_type)) {
      return LineError::At(line, "a=fmtp for payload type " + std::to_string(fmtp->payload_type) +
                                     " that the m= line does not list");
    }
    if (!section_.fmtps.insert(fmtp->payload_type).second) {
      return LineError::At(line, "second a=fmtp for payload type " + std::to_string(fmtp->payload_type));
    }
  } else if (name == "rtcp-fb") {
    // A payload type the m= line does not list is tolerated (kept, never applies).
    if (auto fb = RtcpFeedback::Parse(value); !fb) return fail(fb.error());
  } else if (name == "rtcp") {
    if (auto r = RtcpAttribute::Parse(value); !r) return fail(r.error());
  } else if (name == "crypto") {
    if (auto c = CryptoAttribute::Parse(value); !c) return fail(c.error());
  } else if (name == "content") {
    if (auto c = ContentAttribute::Parse(value); !c) return fail(c.error());
  } else if (name == "extmap") {
    if (auto e = Extmap::Parse(value); !e) return fail(e.error());
  } else if (name == "mid") {
    // RFC 5888 §4: identification-tag = token.
    if (!IsToken(TrimWhitespace(value))) return LineError::At(line, "a=mid is not a token");
  } else if (name == "ssrc") {
    if (auto s = SsrcAttribute::Parse(value); !s) return fail(s.error());
  } else if (name == "ptime" || name == "maxptime") {
    if (!ParseUnsigned(TrimWhitespace(value), 100'000))
      return LineError::At(line, "a=" + attr.name + " is not a number");
  } else if (name == "framerate") {
    if (!ParseDecimal(TrimWhitespace(value))) return LineError::At(line, "a=framerate is not a number");
  }
  return {};
}

Result<void> Parser::FinishSection() {
  MediaDescription* m = current();
  if (m == nullptr) return {};
  // RFC 8866 §5.7: c= at session level or in every media section. Tolerance: a rejected
  // stream (port 0) without one.
  if (!m->connection && !sdp_.connection && m->port != 0) {
    return LineError::At(section_.first_line, "m= has no c= line and there is none at session level");
  }
  // RFC 8866 §6.6: dynamic payload types need an a=rtpmap; static ones have a default.
  // Tolerance: a rejected stream (port 0) is usually answered as a bare m= line.
  if (m->IsRtp() && m->port != 0) {
    for (uint8_t pt : section_.formats) {
      if (!section_.rtpmaps.count(pt) && !StaticRtpmap(pt)) {
        return LineError::At(section_.first_line, "payload type " + std::to_string(pt) + " has no a=rtpmap");
      }
    }
  }
  return {};
}

}  // namespace

Result<SessionDescription> SdpParser::Parse(std::string_view text) {
  Parser parser;
  return parser.Run(text);
}

}  // namespace softmcu::sdp
