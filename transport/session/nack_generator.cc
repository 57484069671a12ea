#include "transport/session/nack_generator.h"

#include <algorithm>

namespace softmcu {

NackGenerator::NackGenerator(Config config) : config_(config) {
  missing_.reserve(config_.max_missing);
  out_.reserve(config_.max_missing);
}

NackGenerator::PacketResult NackGenerator::OnPacket(uint16_t seq, Timestamp now) {
  const int64_t unwrapped = unwrapper_.Unwrap(seq);
  if (!started_) {
    started_ = true;
    newest_ = unwrapped;
    return PacketResult::kNew;
  }
  if (unwrapped <= newest_) {
    auto it = std::lower_bound(missing_.begin(), missing_.end(), unwrapped,
                               [](const Missing& m, int64_t s) { return m.seq < s; });
    if (it != missing_.end() && it->seq == unwrapped) {
      missing_.erase(it);
      ++stats_.recovered;
      return PacketResult::kRecovered;
    }
    return PacketResult::kOld;
  }

  const int64_t gap = unwrapped - newest_ - 1;
  newest_ = unwrapped;
  if (gap <= 0) return PacketResult::kNew;
  if (missing_.size() + static_cast<size_t>(gap) > config_.max_missing) {
    // Too much to repair by retransmission: start again from a keyframe.
    missing_.clear();
    keyframe_request_needed_ = true;
    ++stats_.overflows;
    return PacketResult::kNew;
  }
  for (int64_t s = unwrapped - gap; s < unwrapped; ++s) missing_.push_back({s, now, now, 0});
  return PacketResult::kNew;
}

std::span<const uint16_t> NackGenerator::GetNacksToSend(Timestamp now, TimeDelta rtt) {
  out_.clear();
  const TimeDelta retry_interval = std::max(rtt, config_.min_retry_interval);
  auto keep = missing_.begin();
  for (auto it = missing_.begin(); it != missing_.end(); ++it) {
    Missing m = *it;
    const bool due =
        m.retries == 0 ? now - m.detected >= config_.first_nack_delay : now - m.last_sent >= retry_interval;
    // Give up once the last allowed NACK has had its retry interval to be answered.
    const bool exhausted = m.retries >= config_.max_retries && due;
    if (exhausted || now - m.detected > config_.max_age) {
      ++stats_.given_up;
      keyframe_request_needed_ = true;
      continue;
    }
    if (due) {
      out_.push_back(static_cast<uint16_t>(m.seq));
      m.last_sent = now;
      ++m.retries;
      ++stats_.nacks_sent;
    }
    *keep++ = m;
  }
  missing_.erase(keep, missing_.end());
  return out_;
}

void NackGenerator::OnKeyframe(uint16_t first_seq) {
  keyframe_request_needed_ = false;
  if (!started_) return;
  const int64_t unwrapped = unwrapper_.PeekUnwrap(first_seq);
  auto it = std::lower_bound(missing_.begin(), missing_.end(), unwrapped,
                             [](const Missing& m, int64_t s) { return m.seq < s; });
  missing_.erase(missing_.begin(), it);
}

}  // namespace softmcu
