#include "conference/audio/audio_input_channel.h"

#include "media/audio/opus_payload.h"

namespace softmcu {

namespace {
// RTP timestamps compare modulo 2^32 (RFC 3550 §5.1).
int32_t Diff(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b); }
}  // namespace

const AudioPacketSlot* AudioInputChannel::FrontIf(SpscQueue<AudioPacketSlot>& queue, uint32_t ts) {
  const AudioPacketSlot* front = queue.Front();
  return front != nullptr && front->rtp_timestamp == ts ? front : nullptr;
}

const AudioFrame* AudioInputChannel::Tick(SpscQueue<AudioPacketSlot>& queue, bool decode) {
  ++stats_.ticks;
  if (!started_) {
    if (queue.size() < kStartDepth) return nullptr;
    started_ = true;
    expected_ts_ = queue.Front()->rtp_timestamp;
  }
  // Samples still queued in the decoder from a packet longer than 20 ms: no packet is due.
  if (pending_samples_ >= kFrameSamples) {
    pending_samples_ -= kFrameSamples;
    if (!decode) return nullptr;
    decoder_.NextFrame(std::nullopt, std::nullopt, &frame_);
    ++stats_.decoded;
    return &frame_;
  }
  bool trimmed = false;
  while (queue.size() > kMaxDepth) {
    queue.Pop();
    ++stats_.latency_drops;
    trimmed = true;
  }
  // What was trimmed was dropped on purpose, to cut latency: play on from the oldest packet
  // kept. Expecting the first one dropped instead concealed every tick while the queue was
  // trimmed again at the same rate — the point silent for good.
  if (trimmed && Diff(queue.Front()->rtp_timestamp, expected_ts_) > 0) {
    expected_ts_ = queue.Front()->rtp_timestamp;
  }
  while (const AudioPacketSlot* front = queue.Front()) {
    if (Diff(front->rtp_timestamp, expected_ts_) >= 0) break;
    queue.Pop();
    ++stats_.late;
  }
  if (const AudioPacketSlot* front = queue.Front();
      front != nullptr && static_cast<uint32_t>(Diff(front->rtp_timestamp, expected_ts_)) > kResyncFrames * kFrameSamples) {
    expected_ts_ = front->rtp_timestamp;
    ++stats_.resyncs;
  }

  const AudioPacketSlot* current = FrontIf(queue, expected_ts_);
  const AudioPacketSlot* next = nullptr;
  if (current != nullptr) {
    const AudioPacketSlot* second = queue.At(1);
    if (second != nullptr && second->rtp_timestamp == expected_ts_ + kFrameSamples) next = second;
  } else {
    next = FrontIf(queue, expected_ts_ + kFrameSamples);
    if (queue.empty()) ++stats_.underruns;
  }

  const AudioFrame* out = nullptr;
  if (decode) {
    auto packet = [](const AudioPacketSlot* slot) -> std::optional<OpusDecoder::Packet> {
      if (slot == nullptr) return std::nullopt;
      return OpusDecoder::Packet{{slot->payload.data(), slot->size}, slot->rtp_timestamp};
    };
    switch (decoder_.NextFrame(packet(current), packet(next), &frame_)) {
      case OpusDecoder::FrameSource::kDecoded: ++stats_.decoded; break;
      case OpusDecoder::FrameSource::kFec: ++stats_.fec; break;
      case OpusDecoder::FrameSource::kPlc: ++stats_.concealed; break;
    }
    out = &frame_;
  }
  uint32_t consumed = kFrameSamples;
  if (current != nullptr) {
    if (auto parsed = OpusPayload::Parse({current->payload.data(), current->size});
        parsed && parsed->samples() > static_cast<int>(kFrameSamples)) {
      consumed = static_cast<uint32_t>(parsed->samples());
      // Whole 20 ms frames still to come out of this packet on the next ticks.
      pending_samples_ = consumed - kFrameSamples;
    }
    queue.Pop();
  }
  expected_ts_ += consumed;
  return out;
}

}  // namespace softmcu
