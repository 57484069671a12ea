#include "tools/loadgen/re_offer_answerer.h"

#include <optional>

namespace softmcu::loadgen {
namespace {

// Which of our streams an m-line is: audio, main video or a=content:slides video.
enum class Slot { kAudio, kVideo, kContent, kNone };

Slot SlotOf(const sdp::MediaDescription& m) {
  if (m.media == "audio") return Slot::kAudio;
  if (m.media != "video") return Slot::kNone;
  const auto content = m.Content();
  return content && content->slides ? Slot::kContent : Slot::kVideo;
}

const sdp::MediaDescription* FindSlot(const sdp::SessionDescription& sdp, Slot slot) {
  for (const auto& m : sdp.media) {
    if (m.port != 0 && SlotOf(m) == slot) return &m;
  }
  return nullptr;
}

// What we announced before, as the negotiator's input: the same address, ports, SSRCs,
// CNAME and o= session (the stack bumps the version).
sdp::LocalMedia LocalMediaOf(const sdp::SessionDescription& local) {
  sdp::LocalMedia media;
  media.session_id = local.origin.session_id;
  media.session_version = local.origin.session_version;
  if (local.connection) {
    media.address_type = local.connection->address_type;
    media.address = local.connection->address;
  }
  for (size_t i = 0; i < local.media.size(); ++i) {
    const auto& m = local.media[i];
    sdp::LocalStreamAddress* stream = nullptr;
    switch (SlotOf(m)) {
      case Slot::kAudio:
        stream = &media.audio;
        break;
      case Slot::kVideo:
        stream = &media.video;
        break;
      case Slot::kContent:
        stream = &media.content;
        break;
      case Slot::kNone:
        continue;
    }
    if (m.port == 0 || stream->rtp_port != 0) continue;
    stream->rtp_port = m.port;
    if (const auto rtcp = m.Rtcp(); rtcp && rtcp->port != m.port + 1) stream->rtcp_port = rtcp->port;
    const auto ssrcs = m.Ssrcs();
    for (const auto& s : ssrcs) {
      if (s.attribute == "cname" && s.value) media.cname = *s.value;
    }
    if (!ssrcs.empty()) stream->ssrc = ssrcs.front().ssrc;
    if (auto c = local.ConnectionFor(i); c && !local.connection) {
      media.address_type = c->address_type;
      media.address = c->address;
    }
  }
  return media;
}

sdp::NegotiationFailure Refuse(std::string reason) {
  return {.code = sdp::NegotiationError::kSrtpRequired, .sip_status = 488, .reason = std::move(reason)};
}

}  // namespace

sdp::NegotiationResult<sdp::SessionDescription> ReOfferAnswerer::Answer(const sdp::SessionDescription& offer,
                                                                       const sdp::SessionDescription& local) const {
  auto negotiated = negotiator_->AnswerOffer(offer, LocalMediaOf(local));
  if (!negotiated) return tl::unexpected(negotiated.error());
  sdp::SessionDescription answer = std::move(negotiated->answer);
  // Our sending key stays: replace the fresh key the negotiator drew with the one we keyed
  // this stream with before, for the suite the answer chose.
  for (auto& m : answer.media) {
    if (m.port == 0) continue;
    const auto chosen = m.Cryptos();
    if (chosen.empty() || !chosen.front().suite) continue;
    const sdp::MediaDescription* before = FindSlot(local, SlotOf(m));
    std::optional<sdp::CryptoAttribute> ours;
    for (const auto& c : before ? before->Cryptos() : std::vector<sdp::CryptoAttribute>{}) {
      if (c.key && c.suite == chosen.front().suite) ours = c;
    }
    if (!ours) {
      return tl::unexpected(Refuse("the new offer's " + chosen.front().suite_name + " " + m.media +
                                   " stream was not keyed in this call (re-keying mid-call is not supported)"));
    }
    for (auto& a : m.attributes) {
      if (a.name == "crypto") a.value = sdp::CryptoAttribute::Make(chosen.front().tag, *ours->key).Format();
    }
  }
  return answer;
}

}  // namespace softmcu::loadgen
