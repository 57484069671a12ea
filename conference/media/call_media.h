#pragma once
// The media half of one call between the SDP exchange and the participant joining a room:
// UDP ports bound on the worker that will own them, and the negotiated session.
//
//   incoming INVITE:  AnswerOffer(offer) → CallMedia + our answer SDP (or a 488 reason)
//   dial-out:         CreateOffer() → PendingOffer (sockets + our offer SDP + keys)
//                     AcceptAnswer(pending, answer) → CallMedia
//   then:             BuildParticipantMedia(call_media, ...) on the worker's thread.
//
// Called on the signalling thread; the PortAllocator is guarded here because the HTTP
// API's dial-out and SIP's incoming calls may prepare media at the same time.

#include <mutex>
#include <optional>
#include <string>

#include "conference/media/media_worker_pool.h"
#include "conference/media/participant_media.h"
#include "core/result.h"
#include "signaling/sdp/media_negotiator.h"
#include "transport/net/port_allocator.h"

namespace softmcu {

struct CallMediaConfig {
  std::string address = "127.0.0.1";  // ours, bound and written in SDP (c=)
  uint16_t port_min = 20000;
  uint16_t port_max = 29999;
};

// A refusal for the SIP layer: status (488, 503...) and a reason for the Warning header.
struct MediaRefusal {
  int sip_status = 488;
  std::string reason;
};
template <typename T>
using MediaResult = tl::expected<T, MediaRefusal>;

struct CallMedia {
  MediaWorker* worker = nullptr;
  RtpSocketPair audio_sockets;
  RtpSocketPair video_sockets;
  sdp::NegotiatedSession session;
  bool srtp_required = true;
};

struct PendingOffer {
  MediaWorker* worker = nullptr;
  RtpSocketPair audio_sockets;
  RtpSocketPair video_sockets;
  sdp::LocalOffer offer;
  std::string sdp;  // our offer, to put in the INVITE
  bool srtp_required = true;
};

class CallMediaFactory {
 public:
  CallMediaFactory(const CallMediaConfig& config, MediaWorkerPool* workers);

  MediaResult<std::pair<CallMedia, std::string>> AnswerOffer(const sdp::SessionDescription& offer,
                                                              const sdp::MediaCapabilities& caps);
  MediaResult<PendingOffer> CreateOffer(const sdp::MediaCapabilities& caps);
  MediaResult<CallMedia> AcceptAnswer(PendingOffer pending, const sdp::SessionDescription& answer,
                                      const sdp::MediaCapabilities& caps);

  const CallMediaConfig& config() const { return config_; }

 private:
  MediaResult<RtpSocketPair> Allocate(MediaWorker& worker, MediaKind kind, RtcpMux mux);
  sdp::LocalMedia Local(const RtpSocketPair& audio, const RtpSocketPair& video) const;

  const CallMediaConfig config_;
  MediaWorkerPool* const workers_;
  std::mutex mutex_;
  PortAllocator ports_;  // guarded by mutex_
};

// The ParticipantMedia of a call; runs on `media.worker`'s thread (MediaWorker::Attach).
Result<std::unique_ptr<ParticipantMedia>> BuildParticipantMedia(CallMedia media, ParticipantMediaConfig config,
                                                                std::shared_ptr<ParticipantMediaLink> link,
                                                                ParticipantMediaObserver* observer,
                                                                PacketBufferPool* pool, const Clock* clock);

}  // namespace softmcu
