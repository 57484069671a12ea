#pragma once
// A participant's media statistics as the console, the API and the logbook see them: a
// snapshot the worker refreshes about once a second. Plain values; copied across threads
// under the snapshot's lock.

#include <cstdint>

namespace softmcu {

struct ParticipantMediaStats {
  // What the point sends us.
  uint64_t audio_packets_received = 0;
  uint64_t video_packets_received = 0;
  uint64_t bytes_received = 0;
  double receive_kbps = 0;
  double loss_percent = 0;        // video + audio, cumulative lost / expected
  uint64_t packets_lost = 0;      // cumulative
  double jitter_ms = 0;           // audio interarrival jitter (RFC 3550 A.8)
  double rtt_ms = -1;             // -1: not measured yet (needs the point's RTCP reports)
  uint64_t policer_dropped = 0;   // over budget
  uint64_t srtp_failures = 0;     // authentication or replay failures
  uint64_t other_drops = 0;       // wrong source, malformed, no keys
  // Its picture, as we decode it.
  int width = 0;
  int height = 0;
  double frame_rate = 0;
  uint64_t frames_decoded = 0;
  uint64_t decode_errors = 0;
  uint64_t broken_frames = 0;      // lost packets inside a frame: dropped, keyframe asked
  uint64_t keyframes_requested = 0;  // PLIs/FIRs we sent it
  // What we send it.
  uint64_t packets_sent = 0;
  double send_kbps = 0;
  uint64_t send_drops = 0;          // queue to the worker full, or pacer/socket refused
  uint64_t keyframes_asked_by_point = 0;
  double requested_kbps = 0;        // what we ask it to send (TMMBR), resolution adaptation
  double limit_kbps_from_point = 0;  // what it asked us for (its TMMBR/REMB); 0: none
  // DTMF keys received.
  uint64_t dtmf_keys = 0;
  double seconds_since_media = 0;
};

}  // namespace softmcu
