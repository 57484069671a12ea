#include "tools/loadgen/video_receiver.h"

#include "core/check.h"

namespace softmcu::loadgen {

VideoReceiver::VideoReceiver(CompositeReader::Options reader_options, const EndpointDirectory* directory,
                             TimeDelta freeze_threshold, ReceiveProbe* probe, uint32_t endpoint)
    : depacketizer_(std::make_unique<H264Depacketizer>(H264Depacketizer::Config{}, AsListener())),
      reader_(std::move(reader_options)),
      tracker_(directory, freeze_threshold),
      probe_(probe),
      endpoint_(endpoint) {
  auto decoder = H264Decoder::Create({});
  SOFTMCU_CHECK(decoder.has_value());  // libavcodec's H.264 decoder is always built in
  decoder_ = std::move(*decoder);
}

VideoReceiver::~VideoReceiver() = default;

bool VideoReceiver::keyframe_needed() const {
  return depacketizer_->keyframe_request_needed() ||
         (decoder_->keyframe_needed() && depacketizer_->stats().access_units > 0);
}

void VideoReceiver::OnFrame(const JitterBufferFrame& frame) {
  arrival_ = frame.complete_time;
  depacketizer_->InsertFrame(frame);
}

void VideoReceiver::OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& access_unit) {
  ++stats_.access_units;
  auto picture = decoder_->Decode(access_unit.annex_b, TimeDelta::Zero());
  if (!picture) {
    ++stats_.decode_errors;
    return;
  }
  if (!*picture) return;
  ++stats_.pictures;
  const CompositeReader::Read& read = reader_.ReadComposite((**picture)->view());
  if (read.valid > 0) ++stats_.composites_read;
  tracker_.OnComposite(read.tiles, arrival_);
  if (probe_) probe_->OnComposite(endpoint_, (**picture)->view(), read, arrival_);
}

}  // namespace softmcu::loadgen
