#include "signaling/policy/source_rate_limiter.h"

namespace softmcu::sip {
namespace {

// The bucket counts requests as bytes: one request = one byte.
constexpr DataSize kOneRequest = DataSize::Bytes(1);

}  // namespace

SourceRateLimiter::Decision SourceRateLimiter::Check(const asio::ip::address& source, Timestamp now) {
  SourceState& state = table_.Touch(source, [&] {
    return SourceState{TokenBucket(DataRate::BitsPerSec(static_cast<int64_t>(config_.requests_per_second * 8)),
                                   DataSize::Bytes(config_.burst), now),
                       Timestamp(), Timestamp(), false};
  });
  if (state.bucket.TryConsume(kOneRequest, now)) {
    ++allowed_;
    return {};
  }
  ++refused_;
  Decision decision;
  decision.new_episode = !state.refused_before || now - state.last_refusal > config_.episode_gap;
  state.refused_before = true;
  state.last_refusal = now;
  if (decision.new_episode || now - state.last_answer >= config_.answer_interval) {
    state.last_answer = now;
    decision.verdict = Verdict::kAnswer503;
  } else {
    decision.verdict = Verdict::kDrop;
  }
  return decision;
}

}  // namespace softmcu::sip
