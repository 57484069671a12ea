// SDP bodies arrive in SIP messages from anyone: SdpParser::Parse must refuse anything
// malformed without crashing; whatever it accepts must write back to text that parses to
// the same description; and MediaNegotiator must answer it (or refuse it with a reason)
// without crashing, under both SRTP policies, and treat it as an answer to our own offer.
//
// Input: the SDP text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "signaling/sdp/media_negotiator.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sdp/sdp_writer.h"

namespace {

using namespace softmcu::sdp;

LocalMedia Local() {
  LocalMedia local;
  local.audio.rtp_port = 20000;
  local.video.rtp_port = 20002;
  local.content.rtp_port = 20004;
  return local;
}

void CheckAnswer(const MediaNegotiator& negotiator, const SessionDescription& offer) {
  auto answer = negotiator.AnswerOffer(offer, Local());
  if (!answer) {
    if (answer.error().reason.empty() || answer.error().sip_status != 488) std::abort();
    return;
  }
  // Our answer must itself be valid SDP with the offer's m-line count (RFC 3264 §6).
  auto reparsed = SdpParser::Parse(SdpWriter::Write(answer->answer));
  if (!reparsed || reparsed->media.size() != offer.media.size()) std::abort();
  if (!answer->session.audio && !answer->session.video && !answer->session.content) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sdp = SdpParser::Parse(text);
  if (!sdp) {
    if (sdp.error().message.empty()) std::abort();
    return 0;
  }
  const std::string written = SdpWriter::Write(*sdp);
  auto again = SdpParser::Parse(written);
  if (!again || !(*again == *sdp)) std::abort();

  static const MediaNegotiator strict{MediaCapabilities{}};
  static const MediaNegotiator plain{MediaCapabilities{.srtp = SrtpPolicy::kAllowPlainRtp}};
  CheckAnswer(strict, *sdp);
  CheckAnswer(plain, *sdp);

  static const auto offer = plain.CreateOffer(Local());
  if (!offer) std::abort();
  auto session = plain.ProcessAnswer(*offer, *sdp);
  if (!session && session.error().reason.empty()) std::abort();
  return 0;
}
