#pragma once
// Resolution adaptation for points that ignore RTCP rate requests. The room asks each
// point for no more than its largest tile needs, by TMMBR and REMB (RFC 5104, draft REMB);
// a terminal that honours neither keeps sending its full rate, which costs the MCU a
// full-size decode for a small tile and the line its bandwidth. For those, the request
// goes into the SDP instead: a re-INVITE with b=TIAS (RFC 3890), which most SIP room
// systems apply to their encoder. This decides when, from once-a-second samples.
//
// A point counts as ignoring a request when it sends more than 1.5 × the request + 100 kbps
// for 10 s in a row. Each lowered request is sent once; when the room no longer needs a
// limit (the point is shown large again) the full rate is asked back, also once.

#include <cstdint>
#include <optional>

namespace softmcu {

class RateRequestFallback {
 public:
  static constexpr int kPatienceSeconds = 10;

  // `requested_kbps`: what the room asks of the point now (0: no limit); `received_kbps`:
  // what the point sent over the last second. Returns the rate a re-INVITE should ask
  // for (0: back to the full rate), at most once per change.
  std::optional<int64_t> OnSecond(int64_t requested_kbps, double received_kbps);

 private:
  int seconds_ignored_ = 0;
  int64_t watched_kbps_ = 0;  // the request being watched
  int64_t asked_kbps_ = 0;    // what the last re-INVITE asked (0: none, or the full rate)
};

}  // namespace softmcu
