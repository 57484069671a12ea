#include "signaling/sdp/media_negotiator.h"

#include <arpa/inet.h>

#include <algorithm>

#include "signaling/sdp/sdp_text.h"
#include "signaling/sdp/stream_selection.h"

namespace softmcu::sdp {
namespace {

// Why one m-line was not taken; `counts` is false for streams that never asked for
// anything (port 0 in the offer), which do not explain a 488.
struct Rejection {
  NegotiationError code = NegotiationError::kNoUsableMedia;
  std::string reason;
  bool counts = true;
};

bool IsIpLiteral(const Connection& c) {
  unsigned char buf[16];
  const int af = c.address_type == AddressType::kIp4 ? AF_INET : AF_INET6;
  return inet_pton(af, c.address.c_str(), buf) == 1;
}

// RFC 3264 §8.4: "c=0.0.0.0" is the RFC 2543 way of putting a stream on hold.
bool IsHoldAddress(const Connection& c) {
  return c.address_type == AddressType::kIp4 && c.address == "0.0.0.0";
}

std::optional<DataRate> BandwidthFrom(const std::vector<Bandwidth>& bws, bool allow_ct) {
  // RFC 3890 §6.3: TIAS is the exact one; AS (kbps) is the fallback; CT is session-wide.
  for (const auto& b : bws) {
    if (EqualsIgnoreCase(b.type, "TIAS")) return DataRate::BitsPerSec(static_cast<int64_t>(b.value));
  }
  for (const auto& b : bws) {
    if (EqualsIgnoreCase(b.type, "AS")) return DataRate::KilobitsPerSec(static_cast<int64_t>(b.value));
  }
  if (allow_ct) {
    for (const auto& b : bws) {
      if (EqualsIgnoreCase(b.type, "CT")) return DataRate::KilobitsPerSec(static_cast<int64_t>(b.value));
    }
  }
  return std::nullopt;
}

void AddBandwidth(std::vector<Bandwidth>& bws, DataRate rate) {
  bws.push_back(Bandwidth{"AS", static_cast<uint64_t>((rate.bps() + 999) / 1000)});
  bws.push_back(Bandwidth{"TIAS", static_cast<uint64_t>(rate.bps())});
}

MediaDescription RejectedLine(const MediaDescription& offered) {
  // RFC 3264 §6: port zero, same media and proto, at least one of the offered formats.
  MediaDescription m{.media = offered.media, .port = 0, .proto = offered.proto, .formats = offered.formats};
  if (auto mid = offered.Mid()) m.AddAttribute("mid", *mid);
  return m;
}

void AddFeedbackLines(MediaDescription& m, uint8_t pt, const RtcpFeedbackSet& set) {
  for (auto type :
       {RtcpFeedbackType::kNack, RtcpFeedbackType::kNackPli, RtcpFeedbackType::kCcmFir,
        RtcpFeedbackType::kCcmTmmbr, RtcpFeedbackType::kGoogRemb, RtcpFeedbackType::kTransportCc}) {
    if (set.Has(type)) m.AddAttribute("rtcp-fb", RtcpFeedback::Make(pt, type).Format());
  }
}

void AddTransportLines(MediaDescription& m, const LocalStreamAddress& local, const LocalMedia& media,
                       bool mux) {
  if (mux) {
    m.AddAttribute("rtcp-mux");
  } else if (local.rtcp_port && *local.rtcp_port != local.rtp_port + 1) {
    m.AddAttribute("rtcp", RtcpAttribute{.port = *local.rtcp_port}.Format());
  }
  if (local.ssrc) m.AddAttribute("ssrc", SsrcAttribute{*local.ssrc, "cname", media.cname}.Format());
}

const LocalStreamAddress& LocalFor(StreamRole role, const LocalMedia& local) {
  switch (role) {
    case StreamRole::kAudio:
      return local.audio;
    case StreamRole::kVideo:
      return local.video;
    case StreamRole::kContent:
      return local.content;
  }
  return local.audio;
}

std::optional<NegotiatedStream>& SlotFor(StreamRole role, NegotiatedSession& session) {
  switch (role) {
    case StreamRole::kAudio:
      return session.audio;
    case StreamRole::kVideo:
      return session.video;
    case StreamRole::kContent:
      return session.content;
  }
  return session.audio;
}

H264Parameters OurH264Parameters(const VideoCapabilities& caps, H264ProfileLevelId id, uint8_t mode) {
  H264Parameters p;
  p.profile_level_id = id;
  p.packetization_mode = mode;
  p.max_mbps = caps.max_mbps;
  p.max_fs = caps.max_fs;
  p.max_br = caps.max_br;
  return p;
}

OpusParameters OurOpusParameters(const AudioCapabilities& caps) {
  OpusParameters p;
  p.useinbandfec = caps.opus_useinbandfec;
  p.usedtx = caps.opus_usedtx;
  return p;
}

// Which role an offered m-line would fill, or why none (RFC 4796 a=content decides
// between the main and the content video).
tl::expected<StreamRole, std::string> RoleFor(const MediaDescription& m, const MediaCapabilities& caps,
                                              const NegotiatedSession& taken) {
  if (m.media == "audio") {
    if (!caps.audio.enabled) return tl::unexpected(std::string("audio is disabled in this room"));
    if (taken.audio) return tl::unexpected(std::string("a second audio stream is not supported"));
    return StreamRole::kAudio;
  }
  if (m.media == "video") {
    if (!caps.video.enabled) return tl::unexpected(std::string("video is disabled in this room"));
    auto content = m.Content();
    if (content && content->slides) {
      if (!caps.video.content_enabled)
        return tl::unexpected(std::string("a=content:slides video is not accepted"));
      if (taken.content)
        return tl::unexpected(std::string("a second a=content:slides video is not supported"));
      return StreamRole::kContent;
    }
    if (taken.video) {
      return tl::unexpected(std::string("a second video without a=content:slides is not supported"));
    }
    return StreamRole::kVideo;
  }
  return tl::unexpected("m=" + m.media + " " + m.proto + " is not supported");
}

class Answerer {
 public:
  Answerer(const MediaCapabilities& caps, const SessionDescription& offer, const LocalMedia& local)
      : caps_(caps), offer_(offer), local_(local) {}

  NegotiationResult<NegotiatedAnswer> Run();

 private:
  tl::expected<MediaDescription, Rejection> AnswerStream(size_t index, StreamRole role);
  NegotiationFailure Failure() const;

  const MediaCapabilities& caps_;
  const SessionDescription& offer_;
  const LocalMedia& local_;
  NegotiatedSession session_;
  std::vector<Rejection> rejections_;
};

NegotiationResult<NegotiatedAnswer> Answerer::Run() {
  SessionDescription answer;
  answer.origin =
      Origin{"softmcu", local_.session_id, local_.session_version, local_.address_type, local_.address};
  answer.session_name = "softmcu";
  answer.connection = Connection{local_.address_type, local_.address};
  AddBandwidth(answer.bandwidths, caps_.receive_budget);
  session_.remote_session_bandwidth = BandwidthFrom(offer_.bandwidths, true);

  for (size_t i = 0; i < offer_.media.size(); ++i) {
    const MediaDescription& offered = offer_.media[i];
    tl::expected<MediaDescription, Rejection> line = tl::unexpected(Rejection{});
    if (offered.port == 0) {
      line = tl::unexpected(Rejection{.reason = "disabled in the offer (port 0)", .counts = false});
    } else if (auto role = RoleFor(offered, caps_, session_); !role) {
      const bool is_av = offered.media == "audio" || offered.media == "video";
      line = tl::unexpected(Rejection{.reason = role.error(), .counts = is_av});
    } else {
      line = AnswerStream(i, *role);
    }
    if (line) {
      answer.media.push_back(std::move(*line));
    } else {
      answer.media.push_back(RejectedLine(offered));
      session_.rejected.push_back(RejectedStream{i, offered.media, line.error().reason});
      rejections_.push_back(line.error());
    }
  }
  if (!session_.audio && !session_.video && !session_.content) return tl::unexpected(Failure());
  session_.on_hold = true;
  for (const auto* s : {&session_.audio, &session_.video, &session_.content}) {
    if (*s && !(*s)->on_hold) session_.on_hold = false;
  }
  return NegotiatedAnswer{std::move(answer), std::move(session_)};
}

NegotiationFailure Answerer::Failure() const {
  NegotiationFailure failure{.code = NegotiationError::kNoUsableMedia};
  std::vector<std::string> reasons;
  bool first = true;
  for (const auto& r : rejections_) {
    if (!r.counts) continue;
    if (first) failure.code = r.code;
    first = false;
    if (std::find(reasons.begin(), reasons.end(), r.reason) == reasons.end()) reasons.push_back(r.reason);
  }
  if (reasons.empty()) {
    failure.reason = "the offer has no audio or video stream softmcu can use";
    return failure;
  }
  for (const auto& r : reasons) failure.reason += (failure.reason.empty() ? "" : "; ") + r;
  return failure;
}

tl::expected<MediaDescription, Rejection> Answerer::AnswerStream(size_t index, StreamRole role) {
  const MediaDescription& offered = offer_.media[index];
  const LocalStreamAddress& local = LocalFor(role, local_);
  if (local.rtp_port == 0) {
    return tl::unexpected(
        Rejection{.reason = std::string(ToString(role)) + " has no local port", .counts = false});
  }
  if (!offered.IsRtp() || offered.proto.starts_with("UDP/TLS/")) {
    return tl::unexpected(Rejection{.code = NegotiationError::kNoUsableMedia,
                                    .reason = offered.proto +
                                              " is not supported (softmcu does RTP/AVP(F) and "
                                              "RTP/SAVP(F) with SDES)"});
  }
  auto connection = offer_.ConnectionFor(index);
  if (!connection || !IsIpLiteral(*connection)) {
    return tl::unexpected(
        Rejection{.code = NegotiationError::kInvalidOffer, .reason = "the c= address is not an IP address"});
  }

  // SRTP (RFC 4568). A usable a=crypto in an RTP/AVP offer is taken too: best-effort SRTP
  // as baresip (mediaenc=srtp) and room systems send it.
  std::optional<CryptoAttribute> crypto = SelectCrypto(offered, caps_.crypto_suites);
  if (!crypto && (offered.IsSecureProfile() || caps_.srtp == SrtpPolicy::kRequired)) {
    return tl::unexpected(Rejection{
        .code = NegotiationError::kSrtpRequired,
        .reason = "SRTP required: the offer has no a=crypto with " + SuiteList(caps_.crypto_suites)});
  }

  MediaDescription m{.media = offered.media, .port = local.rtp_port, .proto = offered.proto};
  NegotiatedStream stream{.role = role, .m_line_index = index, .mid = offered.Mid()};
  stream.remote_address = connection->address;
  stream.remote_rtp_port = offered.port;
  stream.local_rtp_port = local.rtp_port;
  stream.rtcp_mux = offered.RtcpMux() && caps_.rtcp_mux;
  stream.remote_rtcp_port = offered.port + 1;                            // RFC 3550 §11 default
  if (auto rtcp = offered.Rtcp()) stream.remote_rtcp_port = rtcp->port;  // RFC 3605
  if (stream.rtcp_mux) stream.remote_rtcp_port = offered.port;           // RFC 5761 §5.1.1
  stream.remote_bandwidth = BandwidthFrom(offered.bandwidths, false);
  for (const auto& s : offered.Ssrcs()) {
    if (std::find(stream.remote_ssrcs.begin(), stream.remote_ssrcs.end(), s.ssrc) ==
            stream.remote_ssrcs.end() &&
        stream.remote_ssrcs.size() < 16) {
      stream.remote_ssrcs.push_back(s.ssrc);
    }
  }
  // RFC 3264 §6.1 direction; old-style hold (c=0.0.0.0) means the peer receives nothing.
  MediaDirection offered_direction = offer_.DirectionFor(index);
  const bool hold_address = IsHoldAddress(*connection);
  if (hold_address)
    offered_direction = Sends(offered_direction) ? MediaDirection::kSendOnly : MediaDirection::kInactive;
  stream.on_hold = !Receives(offered_direction);
  stream.direction = AnswerDirection(offered_direction, true, true);
  // AVPF feedback (RFC 4585) when the profile says so, or when an RTP/AVP offer lists
  // rtcp-fb anyway (common among SIP terminals, RFC 8643 calls it opportunistic).
  const bool feedback_allowed = offered.IsFeedbackProfile() || offered.HasAttribute("rtcp-fb");

  if (auto mid = offered.Mid()) m.AddAttribute("mid", *mid);
  if (role == StreamRole::kAudio) {
    auto choice = SelectAudioCodec(offered, caps_.audio);
    if (!choice)
      return tl::unexpected(Rejection{.code = NegotiationError::kNoCommonCodec, .reason = choice.error()});
    AudioCodec codec{.opus = choice->opus, .remote = choice->remote, .local = OurOpusParameters(caps_.audio)};
    codec.remote_ptime = offered.Ptime();
    stream.payload_type = choice->opus.payload_type;
    m.formats.push_back(std::to_string(choice->opus.payload_type));
    m.AddAttribute("rtpmap", choice->opus.Format());
    auto opus_fmtp = codec.local.ToFmtpParameters();
    if (!opus_fmtp.empty()) m.AddAttribute("fmtp", Fmtp::Make(choice->opus.payload_type, opus_fmtp).Format());
    if (choice->telephone_event) {
      const Rtpmap& te = *choice->telephone_event;
      codec.telephone_event_pt = te.payload_type;
      codec.telephone_event_clock_rate = te.clock_rate;
      m.formats.push_back(std::to_string(te.payload_type));
      m.AddAttribute("rtpmap", te.Format());
      TelephoneEvents events;
      events.events = choice->remote_events.events & TelephoneEvents::Default().events;
      if (events.events.none()) events = TelephoneEvents::Default();
      m.AddAttribute("fmtp", std::to_string(te.payload_type) + " " + events.Format());
    }
    if (feedback_allowed) {
      stream.feedback = CommonFeedback(offered, stream.payload_type, caps_.video.feedback);
      stream.feedback.pli = stream.feedback.fir = stream.feedback.remb = stream.feedback.tmmbr = false;
      AddFeedbackLines(m, stream.payload_type, stream.feedback);
    }
    m.AddAttribute("ptime", std::to_string(caps_.audio.ptime_ms));
    stream.audio = std::move(codec);
  } else {
    auto choice = SelectVideoCodec(offered, caps_.video);
    if (!choice)
      return tl::unexpected(Rejection{.code = NegotiationError::kNoCommonCodec, .reason = choice.error()});
    const uint8_t pt = choice->h264.payload_type;
    // RFC 6184 §8.2.2: same profile as offered, level no higher than offered.
    const H264ProfileLevelId id = choice->remote.profile_level_id.WithLevel(choice->level);
    H264Parameters ours = OurH264Parameters(caps_.video, id, choice->remote.packetization_mode);
    H264Parameters theirs_at_level = choice->remote;
    theirs_at_level.profile_level_id = id;
    stream.video = VideoCodec{.h264 = choice->h264,
                              .packetization_mode = choice->remote.packetization_mode,
                              .profile_level_id = id,
                              .remote = choice->remote,
                              .send_limits = theirs_at_level.EffectiveLimits()};
    stream.payload_type = pt;
    m.formats.push_back(std::to_string(pt));
    const DataRate video_budget = DataRate::BitsPerSec(
        std::max<int64_t>(caps_.receive_budget.bps() - caps_.audio.bitrate.bps(), 64'000));
    AddBandwidth(m.bandwidths, video_budget);
    m.AddAttribute("rtpmap", choice->h264.Format());
    m.AddAttribute("fmtp", Fmtp::Make(pt, ours.ToFmtpParameters()).Format());
    if (feedback_allowed) {
      stream.feedback = CommonFeedback(offered, pt, caps_.video.feedback);
      AddFeedbackLines(m, pt, stream.feedback);
    }
    if (auto content = offered.Content())
      m.AddAttribute("content", role == StreamRole::kContent ? "slides" : "main");
  }
  stream.avpf = feedback_allowed && !stream.feedback.Empty();
  m.AddAttribute(std::string(ToString(stream.direction)));
  AddTransportLines(m, local, local_, stream.rtcp_mux);
  if (crypto) {
    auto local_key = SdesKey::Generate(*crypto->suite);
    if (!local_key) {
      return tl::unexpected(Rejection{.code = NegotiationError::kSrtpRequired,
                                      .reason = "SRTP key generation failed: " + local_key.error().message});
    }
    // RFC 4568 §7.1.2: the answer's a=crypto carries the accepted offer line's tag and suite.
    m.AddAttribute("crypto", CryptoAttribute::Make(crypto->tag, *local_key).Format());
    stream.srtp = SrtpKeys{*crypto->suite, crypto->tag, *crypto->key, *local_key};
  }
  SlotFor(role, session_) = std::move(stream);
  return m;
}

// ---- dial-out --------------------------------------------------------------------------

constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kTelephoneEvent48Pt = 101;
constexpr uint8_t kTelephoneEvent8Pt = 100;
constexpr uint8_t kH264Mode1Pt = 97;
constexpr uint8_t kH264Mode0Pt = 96;

NegotiationResult<std::vector<CryptoAttribute>> OfferCryptos(const MediaCapabilities& caps) {
  std::vector<CryptoAttribute> cryptos;
  uint32_t tag = 1;
  for (CryptoSuite suite : caps.crypto_suites) {
    auto key = SdesKey::Generate(suite);
    if (!key) {
      return tl::unexpected(
          NegotiationFailure{.code = NegotiationError::kSrtpRequired,
                             .sip_status = 500,
                             .reason = "SRTP key generation failed: " + key.error().message});
    }
    cryptos.push_back(CryptoAttribute::Make(tag++, *key));
  }
  return cryptos;
}

MediaDescription OfferAudio(const MediaCapabilities& caps) {
  MediaDescription m{.media = "audio"};
  m.formats.push_back(std::to_string(kOpusPt));
  m.AddAttribute("rtpmap", Rtpmap{kOpusPt, "opus", 48000, 2}.Format());
  auto fmtp = OurOpusParameters(caps.audio).ToFmtpParameters();
  if (!fmtp.empty()) m.AddAttribute("fmtp", Fmtp::Make(kOpusPt, fmtp).Format());
  if (caps.audio.telephone_event) {
    for (auto [pt, rate] : {std::pair{kTelephoneEvent48Pt, 48000u}, std::pair{kTelephoneEvent8Pt, 8000u}}) {
      if (rate == 8000 && !caps.audio.accept_telephone_event_8000) continue;
      m.formats.push_back(std::to_string(pt));
      m.AddAttribute("rtpmap", Rtpmap{pt, "telephone-event", rate}.Format());
      m.AddAttribute("fmtp", std::to_string(pt) + " 0-15");
    }
  }
  m.AddAttribute("ptime", std::to_string(caps.audio.ptime_ms));
  return m;
}

MediaDescription OfferVideo(const MediaCapabilities& caps, StreamRole role) {
  MediaDescription m{.media = "video"};
  const auto id = H264ProfileLevelId::Make(H264Profile::kConstrainedBaseline, caps.video.max_level);
  AddBandwidth(m.bandwidths, DataRate::BitsPerSec(std::max<int64_t>(
                                 caps.receive_budget.bps() - caps.audio.bitrate.bps(), 64'000)));
  for (auto [pt, mode] : {std::pair{kH264Mode1Pt, uint8_t{1}}, std::pair{kH264Mode0Pt, uint8_t{0}}}) {
    if ((mode == 1 && !caps.video.packetization_mode_1) || (mode == 0 && !caps.video.packetization_mode_0))
      continue;
    m.formats.push_back(std::to_string(pt));
    m.AddAttribute("rtpmap", Rtpmap{pt, "H264", 90000}.Format());
    m.AddAttribute("fmtp",
                   Fmtp::Make(pt, OurH264Parameters(caps.video, id, mode).ToFmtpParameters()).Format());
    AddFeedbackLines(m, pt, caps.video.feedback);
  }
  m.AddAttribute("content", role == StreamRole::kContent ? "slides" : "main");
  return m;
}

tl::expected<void, Rejection> Invalid(std::string reason) {
  return tl::unexpected(Rejection{.code = NegotiationError::kInvalidAnswer, .reason = std::move(reason)});
}

std::optional<uint8_t> OfferedH264Mode(const MediaDescription& offered, uint8_t pt) {
  auto fmtp = offered.FmtpFor(pt);
  if (!fmtp) return std::nullopt;
  auto params = H264Parameters::FromFmtp(*fmtp);
  if (!params) return std::nullopt;
  return params->packetization_mode;
}

// Checks one answered m-line against our offered one and fills `stream` (RFC 3264 §6, §7).
tl::expected<void, Rejection> CheckAnsweredStream(const MediaCapabilities& caps, const LocalOffer& offer,
                                                  const SessionDescription& answer, size_t i,
                                                  NegotiatedStream& stream) {
  const MediaDescription& ours = offer.sdp.media[i];
  const MediaDescription& theirs = answer.media[i];
  const StreamRole role = offer.streams[i].role;
  if (theirs.media != ours.media)
    return Invalid("m-line " + std::to_string(i + 1) + " changed media to " + theirs.media);
  if (theirs.port == 0) return tl::unexpected(Rejection{.reason = "rejected by the peer (port 0)"});
  if (theirs.proto != ours.proto)
    return Invalid("m-line " + std::to_string(i + 1) + " changed proto to " + theirs.proto);
  const auto offered_pts = ours.PayloadTypes();
  const auto answered_pts = theirs.PayloadTypes();
  for (uint8_t pt : answered_pts) {
    if (std::find(offered_pts.begin(), offered_pts.end(), pt) == offered_pts.end()) {
      return Invalid("m-line " + std::to_string(i + 1) + " answers payload type " + std::to_string(pt) +
                     " that was not offered");
    }
  }
  auto connection = answer.ConnectionFor(i);
  if (!connection || !IsIpLiteral(*connection))
    return Invalid("the answer's c= address is not an IP address");

  stream.role = role;
  stream.m_line_index = i;
  stream.mid = theirs.Mid();
  stream.remote_address = connection->address;
  stream.remote_rtp_port = theirs.port;
  stream.local_rtp_port = ours.port;
  stream.rtcp_mux = theirs.RtcpMux() && ours.RtcpMux();
  stream.remote_rtcp_port = theirs.port + 1;
  if (auto rtcp = theirs.Rtcp()) stream.remote_rtcp_port = rtcp->port;
  if (stream.rtcp_mux) stream.remote_rtcp_port = theirs.port;
  stream.remote_bandwidth = BandwidthFrom(theirs.bandwidths, false);
  for (const auto& s : theirs.Ssrcs()) {
    if (std::find(stream.remote_ssrcs.begin(), stream.remote_ssrcs.end(), s.ssrc) ==
            stream.remote_ssrcs.end() &&
        stream.remote_ssrcs.size() < 16) {
      stream.remote_ssrcs.push_back(s.ssrc);
    }
  }
  MediaDirection their_direction = answer.DirectionFor(i);
  if (IsHoldAddress(*connection)) {
    their_direction = Sends(their_direction) ? MediaDirection::kSendOnly : MediaDirection::kInactive;
  }
  stream.on_hold = !Receives(their_direction);
  stream.direction = Reverse(their_direction);  // we offered sendrecv
  const bool feedback_allowed = ours.IsFeedbackProfile() || theirs.HasAttribute("rtcp-fb");

  if (role == StreamRole::kAudio) {
    std::optional<uint8_t> opus_pt;
    AudioCodec codec{.local = OurOpusParameters(caps.audio)};
    for (uint8_t pt : answered_pts) {
      auto map = ours.RtpmapFor(pt);
      if (!map) continue;
      if (map->Is("opus") && !opus_pt) {
        opus_pt = pt;
        codec.opus = *map;
        auto fmtp = theirs.FmtpFor(pt);
        auto params = fmtp ? OpusParameters::FromFmtp(*fmtp) : OpusParameters{};
        if (params) codec.remote = *params;
      } else if (map->Is("telephone-event") && !codec.telephone_event_pt) {
        codec.telephone_event_pt = pt;
        codec.telephone_event_clock_rate = map->clock_rate;
      }
    }
    if (!opus_pt) {
      return tl::unexpected(Rejection{.code = NegotiationError::kNoCommonCodec,
                                      .reason = "the answer chose no Opus payload type"});
    }
    codec.remote_ptime = theirs.Ptime();
    stream.payload_type = *opus_pt;
    stream.audio = std::move(codec);
    if (feedback_allowed) {
      stream.feedback = CommonFeedback(theirs, *opus_pt, caps.video.feedback);
      stream.feedback.pli = stream.feedback.fir = stream.feedback.remb = stream.feedback.tmmbr = false;
    }
  } else {
    std::optional<VideoCodec> chosen;
    for (uint8_t pt : answered_pts) {
      auto map = ours.RtpmapFor(pt);
      auto our_mode = OfferedH264Mode(ours, pt);
      if (!map || !map->Is("H264") || !our_mode) continue;
      H264Parameters remote;
      if (auto fmtp = theirs.FmtpFor(pt)) {
        auto params = H264Parameters::FromFmtp(*fmtp);
        if (!params) return Invalid("the answer's H.264 fmtp is invalid: " + params.error().message);
        remote = *params;
        // Tolerance: an answer without packetization-mode keeps the offered one.
        if (!fmtp->Find("packetization-mode")) remote.packetization_mode = *our_mode;
      } else {
        remote.packetization_mode = *our_mode;
      }
      if (remote.packetization_mode != *our_mode) {
        return Invalid("the answer changed H.264 packetization-mode of payload type " + std::to_string(pt));
      }
      const auto profile = remote.profile_level_id.profile();
      if (profile != H264Profile::kConstrainedBaseline && profile != H264Profile::kBaseline) {
        return Invalid("the answer's H.264 profile is " + std::string(ToString(profile)));
      }
      const H264Level level =
          std::min(remote.profile_level_id.level().value_or(H264Level::k1), caps.video.max_level);
      H264Parameters at_level = remote;
      at_level.profile_level_id = remote.profile_level_id.WithLevel(level);
      chosen = VideoCodec{.h264 = *map,
                          .packetization_mode = *our_mode,
                          .profile_level_id = at_level.profile_level_id,
                          .remote = remote,
                          .send_limits = at_level.EffectiveLimits()};
      stream.payload_type = pt;
      break;
    }
    if (!chosen) {
      return tl::unexpected(Rejection{.code = NegotiationError::kNoCommonCodec,
                                      .reason = "the answer chose no H.264 payload type"});
    }
    stream.video = std::move(chosen);
    if (feedback_allowed) stream.feedback = CommonFeedback(theirs, stream.payload_type, caps.video.feedback);
  }
  stream.avpf = feedback_allowed && !stream.feedback.Empty();

  // RFC 4568 §7.1.3: the answer's a=crypto must carry a tag and suite we offered.
  const auto& our_cryptos = offer.streams[i].cryptos;
  const auto their_cryptos = theirs.Cryptos();
  for (const auto& c : their_cryptos) {
    for (const auto& mine : our_cryptos) {
      if (c.tag == mine.tag && c.suite && c.suite == mine.suite && c.key && mine.key && !c.unusable_reason) {
        stream.srtp = SrtpKeys{*c.suite, c.tag, *c.key, *mine.key};
      }
    }
    if (stream.srtp) break;
  }
  if (!stream.srtp) {
    if (!their_cryptos.empty())
      return Invalid("the answer's a=crypto does not match a tag and suite we offered");
    if (ours.IsSecureProfile()) return Invalid("the answer to " + ours.proto + " has no a=crypto");
    if (caps.srtp == SrtpPolicy::kRequired) {
      return tl::unexpected(Rejection{.code = NegotiationError::kSrtpRequired,
                                      .reason = "SRTP required: the answer has no a=crypto"});
    }
  }
  return {};
}

}  // namespace

NegotiationResult<NegotiatedAnswer> MediaNegotiator::AnswerOffer(const SessionDescription& offer,
                                                                 const LocalMedia& local) const {
  Answerer answerer(caps_, offer, local);
  return answerer.Run();
}

NegotiationResult<LocalOffer> MediaNegotiator::CreateOffer(const LocalMedia& local) const {
  LocalOffer offer;
  SessionDescription& sdp = offer.sdp;
  sdp.origin = Origin{"softmcu", local.session_id, local.session_version, local.address_type, local.address};
  sdp.session_name = "softmcu";
  sdp.connection = Connection{local.address_type, local.address};
  AddBandwidth(sdp.bandwidths, caps_.receive_budget);
  std::string proto = caps_.srtp == SrtpPolicy::kRequired ? "RTP/SAVP" : "RTP/AVP";
  if (caps_.offer_profile == OfferProfile::kAvpf) proto += "F";

  std::vector<StreamRole> roles;
  if (caps_.audio.enabled && local.audio.rtp_port != 0) roles.push_back(StreamRole::kAudio);
  if (caps_.video.enabled && local.video.rtp_port != 0) roles.push_back(StreamRole::kVideo);
  if (caps_.video.enabled && caps_.video.content_enabled && local.content.rtp_port != 0) {
    roles.push_back(StreamRole::kContent);
  }
  if (roles.empty()) {
    return tl::unexpected(
        NegotiationFailure{.code = NegotiationError::kNoUsableMedia,
                           .sip_status = 500,
                           .reason = "nothing to offer: no enabled stream has a local port"});
  }
  for (StreamRole role : roles) {
    const LocalStreamAddress& addr = LocalFor(role, local);
    MediaDescription m = role == StreamRole::kAudio ? OfferAudio(caps_) : OfferVideo(caps_, role);
    m.port = addr.rtp_port;
    m.proto = proto;
    m.attributes.insert(m.attributes.begin(), Attribute{"mid", std::to_string(sdp.media.size())});
    m.AddAttribute("sendrecv");
    AddTransportLines(m, addr, local, caps_.rtcp_mux);
    auto cryptos = OfferCryptos(caps_);
    if (!cryptos) return tl::unexpected(cryptos.error());
    for (const auto& c : *cryptos) m.AddAttribute("crypto", c.Format());
    offer.streams.push_back(LocalOffer::Stream{role, std::move(*cryptos)});
    sdp.media.push_back(std::move(m));
  }
  return offer;
}

NegotiationResult<NegotiatedSession> MediaNegotiator::ProcessAnswer(const LocalOffer& offer,
                                                                    const SessionDescription& answer) const {
  if (answer.media.size() != offer.sdp.media.size() || offer.streams.size() != offer.sdp.media.size()) {
    return tl::unexpected(NegotiationFailure{
        .code = NegotiationError::kInvalidAnswer,
        .reason = "the answer has " + std::to_string(answer.media.size()) + " m-lines, the offer had " +
                  std::to_string(offer.sdp.media.size()) + " (RFC 3264 §6)"});
  }
  NegotiatedSession session;
  session.remote_session_bandwidth = BandwidthFrom(answer.bandwidths, true);
  std::optional<Rejection> first_failure;
  for (size_t i = 0; i < answer.media.size(); ++i) {
    NegotiatedStream stream;
    auto checked = CheckAnsweredStream(caps_, offer, answer, i, stream);
    if (!checked) {
      if (checked.error().code == NegotiationError::kInvalidAnswer) {
        return tl::unexpected(
            NegotiationFailure{.code = NegotiationError::kInvalidAnswer, .reason = checked.error().reason});
      }
      session.rejected.push_back(RejectedStream{i, answer.media[i].media, checked.error().reason});
      if (!first_failure) first_failure = checked.error();
      continue;
    }
    SlotFor(stream.role, session) = std::move(stream);
  }
  if (!session.audio && !session.video && !session.content) {
    NegotiationFailure failure{.code = NegotiationError::kNoUsableMedia,
                               .reason = "the answer accepted no stream"};
    if (first_failure)
      failure = NegotiationFailure{.code = first_failure->code, .reason = first_failure->reason};
    return tl::unexpected(failure);
  }
  session.on_hold = true;
  for (const auto* s : {&session.audio, &session.video, &session.content}) {
    if (*s && !(*s)->on_hold) session.on_hold = false;
  }
  return session;
}

}  // namespace softmcu::sdp
