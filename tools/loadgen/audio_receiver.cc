#include "tools/loadgen/audio_receiver.h"

#include <algorithm>

#include "transport/rtp/rtp_packet_view.h"

namespace softmcu::loadgen {
namespace {
constexpr int kMaxConcealed = 5;  // frames concealed per packet after a loss: the rest is a gap
constexpr int64_t kFrameSamples = 960;
}  // namespace

AudioReceiver::AudioReceiver(const EndpointDirectory* directory, bool decode, ReceiveProbe* probe, uint32_t endpoint)
    : directory_(directory), probe_(probe), endpoint_(endpoint) {
  if (decode) {
    decoder_ = std::make_unique<OpusDecoder>();
    detector_ = std::make_unique<AudioMarkerDetector>();
  }
}

void AudioReceiver::OnFrame(const JitterBufferFrame& frame) {
  ++stats_.packets;
  stats_.lost_frames += static_cast<uint64_t>(std::max(frame.lost_frames_before, 0));
  if (last_arrival_ && frame.first_arrival - *last_arrival_ > kGap) ++stats_.gaps;
  last_arrival_ = frame.first_arrival;
  if (!decoder_ || frame.packet_count == 0) return;

  auto rtp = RtpPacketView::Parse(frame.packet(0));
  AudioFrame pcm;
  // Lost frames are concealed so the detector's sample clock keeps step with the stream;
  // they are placed at the times they would have arrived.
  const int concealed = std::min(frame.lost_frames_before, kMaxConcealed);
  for (int i = 0; i < concealed; ++i) {
    decoder_->DecodeLost(&pcm);
    ++stats_.concealed;
    FeedDecoded(pcm, frame.first_arrival - TimeDelta::Millis(20) * (concealed - i));
  }
  if (!rtp || !decoder_->Decode({rtp->payload(), rtp->timestamp()}, &pcm)) {
    ++stats_.decode_errors;
    decoder_->DecodeLost(&pcm);
    ++stats_.concealed;
  }
  FeedDecoded(pcm, frame.first_arrival);
}

void AudioReceiver::FeedDecoded(const AudioFrame& pcm, Timestamp arrival) {
  const int64_t first = detector_->samples_seen();
  times_[static_cast<size_t>(first / kFrameSamples) % kTimes] = FrameTime{first, arrival};
  if (probe_) probe_->OnAudio(endpoint_, pcm.samples, arrival);
  auto marker = detector_->Feed(pcm.samples);
  stats_.markers_undecodable = detector_->stats().undecodable;
  if (!marker) return;
  if (probe_) probe_->OnMarkerHeard(endpoint_, marker->id, arrival);
  // When the onset arrived: its frame's arrival plus its offset in the frame.
  const FrameTime& t = times_[static_cast<size_t>(marker->onset_sample / kFrameSamples) % kTimes];
  if (t.first_sample < 0 || marker->onset_sample / kFrameSamples != t.first_sample / kFrameSamples) return;
  const Timestamp heard = t.arrival + TimeDelta::Micros((marker->onset_sample - t.first_sample) * 1'000'000 / 48'000);
  const SendLog* log = directory_->Find(marker->id);
  const std::optional<Timestamp> sent = log ? log->MarkerSentBefore(heard) : std::nullopt;
  if (!sent) {
    ++stats_.markers_unknown;
    return;
  }
  ++stats_.markers;
  latency_.Add(heard - *sent);
}

}  // namespace softmcu::loadgen
