#pragma once
// The conference's audio mixer (DESIGN.md "Audio"): 48 kHz mono, one call per 20 ms tick.
//
// Who is heard ("contributors"):
//  - kChairControlled: the chair(s) and the floor holder(s) only. Every other branch is
//    silent whatever its own mute state (branch microphones are closed until the chair
//    gives the floor, Hà Giang art. 10.2.a).
//  - kOpen: the K loudest (config.open_speakers), with hysteresis: a contributor stays
//    for config.open_hold after it last was among the K loudest, and a newcomer enters
//    only when a place is free, so nobody drops in and out on every tick.
//  A MUTED point is heard by nobody, in either mode.
//
// Who hears what (the mixes of one tick, at most max_contributors + 2 of them):
//  - each contributor that is not deaf gets its N−1 mix: everyone audible but itself;
//  - every other listener gets ONE shared full mix (encoded once for all of them);
//  - DEAF points get one shared silence.
//  Every registered participant is a listener of exactly one mix.
//
// Sums are int32 with per-point gain (Q14), then SoftLimiter: never wraps.
// Allocation-free in steady state: all buffers are sized at construction
// (max_participants, max_contributors); only Add/RemoveParticipant may allocate, and only
// below the reserved capacity they do not. Single-threaded (the conference's audio tick);
// the spans returned by Mix() and levels() stay valid until the next Mix() or until a
// participant is added or removed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "media/audio/audio_frame.h"
#include "mixer/audio/speaker_level.h"
#include "mixer/floor/floor_types.h"

namespace softmcu {

enum class PointMute { kUnmuted, kMuted };  // kMuted: its voice is mixed nowhere
enum class PointDeaf { kHearing, kDeaf };   // kDeaf: it is sent silence

struct AudioMixerConfig {
  SpeakingMode mode = SpeakingMode::kChairControlled;
  size_t max_participants = 256;
  // Chairs + floor holders (chair-controlled) or open_speakers (open); extra ones are not
  // mixed and counted in stats().contributors_dropped.
  size_t max_contributors = 8;
  size_t open_speakers = 3;  // K
  TimeDelta open_hold = TimeDelta::Millis(600);
  // Open mode: quieter than this (−dBov) is not speech and cannot take a place.
  uint8_t open_activity_level = 60;
  Result<void> Validate() const;
};

// One participant's audio for this tick.
struct AudioInput {
  ParticipantId participant = 0;
  // nullptr when nothing was decoded (no packet and no concealment). Read during Mix() only.
  const AudioFrame* frame = nullptr;
  uint8_t level = SpeakerLevel::kSilence;  // RFC 6464 −dBov, from the packet or measured
};

enum class AudioMixKind { kFull, kMinusOne, kSilence };

// One distinct mix of a tick and who receives it.
struct AudioMix {
  AudioMixKind kind = AudioMixKind::kFull;
  ParticipantId excluded = 0;  // kMinusOne: the contributor whose own voice is left out
  const AudioFrame* frame = nullptr;
  std::span<const ParticipantId> listeners;
};

struct AudioMixerStats {
  uint64_t ticks = 0;
  uint64_t unknown_inputs = 0;        // input for a participant never added: ignored
  uint64_t contributors_dropped = 0;  // audible but over max_contributors
};

class AudioMixer {
 public:
  static constexpr size_t kSamples = AudioFrame::kSamples;
  static constexpr int32_t kUnityGainQ14 = 1 << 14;
  static constexpr double kMaxGain = 4.0;

  // `config` must be valid (AudioMixerConfig::Validate()).
  explicit AudioMixer(AudioMixerConfig config);

  // kAlreadyExists, or kUnavailable beyond max_participants.
  Result<void> AddParticipant(ParticipantId id, ParticipantRole role);
  Result<void> RemoveParticipant(ParticipantId id);
  Result<void> SetMute(ParticipantId id, PointMute mute);
  Result<void> SetDeaf(ParticipantId id, PointDeaf deaf);
  // 0..kMaxGain, linear; 1 is unity.
  Result<void> SetGain(ParticipantId id, double gain);
  void SetMode(SpeakingMode mode);
  // Replaces the set of floor holders (from FloorControl::holders()); effective from the
  // next Mix(). Unknown ids are ignored (a holder that left).
  void SetFloorHolders(std::span<const ParticipantId> holders);

  // Mixes one tick. `now` drives open-mode hysteresis. The first mix is always the full
  // mix (its listener list may be empty); N−1 mixes follow in contributor order, then the
  // silence mix if anyone is deaf.
  std::span<const AudioMix> Mix(Timestamp now, std::span<const AudioInput> inputs);

  // Levels of this tick's inputs from unmuted points (feeds VoiceSwitch), in id order.
  std::span<const SpeakerLevel> levels() const { return levels_; }
  // This tick's contributors (whose voices are in the full mix), in mix order.
  std::span<const ParticipantId> contributors() const { return contributor_ids_; }
  const AudioMixerStats& stats() const { return stats_; }
  SpeakingMode mode() const { return config_.mode; }

 private:
  struct Point {
    ParticipantId id = 0;
    ParticipantRole role = ParticipantRole::kBranch;
    PointMute mute = PointMute::kUnmuted;
    PointDeaf deaf = PointDeaf::kHearing;
    int32_t gain_q14 = kUnityGainQ14;
    bool floor_holder = false;
    // Open mode: in the K and since when it was last among the K loudest.
    bool open_member = false;
    Timestamp last_loud;
    // This tick.
    const AudioFrame* frame = nullptr;
    uint8_t level = SpeakerLevel::kSilence;
  };
  struct MixBuffer {
    AudioFrame frame;
    std::vector<ParticipantId> listeners;
  };

  Point* Find(ParticipantId id);
  void TakeInputs(std::span<const AudioInput> inputs);
  void ChooseContributors(Timestamp now);
  void UpdateOpenMembers(Timestamp now);
  void AddContributor(size_t point_index);
  void SumContributors();
  void ScaledInto(const Point& p, std::span<int32_t> out) const;
  void BuildMixes();

  AudioMixerConfig config_;
  std::vector<Point> points_;  // sorted by id, capacity max_participants
  AudioMixerStats stats_;

  // Per-tick scratch, sized at construction.
  std::vector<size_t> contributors_;  // indices into points_
  std::vector<ParticipantId> contributor_ids_;
  std::vector<size_t> candidates_;
  std::vector<SpeakerLevel> levels_;
  std::array<int32_t, kSamples> sum_{};
  std::array<int32_t, kSamples> scratch_{};
  std::vector<MixBuffer> buffers_;  // [0] full, [1] silence, [2..] N−1
  std::vector<AudioMix> mixes_;
};

}  // namespace softmcu
