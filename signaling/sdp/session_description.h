#pragma once
// The SDP data model (RFC 8866 §5): a session description with its media descriptions,
// as parsed by SdpParser and written by SdpWriter. Attributes are kept in order and
// verbatim (name + optional value), so unknown ones survive a round trip and can be
// ignored safely; typed views (Rtpmap, Fmtp, CryptoAttribute, ...) are read on demand by
// the accessors below. For a description that came from SdpParser every known attribute
// was validated, so an accessor never silently drops one; for a hand-built description an
// attribute that does not parse is skipped by the accessors.
//
// Plain values: copy freely. Not thread-safe to mutate from two threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sdp/content_attribute.h"
#include "signaling/sdp/crypto_attribute.h"
#include "signaling/sdp/extmap.h"
#include "signaling/sdp/fmtp.h"
#include "signaling/sdp/media_direction.h"
#include "signaling/sdp/rtcp_attribute.h"
#include "signaling/sdp/rtcp_feedback.h"
#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/ssrc_attribute.h"

namespace softmcu::sdp {

enum class AddressType { kIp4, kIp6 };
std::string_view ToString(AddressType type);  // "IP4", "IP6"

// o=<username> <sess-id> <sess-version> IN <addrtype> <unicast-address>  (RFC 8866 §5.2)
struct Origin {
  std::string username = "-";
  std::string session_id = "0";       // 1*DIGIT, kept as text: some peers use > 64-bit values
  std::string session_version = "0";  // 1*DIGIT
  AddressType address_type = AddressType::kIp4;
  std::string address = "127.0.0.1";
  bool operator==(const Origin&) const = default;
};

// c=IN <addrtype> <connection-address>  (RFC 8866 §5.7); the address as written.
struct Connection {
  AddressType address_type = AddressType::kIp4;
  std::string address;
  bool operator==(const Connection&) const = default;
};

// b=<bwtype>:<bandwidth>  (RFC 8866 §5.8; TIAS RFC 3890). AS and CT are kbps, TIAS bps.
struct Bandwidth {
  std::string type;  // "AS", "CT", "TIAS", "RR", "RS", or any other token, kept
  uint64_t value = 0;
  bool operator==(const Bandwidth&) const = default;
};

// a=<name>[:<value>]  (RFC 8866 §5.13)
struct Attribute {
  std::string name;
  std::optional<std::string> value;  // absent for property attributes (a=rtcp-mux)
  bool operator==(const Attribute&) const = default;
};

// t=<start> <stop> with its r= lines (RFC 8866 §5.9, §5.10).
struct Timing {
  uint64_t start = 0;
  uint64_t stop = 0;
  std::vector<std::string> repeats;  // r= values, verbatim
  bool operator==(const Timing&) const = default;
};

// A line softmcu keeps but does not interpret: u=, e=, p=, z=, k= (RFC 8866 §5.5-§5.12).
struct OtherLine {
  char type = 'u';
  std::string value;
  bool operator==(const OtherLine&) const = default;
};

struct MediaDescription {
  std::string media;  // "audio", "video", "application", "text", ...
  uint16_t port = 0;
  std::optional<uint16_t> port_count;  // m=<media> <port>/<count>
  std::string proto;                   // "RTP/SAVP", "UDP/BFCP", ...
  std::vector<std::string> formats;    // payload type numbers for RTP protos
  std::optional<std::string> title;    // i=
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<OtherLine> other_lines;  // k=
  std::vector<Attribute> attributes;
  bool operator==(const MediaDescription&) const = default;

  // proto is RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF or UDP/TLS/RTP/SAVP(F) (RFC 3551, 4585, 3711, 5764).
  bool IsRtp() const;
  bool IsSecureProfile() const;    // "SAVP" in proto
  bool IsFeedbackProfile() const;  // proto ends in "F" (AVPF/SAVPF)
  // The formats as payload types; empty for non-RTP protos. Unparseable entries are skipped.
  std::vector<uint8_t> PayloadTypes() const;

  const Attribute* FindAttribute(std::string_view name) const;
  std::vector<const Attribute*> FindAttributes(std::string_view name) const;
  bool HasAttribute(std::string_view name) const { return FindAttribute(name) != nullptr; }
  void AddAttribute(std::string name, std::optional<std::string> value = std::nullopt);
  std::optional<uint64_t> BandwidthOf(std::string_view type) const;

  // The payload type's rtpmap, or the static one RFC 3551 assigns when there is none.
  std::optional<Rtpmap> RtpmapFor(uint8_t pt) const;
  std::optional<Fmtp> FmtpFor(uint8_t pt) const;
  // rtcp-fb lines for this payload type, including '*' ones.
  std::vector<RtcpFeedback> RtcpFeedbackFor(uint8_t pt) const;
  std::vector<CryptoAttribute> Cryptos() const;
  std::optional<MediaDirection> Direction() const;  // only if a direction attribute is present
  std::optional<ContentAttribute> Content() const;
  std::optional<std::string> Mid() const;
  std::optional<std::string> Label() const;
  std::optional<RtcpAttribute> Rtcp() const;
  bool RtcpMux() const { return HasAttribute("rtcp-mux"); }
  std::vector<Extmap> Extmaps() const;
  std::vector<SsrcAttribute> Ssrcs() const;
  std::optional<uint32_t> Ptime() const;
  std::optional<uint32_t> MaxPtime() const;
  std::optional<double> Framerate() const;
};

struct SessionDescription {
  Origin origin;
  std::string session_name = "-";
  std::optional<std::string> information;  // i=
  std::vector<OtherLine> other_lines;      // u=, e=, p=, z=, k= in their order
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<Timing> timings{Timing{}};
  std::vector<Attribute> attributes;
  std::vector<MediaDescription> media;
  bool operator==(const SessionDescription&) const = default;

  const Attribute* FindAttribute(std::string_view name) const;
  std::optional<uint64_t> BandwidthOf(std::string_view type) const;
  std::optional<MediaDirection> Direction() const;  // session-level direction attribute

  // The connection that applies to media `index` (its own c=, else the session's).
  std::optional<Connection> ConnectionFor(size_t index) const;
  // The direction in force for media `index`: media-level, else session-level, else
  // sendrecv (RFC 3264 §5.1).
  MediaDirection DirectionFor(size_t index) const;
};

}  // namespace softmcu::sdp
