#include "mixer/audio/audio_mixer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "mixer/audio/soft_limiter.h"

namespace softmcu {
namespace {

constexpr size_t kFullMix = 0;
constexpr size_t kSilenceMix = 1;
constexpr size_t kFirstMinusOne = 2;

Error UnknownParticipant(ParticipantId id) {
  return Error{ErrorCode::kNotFound, fmt::format("audio mixer: unknown participant {}", id)};
}

}  // namespace

Result<void> AudioMixerConfig::Validate() const {
  if (max_participants < 1 || max_participants > 4096) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("audio mixer: max_participants = {} is outside 1..4096", max_participants));
  }
  if (max_contributors < 1 || max_contributors > 64) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("audio mixer: max_contributors = {} is outside 1..64", max_contributors));
  }
  if (open_speakers < 1 || open_speakers > max_contributors) {
    return MakeError(ErrorCode::kOutOfRange, fmt::format("audio mixer: open_speakers = {} is outside 1..{}",
                                                         open_speakers, max_contributors));
  }
  if (open_hold < TimeDelta::Zero() || open_hold > TimeDelta::Seconds(10)) {
    return MakeError(ErrorCode::kOutOfRange, "audio mixer: open_hold is outside 0..10 s");
  }
  if (open_activity_level > SpeakerLevel::kSilence) {
    return MakeError(ErrorCode::kOutOfRange, "audio mixer: open_activity_level is outside 0..127");
  }
  return {};
}

AudioMixer::AudioMixer(AudioMixerConfig config) : config_(config) {
  SOFTMCU_CHECK(config_.Validate().has_value());
  points_.reserve(config_.max_participants);
  contributors_.reserve(config_.max_participants);
  contributor_ids_.reserve(config_.max_contributors);
  candidates_.reserve(config_.max_participants);
  levels_.reserve(config_.max_participants);
  buffers_.resize(kFirstMinusOne + config_.max_contributors);
  buffers_[kFullMix].listeners.reserve(config_.max_participants);
  buffers_[kSilenceMix].listeners.reserve(config_.max_participants);
  for (size_t i = kFirstMinusOne; i < buffers_.size(); ++i) buffers_[i].listeners.reserve(1);
  mixes_.reserve(buffers_.size());
}

AudioMixer::Point* AudioMixer::Find(ParticipantId id) {
  auto it = std::lower_bound(points_.begin(), points_.end(), id,
                             [](const Point& p, ParticipantId v) { return p.id < v; });
  return it != points_.end() && it->id == id ? &*it : nullptr;
}

Result<void> AudioMixer::AddParticipant(ParticipantId id, ParticipantRole role) {
  if (Find(id))
    return MakeError(ErrorCode::kAlreadyExists, fmt::format("audio mixer: participant {} already added", id));
  if (points_.size() >= config_.max_participants) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("audio mixer: cannot add participant {}: {} participants is the maximum", id,
                                 config_.max_participants));
  }
  auto it = std::lower_bound(points_.begin(), points_.end(), id,
                             [](const Point& p, ParticipantId v) { return p.id < v; });
  points_.insert(it, Point{.id = id, .role = role});
  return {};
}

Result<void> AudioMixer::RemoveParticipant(ParticipantId id) {
  Point* p = Find(id);
  if (!p) return tl::unexpected(UnknownParticipant(id));
  points_.erase(points_.begin() + (p - points_.data()));
  return {};
}

Result<void> AudioMixer::SetMute(ParticipantId id, PointMute mute) {
  Point* p = Find(id);
  if (!p) return tl::unexpected(UnknownParticipant(id));
  p->mute = mute;
  if (mute == PointMute::kMuted) p->open_member = false;  // gives its place up at once
  return {};
}

Result<void> AudioMixer::SetDeaf(ParticipantId id, PointDeaf deaf) {
  Point* p = Find(id);
  if (!p) return tl::unexpected(UnknownParticipant(id));
  p->deaf = deaf;
  return {};
}

Result<void> AudioMixer::SetGain(ParticipantId id, double gain) {
  Point* p = Find(id);
  if (!p) return tl::unexpected(UnknownParticipant(id));
  if (!std::isfinite(gain) || gain < 0 || gain > kMaxGain) {
    return MakeError(
        ErrorCode::kOutOfRange,
        fmt::format("audio mixer: gain {} for participant {} is outside 0..{}", gain, id, kMaxGain));
  }
  p->gain_q14 = static_cast<int32_t>(std::lround(gain * kUnityGainQ14));
  return {};
}

void AudioMixer::SetMode(SpeakingMode mode) {
  config_.mode = mode;
  for (Point& p : points_) p.open_member = false;
}

void AudioMixer::SetFloorHolders(std::span<const ParticipantId> holders) {
  for (Point& p : points_) p.floor_holder = false;
  for (ParticipantId id : holders) {
    if (Point* p = Find(id)) p->floor_holder = true;
  }
}

void AudioMixer::TakeInputs(std::span<const AudioInput> inputs) {
  for (Point& p : points_) {
    p.frame = nullptr;
    p.level = SpeakerLevel::kSilence;
  }
  for (const AudioInput& in : inputs) {
    Point* p = Find(in.participant);
    if (!p) {
      ++stats_.unknown_inputs;
      continue;
    }
    p->frame = in.frame;
    p->level = std::min(in.level, SpeakerLevel::kSilence);
  }
}

// Open mode: members stay for open_hold after they were last among the K loudest;
// candidates enter, loudest first, only into free places.
void AudioMixer::UpdateOpenMembers(Timestamp now) {
  candidates_.clear();
  for (size_t i = 0; i < points_.size(); ++i) {
    const Point& p = points_[i];
    if (p.frame && p.mute == PointMute::kUnmuted && p.level <= config_.open_activity_level)
      candidates_.push_back(i);
  }
  const size_t k = config_.open_speakers;
  const size_t top = std::min(k, candidates_.size());
  // Loudest first (lowest −dBov); ties by id, so the order is deterministic.
  std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<ptrdiff_t>(top), candidates_.end(),
                    [&](size_t a, size_t b) {
                      return points_[a].level != points_[b].level ? points_[a].level < points_[b].level
                                                                  : points_[a].id < points_[b].id;
                    });
  for (size_t i = 0; i < top; ++i) {
    Point& p = points_[candidates_[i]];
    if (p.open_member) p.last_loud = now;
  }
  size_t members = 0;
  for (Point& p : points_) {
    if (!p.open_member) continue;
    if (p.mute == PointMute::kMuted || now - p.last_loud >= config_.open_hold) {
      p.open_member = false;
    } else {
      ++members;
    }
  }
  for (size_t i = 0; i < top && members < k; ++i) {
    Point& p = points_[candidates_[i]];
    if (p.open_member) continue;
    p.open_member = true;
    p.last_loud = now;
    ++members;
  }
}

void AudioMixer::AddContributor(size_t point_index) {
  if (contributors_.size() >= config_.max_contributors) {
    ++stats_.contributors_dropped;
    return;
  }
  contributors_.push_back(point_index);
  contributor_ids_.push_back(points_[point_index].id);
}

void AudioMixer::ChooseContributors(Timestamp now) {
  contributors_.clear();
  contributor_ids_.clear();
  if (config_.mode == SpeakingMode::kOpen) UpdateOpenMembers(now);
  // Chairs first, so a crowded shared floor never pushes the chair out of the mix.
  for (ParticipantRole pass : {ParticipantRole::kChair, ParticipantRole::kBranch}) {
    for (size_t i = 0; i < points_.size(); ++i) {
      const Point& p = points_[i];
      if (p.role != pass || !p.frame || p.mute == PointMute::kMuted) continue;
      const bool audible = config_.mode == SpeakingMode::kOpen
                               ? p.open_member
                               : p.role == ParticipantRole::kChair || p.floor_holder;
      if (audible) AddContributor(i);
    }
  }
  levels_.clear();
  for (const Point& p : points_) {
    if (!p.frame || p.mute == PointMute::kMuted) continue;
    const bool audible =
        std::find(contributor_ids_.begin(), contributor_ids_.end(), p.id) != contributor_ids_.end();
    levels_.push_back({p.id, p.level, audible});
  }
}

void AudioMixer::ScaledInto(const Point& p, std::span<int32_t> out) const {
  // |sample| * gain_q14 <= 32768 * 65536 = 2^31: computed in int64 before the shift.
  for (size_t n = 0; n < kSamples; ++n) {
    out[n] = static_cast<int32_t>((int64_t{p.frame->samples[n]} * p.gain_q14) >> 14);
  }
}

void AudioMixer::SumContributors() {
  sum_.fill(0);
  for (size_t index : contributors_) {
    ScaledInto(points_[index], scratch_);
    for (size_t n = 0; n < kSamples; ++n) sum_[n] += scratch_[n];
  }
}

void AudioMixer::BuildMixes() {
  mixes_.clear();
  MixBuffer& full = buffers_[kFullMix];
  MixBuffer& silence = buffers_[kSilenceMix];
  full.listeners.clear();
  silence.listeners.clear();

  SoftLimiter::Apply(sum_, full.frame.samples);
  mixes_.push_back({AudioMixKind::kFull, 0, &full.frame, {}});

  size_t next = kFirstMinusOne;
  for (size_t index : contributors_) {
    const Point& p = points_[index];
    if (p.deaf == PointDeaf::kDeaf) continue;  // hears silence: no N−1 mix to make
    MixBuffer& own = buffers_[next++];
    ScaledInto(p, scratch_);
    for (size_t n = 0; n < kSamples; ++n) scratch_[n] = sum_[n] - scratch_[n];
    SoftLimiter::Apply(scratch_, own.frame.samples);
    own.listeners.assign(1, p.id);
    mixes_.push_back({AudioMixKind::kMinusOne, p.id, &own.frame, own.listeners});
  }

  for (const Point& p : points_) {
    if (p.deaf == PointDeaf::kDeaf) {
      silence.listeners.push_back(p.id);
    } else if (std::find(contributor_ids_.begin(), contributor_ids_.end(), p.id) == contributor_ids_.end()) {
      full.listeners.push_back(p.id);
    }
  }
  mixes_[0].listeners = full.listeners;
  // The silence buffer is zero from construction and never written.
  if (!silence.listeners.empty())
    mixes_.push_back({AudioMixKind::kSilence, 0, &silence.frame, silence.listeners});
}

std::span<const AudioMix> AudioMixer::Mix(Timestamp now, std::span<const AudioInput> inputs) {
  ++stats_.ticks;
  TakeInputs(inputs);
  ChooseContributors(now);
  SumContributors();
  BuildMixes();
  return mixes_;
}

}  // namespace softmcu
