#pragma once
// The timer values of RFC 3261 §17 (Table 4) from T1, T2, T4, and RFC 6026's L and M.
// Configurable because a lossy satellite link to a commune may want a larger T1; tests
// keep the defaults and drive a SimulatedClock.

#include "core/units.h"

namespace softmcu::sip {

struct TransactionTimers {
  TimeDelta t1 = TimeDelta::Millis(500);  // RTT estimate
  TimeDelta t2 = TimeDelta::Seconds(4);   // maximum retransmit interval of non-INVITE requests and INVITE responses
  TimeDelta t4 = TimeDelta::Seconds(5);   // maximum time a message stays in the network

  TimeDelta A() const { return t1; }       // INVITE retransmit, doubling (UDP)
  TimeDelta B() const { return t1 * 64; }  // INVITE transaction timeout
  TimeDelta D() const { return TimeDelta::Seconds(32); }  // wait for response retransmits (UDP; 0 reliable)
  TimeDelta E() const { return t1; }       // non-INVITE retransmit, doubling to T2 (UDP)
  TimeDelta F() const { return t1 * 64; }  // non-INVITE transaction timeout
  TimeDelta G() const { return t1; }       // INVITE final response retransmit, doubling to T2 (UDP)
  TimeDelta H() const { return t1 * 64; }  // wait for ACK
  TimeDelta I() const { return t4; }       // wait for ACK retransmits (UDP; 0 reliable)
  TimeDelta J() const { return t1 * 64; }  // wait for non-INVITE request retransmits (UDP; 0 reliable)
  TimeDelta K() const { return t4; }       // wait for non-INVITE response retransmits (UDP; 0 reliable)
  TimeDelta L() const { return t1 * 64; }  // RFC 6026: INVITE server, Accepted → Terminated
  TimeDelta M() const { return t1 * 64; }  // RFC 6026: INVITE client, Accepted → Terminated
};

}  // namespace softmcu::sip
