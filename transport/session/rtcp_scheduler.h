#pragma once
// When to send the next regular compound RTCP packet for one RTP session member, with
// RFC 3550 A.7's timer reconsideration: when the timer fires, the interval is
// recomputed from the current membership; if tp + T is still in the future the send is
// postponed to it instead of happening now.
//
// Usage from the owner's timer:
//   if (scheduler.ShouldSend(now)) { send; scheduler.OnSent(now, size); }
//   re-arm the timer for scheduler.next_send_time().
//
// Early feedback (RFC 4585 §3.5.2, simplified): one early RTCP packet (e.g. a NACK or
// PLI) is allowed between two regular reports; CanSendEarly() says whether it is, and
// OnEarlySent() uses it up. Not implemented: T_dither_max, the trr-int minimum and the
// "temporarily disregard" rule; the early packet does not move the regular schedule.
// Not implemented from RFC 3550: reverse reconsideration on BYE and member timeouts (the
// owner passes the current counts).
//
// Pure state machine: time comes in, the random source is injected. One event-loop thread.

#include <cstdint>
#include <functional>
#include <random>

#include "core/units.h"
#include "transport/session/rtcp_interval.h"

namespace softmcu {

class RtcpScheduler {
 public:
  struct Config {
    DataRate session_bandwidth = DataRate::KilobitsPerSec(64);
    RtcpMinimum minimum = RtcpMinimum::kFixed;
    // "The probable size of the first RTCP packet" (A.7), headers included.
    DataSize initial_avg_rtcp_size = DataSize::Bytes(100);
    // Returns uniform numbers in [0, 1). Empty: a std::mt19937 seeded with `seed`.
    std::function<double()> uniform01;
    uint32_t seed = 1;
  };

  // Schedules the first report from `now` with the halved initial minimum.
  RtcpScheduler(Config config, Timestamp now);

  // Counts of the session, ourselves included (§6.3). Takes effect at the next decision.
  void SetMembers(int members, int senders);
  void SetWeSent(bool we_sent) { input_.we_sent = we_sent; }
  void SetSessionBandwidth(DataRate bandwidth) { input_.session_bandwidth = bandwidth; }

  // A.7 OnExpire for a report: true if a regular report should be sent now. If the
  // reconsidered time is still ahead, next_send_time() moves to it and this returns false.
  bool ShouldSend(Timestamp now);
  // A regular compound RTCP packet of `size` (headers included) was sent at `now`.
  void OnSent(Timestamp now, DataSize size);
  // A compound RTCP packet from another member arrived: it counts in the average size (A.7 OnReceive).
  void OnReceived(DataSize size);

  bool CanSendEarly() const { return allow_early_; }
  void OnEarlySent(DataSize size);

  Timestamp next_send_time() const { return next_; }
  Timestamp last_send_time() const { return previous_; }
  DataSize avg_rtcp_size() const { return input_.avg_rtcp_size; }
  bool initial() const { return input_.initial; }

 private:
  TimeDelta DrawInterval();
  void UpdateAverageSize(DataSize size);

  std::function<double()> uniform01_;
  std::mt19937 generator_;
  RtcpIntervalInput input_;
  double avg_size_bytes_;
  Timestamp previous_;  // tp
  Timestamp next_;      // tn
  bool allow_early_ = true;
};

}  // namespace softmcu
