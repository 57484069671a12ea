#pragma once
// An in-process stand-in for an MCU, so the load generator's whole media engine runs and is
// tested without SIP (and `softmcu-loadgen --direct` can measure the generator's own cost).
// It implements CallSignaling: PlaceCall answers the endpoint's offer with
// sdp::MediaNegotiator::AnswerOffer (real SDES keys, real ports), DialOut offers to the
// generator's endpoints (answer mode). Media goes over UDP on loopback like any peer's:
//
//   kReflect  each endpoint's RTP comes back to it under the stand-in's SSRC (no decoding):
//             the cheapest far end, for measuring the generator. Its picture comes back as a
//             1x1 "composite" and its markers as its own mix.
//   kCompose  a small MCU: every endpoint's video decoded (H264Decoder), scaled into a layout
//             (VideoScaler, mixer/layout geometry) on one canvas, encoded once (H264Encoder)
//             and sent to all; audio decoded, summed, limited (SoftLimiter), encoded once and
//             sent to all. The mixer's compositor can replace the canvas step when it lands.
//
// Each participant has its own PointTransport, so the stand-in polices what endpoints send
// and announces its budget with TMMBR/REMB (which makes them pick a rendition), answers
// NACK and PLI, and asks for keyframes when its decoders need them.
//
// Faults for tests: refuse some endpoints with a SIP status, never answer others (timeout),
// hang up on one after a while, or send garbage instead of a composite.
//
// Threading: everything runs on the io_context given (call Tick() every few ms on its
// thread); CallSignaling entry points post to it and may be called from any thread.

#include <asio/io_context.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/packet_buffer_pool.h"
#include "core/units.h"
#include "signaling/sdp/media_negotiator.h"
#include "tools/loadgen/call_signaling.h"
#include "transport/net/udp_socket.h"

namespace softmcu::loadgen {

struct McuStandInOptions {
  enum class Mode { kReflect, kCompose };
  Mode mode = Mode::kCompose;
  std::string address = "127.0.0.1";
  bool srtp = true;
  // Each endpoint's inbound budget: policed, and 90 % of it announced by TMMBR/REMB.
  DataRate participant_budget = DataRate::KilobitsPerSec(2500);
  // kCompose.
  int canvas_width = 1280;
  int canvas_height = 720;
  DataRate composite_bitrate = DataRate::KilobitsPerSec(1500);
  double fps = 30;
  std::optional<std::string> layout;  // nullopt: the smallest grid that fits everyone
  // Faults.
  std::map<uint32_t, int> refuse;  // endpoint → SIP status of the refusal
  std::set<uint32_t> never_answer;
  std::optional<std::pair<uint32_t, TimeDelta>> hang_up;  // endpoint, after how long
  std::set<uint32_t> garbage_video;  // sent random bytes instead of the composite
};

struct McuStandInStats {
  uint64_t calls_answered = 0;
  uint64_t calls_refused = 0;
  uint64_t composites = 0;
  uint64_t decoded_pictures = 0;
  uint64_t decode_errors = 0;
  uint64_t packets_reflected = 0;
};

class McuStandIn final : public CallSignaling {
 public:
  McuStandIn(const McuStandInOptions& options, asio::io_context& context, const Clock* clock);
  ~McuStandIn() override;

  // CallSignaling (dial-in).
  Result<void> Start(CallSignalingListener* listener) override;
  void PlaceCall(uint32_t endpoint, const CallTarget& target, const sdp::SessionDescription& offer) override;
  void Hangup(uint32_t endpoint) override;
  void Stop() override;

  // Answer mode: the stand-in calls endpoints 0 .. count-1 (users "loadgen-<n>").
  void DialOut(uint32_t count);

  // Runs transports, composes and mixes when due. Call every few ms on the loop's thread.
  void Tick();
  size_t participants() const { return participants_.size(); }
  const McuStandInStats& stats() const { return stats_; }

 private:
  class Participant;
  class Composer;

  void Answer(uint32_t endpoint, const sdp::SessionDescription& offer);
  Result<std::unique_ptr<Participant>> Connect(uint32_t endpoint, const sdp::NegotiatedSession& session,
                                                std::unique_ptr<UdpSocket> audio,
                                                std::unique_ptr<UdpSocket> video);
  Result<sdp::LocalMedia> BindPorts(std::unique_ptr<UdpSocket>& audio, std::unique_ptr<UdpSocket>& video);

  const McuStandInOptions options_;
  asio::io_context& context_;
  const Clock* const clock_;
  const sdp::MediaNegotiator negotiator_;
  PacketBufferPool pool_;
  CallSignalingListener* listener_ = nullptr;
  std::map<uint32_t, std::unique_ptr<Participant>> participants_;
  std::unique_ptr<Composer> composer_;
  bool composite_keyframe_wanted_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards posted tasks
  McuStandInStats stats_;
};

}  // namespace softmcu::loadgen
