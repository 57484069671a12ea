#pragma once
// The inbound policer of one bridge point (DESIGN.md "Policing"): one token bucket over
// ALL media the point sends us (audio, video, content), so a misbehaving terminal cannot
// take more than its budget of the MCU's link, and a controller that tells the terminal
// its budget with TMMBR (RFC 5104 §4.2.1) and REMB, so that a well-behaved terminal slows
// down before drops start.
//
// Pure state machine: the owner passes arrival times and sends the feedback it returns.
// Not thread-safe: it lives on the point's event-loop thread.

#include <cstdint>
#include <optional>

#include "core/result.h"
#include "core/units.h"
#include "transport/policer/token_bucket.h"

namespace softmcu {

struct PolicerConfig {
  // The regulations' operating range is 2–4 Mbps per point; we accept 0.1–20 Mbps.
  static constexpr DataRate kMinRate = DataRate::KilobitsPerSec(100);
  static constexpr DataRate kMaxRate = DataRate::KilobitsPerSec(20'000);

  DataRate rate = DataRate::KilobitsPerSec(4000);
  // How long the point may exceed its rate: a keyframe is a burst of several times
  // the mean frame size, and dropping part of it costs another keyframe.
  TimeDelta burst_duration = TimeDelta::Millis(250);
  // Share of the budget announced to the terminal as its maximum media rate: the rest
  // is headroom for audio, RTCP and encoder overshoot so the bucket rarely runs dry.
  double feedback_fraction = 0.9;
  TimeDelta feedback_interval = TimeDelta::Seconds(1);
  // After a drop, re-announce sooner, but not more often than this.
  TimeDelta feedback_min_interval = TimeDelta::Millis(200);

  DataSize burst() const { return rate.Over(burst_duration); }
  // Checks the ranges; the message names the field, for the API's JSON error.
  Result<void> Validate() const;
};

enum class PolicerVerdict { kPass, kDrop };

struct PolicerStats {
  uint64_t passed_packets = 0;
  uint64_t passed_bytes = 0;
  uint64_t dropped_packets = 0;
  uint64_t dropped_bytes = 0;
  uint64_t feedback_sent = 0;
};

class PointPolicer {
 public:
  // `config` must have passed Validate() (checked).
  PointPolicer(const PolicerConfig& config, Timestamp now);

  PolicerVerdict OnPacket(DataSize size, Timestamp now);

  // The maximum media bitrate to announce now (TMMBR and REMB), or nullopt if nothing
  // needs sending: the first call, every feedback_interval, and sooner after drops.
  std::optional<DataRate> FeedbackDue(Timestamp now);
  // Whether FeedbackDue(now) would return a rate, without consuming it.
  bool FeedbackPeek(Timestamp now) const;

  // Changes the budget live (the operator edits the point); feedback goes out at once.
  Result<void> Reconfigure(const PolicerConfig& config, Timestamp now);

  // Asks the terminal for less than its budget (resolution adaptation: its picture is
  // shown small, so we ask for no more than the tile needs). Policing is unchanged: the
  // point may still use its whole budget. nullopt lifts the cap. A changed cap is
  // announced at once.
  void SetAnnouncedCap(std::optional<DataRate> cap);
  std::optional<DataRate> announced_cap() const { return cap_; }

  DataRate announced_rate() const;
  const PolicerConfig& config() const { return config_; }
  const PolicerStats& stats() const { return stats_; }

 private:
  PolicerConfig config_;
  TokenBucket bucket_;
  PolicerStats stats_;
  std::optional<Timestamp> last_feedback_;
  uint64_t drops_at_last_feedback_ = 0;
  std::optional<DataRate> cap_;
};

}  // namespace softmcu
