#include "conference/media/call_media.h"

#include <fmt/format.h>

#include "conference/media/stream_setup.h"
#include "core/random.h"
#include "signaling/sdp/sdp_writer.h"

namespace softmcu {

namespace {
MediaRefusal Refusal(const sdp::NegotiationFailure& failure) { return {failure.sip_status, failure.reason}; }

// Whether the first m-line of `media` in the SDP asks for rtcp-mux.
bool OffersMux(const sdp::SessionDescription& offer, std::string_view media) {
  for (const auto& m : offer.media) {
    if (m.media == media && m.port != 0) return m.RtcpMux();
  }
  return false;
}
bool Offers(const sdp::SessionDescription& offer, std::string_view media) {
  for (const auto& m : offer.media) {
    if (m.media == media && m.port != 0) return true;
  }
  return false;
}
}  // namespace

CallMediaFactory::CallMediaFactory(const CallMediaConfig& config, MediaWorkerPool* workers)
    : config_(config),
      workers_(workers),
      ports_(asio::ip::make_address(config.address), config.port_min, config.port_max) {}

MediaResult<RtpSocketPair> CallMediaFactory::Allocate(MediaWorker& worker, MediaKind kind, RtcpMux mux) {
  std::lock_guard lock(mutex_);
  auto pair = ports_.Allocate(worker.loop().context(), kind, mux);
  if (!pair) return tl::unexpected(MediaRefusal{503, pair.error().message});
  return std::move(*pair);
}

sdp::LocalMedia CallMediaFactory::Local(const RtpSocketPair& audio, const RtpSocketPair& video) const {
  sdp::LocalMedia local;
  local.address = config_.address;
  local.address_type = config_.address.find(':') != std::string::npos ? sdp::AddressType::kIp6 : sdp::AddressType::kIp4;
  auto fill = [](sdp::LocalStreamAddress& out, const RtpSocketPair& pair) {
    if (!pair.rtp) return;
    out.rtp_port = pair.rtp->local_endpoint().port();
    if (pair.rtcp) out.rtcp_port = pair.rtcp->local_endpoint().port();
  };
  fill(local.audio, audio);
  fill(local.video, video);
  local.session_id = std::to_string(RandomU32());
  local.session_version = "1";
  return local;
}

MediaResult<std::pair<CallMedia, std::string>> CallMediaFactory::AnswerOffer(const sdp::SessionDescription& offer,
                                                                             const sdp::MediaCapabilities& caps) {
  MediaWorker& worker = workers_->Pick();
  CallMedia media;
  media.worker = &worker;
  media.srtp_required = caps.srtp == sdp::SrtpPolicy::kRequired;
  if (Offers(offer, "audio")) {
    auto pair = Allocate(worker, MediaKind::kAudio, OffersMux(offer, "audio") ? RtcpMux::kMuxed : RtcpMux::kSeparatePort);
    if (!pair) return tl::unexpected(pair.error());
    media.audio_sockets = std::move(*pair);
  }
  if (Offers(offer, "video")) {
    auto pair = Allocate(worker, MediaKind::kVideo, OffersMux(offer, "video") ? RtcpMux::kMuxed : RtcpMux::kSeparatePort);
    if (!pair) return tl::unexpected(pair.error());
    media.video_sockets = std::move(*pair);
  }
  sdp::MediaNegotiator negotiator(caps);
  auto answer = negotiator.AnswerOffer(offer, Local(media.audio_sockets, media.video_sockets));
  if (!answer) return tl::unexpected(Refusal(answer.error()));
  media.session = std::move(answer->session);
  // Ports of streams the answer refused go back now (their sockets close).
  if (!media.session.audio) media.audio_sockets = {};
  if (!media.session.video) media.video_sockets = {};
  return std::pair{std::move(media), sdp::SdpWriter::Write(answer->answer)};
}

MediaResult<PendingOffer> CallMediaFactory::CreateOffer(const sdp::MediaCapabilities& caps) {
  MediaWorker& worker = workers_->Pick();
  PendingOffer pending;
  pending.worker = &worker;
  pending.srtp_required = caps.srtp == sdp::SrtpPolicy::kRequired;
  // We offer rtcp-mux but bind the RTCP port too, in case the answer declines it.
  if (caps.audio.enabled) {
    auto pair = Allocate(worker, MediaKind::kAudio, RtcpMux::kSeparatePort);
    if (!pair) return tl::unexpected(pair.error());
    pending.audio_sockets = std::move(*pair);
  }
  if (caps.video.enabled) {
    auto pair = Allocate(worker, MediaKind::kVideo, RtcpMux::kSeparatePort);
    if (!pair) return tl::unexpected(pair.error());
    pending.video_sockets = std::move(*pair);
  }
  sdp::MediaNegotiator negotiator(caps);
  auto offer = negotiator.CreateOffer(Local(pending.audio_sockets, pending.video_sockets));
  if (!offer) return tl::unexpected(Refusal(offer.error()));
  pending.sdp = sdp::SdpWriter::Write(offer->sdp);
  pending.offer = std::move(*offer);
  return pending;
}

MediaResult<CallMedia> CallMediaFactory::AcceptAnswer(PendingOffer pending, const sdp::SessionDescription& answer,
                                                      const sdp::MediaCapabilities& caps) {
  sdp::MediaNegotiator negotiator(caps);
  auto session = negotiator.ProcessAnswer(pending.offer, answer);
  if (!session) return tl::unexpected(Refusal(session.error()));
  CallMedia media;
  media.worker = pending.worker;
  media.srtp_required = pending.srtp_required;
  media.session = std::move(*session);
  media.audio_sockets = std::move(pending.audio_sockets);
  media.video_sockets = std::move(pending.video_sockets);
  auto settle = [](RtpSocketPair& pair, const std::optional<sdp::NegotiatedStream>& stream) {
    if (!stream) {
      pair = {};
    } else if (stream->rtcp_mux) {
      pair.rtcp.reset();  // the answer took rtcp-mux: RTCP rides on the RTP port
    }
  };
  settle(media.audio_sockets, media.session.audio);
  settle(media.video_sockets, media.session.video);
  return media;
}

Result<std::unique_ptr<ParticipantMedia>> BuildParticipantMedia(CallMedia media, ParticipantMediaConfig config,
                                                                std::shared_ptr<ParticipantMediaLink> link,
                                                                ParticipantMediaObserver* observer,
                                                                PacketBufferPool* pool, const Clock* clock) {
  std::vector<MediaStreamSetup> streams;
  const DataRate bandwidth = config.policer.rate;
  if (media.session.audio && media.audio_sockets.rtp) {
    auto setup = MakeStreamSetup(*media.session.audio, std::move(media.audio_sockets), media.srtp_required, bandwidth);
    if (!setup) return tl::unexpected(setup.error());
    streams.push_back(std::move(*setup));
    config.audio = MakeAudioParams(*media.session.audio);
  }
  if (media.session.video && media.video_sockets.rtp) {
    auto setup = MakeStreamSetup(*media.session.video, std::move(media.video_sockets), media.srtp_required, bandwidth);
    if (!setup) return tl::unexpected(setup.error());
    streams.push_back(std::move(*setup));
    config.video = MakeVideoParams(*media.session.video);
  }
  if (streams.empty()) return MakeError(ErrorCode::kInvalidArgument, "the call has no audio or video stream");
  return ParticipantMedia::Create(config, std::move(streams), std::move(link), observer, pool, clock);
}

}  // namespace softmcu
