#pragma once
// Turns the RTP packets of an H.264 stream (RFC 6184, packetization-mode 0 and 1) back into
// access units in Annex B form (00 00 00 01 + NAL unit, for every NAL unit) for a decoder.
//
// Input, in sequence order as the jitter buffer releases it, either
//   * InsertFrame(JitterBufferFrame): the packets of one frame (one access unit), or
//   * InsertPacket(seq, timestamp, marker, payload): one packet at a time; an access unit
//     ends at the marker bit (RFC 6184 §5.1) or, for senders that omit it, when the RTP
//     timestamp changes.
// Output: Listener::OnH264DepacketizerAccessUnit(), synchronously from the Insert* call.
//
// Payload structures (RFC 6184 §5.2 Table 1, §6.2, §6.3):
//   1–23  single NAL unit packet (§5.6)          -> written as is
//   24    STAP-A (§5.7.1)                        -> each aggregated NAL unit
//   28    FU-A (§5.8)                            -> reassembled NAL unit
//   25–27, 29 STAP-B, MTAP16/24, FU-B            -> interleaved mode only: counted error,
//                                                    access unit dropped
//   0, 30, 31 reserved                           -> ignored and counted (§5.4: receivers MUST
//                                                    ignore them)
//
// Parameter sets: SPS/PPS seen in the stream are kept in parameter_sets() (seed it from SDP
// with AddSpropParameterSets). An IDR access unit that arrives without them gets the stored
// SPS and PPS written in front of its first IDR slice, so a decoder can start at any IDR.
//
// Loss and keyframe requests. Missing data inside an access unit (a sequence gap, an FU-A
// without its start or end fragment, a malformed packet) makes the whole access unit
// undecodable: it is dropped and counted, and the depacketizer enters kNeedKeyframe.
// keyframe_request_needed() then stays true until an access unit with an IDR slice is
// delivered. While waiting, access units without an IDR are dropped too: they predict from
// a picture the decoder never got, so decoding them would only spread the corruption over
// the screen; an MCU would rather hold the last good picture until the IDR (the owner is
// expected to send PLI/FIR, rate-limited, while keyframe_request_needed() is true).
// The same holds at start-up: access units before the first IDR are dropped.
//
// Memory: the access unit is assembled in one buffer reserved at construction
// (Config::initial_capacity) that grows only when an access unit is bigger than any before,
// up to Config::max_access_unit_size (bigger: dropped, counted). In steady state nothing is
// allocated per packet. One thread (the owner's).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/h264/h264_parameter_sets.h"
#include "transport/session/jitter_buffer.h"

namespace softmcu {

class H264Depacketizer {
 public:
  // An access unit handed out. `annex_b` points into the depacketizer's buffer: valid only
  // during the OnH264DepacketizerAccessUnit() call.
  struct AccessUnit {
    std::span<const uint8_t> annex_b;
    uint32_t rtp_timestamp = 0;
    uint16_t first_seq = 0;
    uint16_t last_seq = 0;
    bool is_keyframe = false;  // contains an IDR slice
    bool has_sps = false;      // in the output (received or prepended)
    bool has_pps = false;
    bool parameter_sets_prepended = false;  // the stored SPS/PPS were written before the IDR
  };

  // Lifetime: must outlive the depacketizer. Must not call back into it.
  class Listener {
   public:
    virtual void OnH264DepacketizerAccessUnit(const AccessUnit& access_unit) = 0;

   protected:
    ~Listener() = default;
  };

  struct Config {
    size_t max_access_unit_size = size_t{4} * 1024 * 1024;
    size_t initial_capacity = size_t{256} * 1024;  // reserved at construction
  };

  // Why a packet was rejected or ignored; each has a counter (errors()).
  enum class Error {
    kEmptyPayload,           // RTP payload of 0 bytes (e.g. padding-only): ignored
    kReservedNaluType,       // type 0, 30, 31 (alone, in a STAP-A or an FU-A): ignored
    kUnsupportedPacketType,  // STAP-B, MTAP16, MTAP24, FU-B (interleaved mode)
    kStapAEmpty,             // a STAP-A with no aggregation unit
    kStapALengthPastEnd,     // a NALU size (or its 2-byte field) runs past the payload
    kStapAZeroLengthNalu,    // a NALU size of 0
    kStapABadNaluType,       // an aggregated unit of type 24–29
    kFuATooShort,            // fewer than 2 bytes (FU indicator + FU header)
    kFuABadNaluType,         // a fragmented NAL unit of type 24–29
    kFuAMissingStart,        // a middle/end fragment with no fragmented NAL unit open
    kFuAMissingEnd,          // a new NAL unit or the end of the access unit with one open
    kFuATypeMismatch,        // a fragment whose type differs from the open NAL unit's
    kSequenceGap,            // sequence numbers missing (InsertPacket), or lost frames reported
    kStaleSequence,          // a duplicate or older sequence number (InsertPacket): ignored
    kAccessUnitTooLarge,     // over Config::max_access_unit_size
    kBadRtpPacket,           // a packet of a JitterBufferFrame that does not parse as RTP
    kBadParameterSet,        // an SPS/PPS that does not parse: passed on, not stored
    kCount
  };
  static const char* ToString(Error error);

  enum class State {
    kAwaitingFirstKeyframe,  // nothing delivered yet
    kDecodable,              // every access unit since the last IDR was delivered
    kNeedKeyframe,           // an access unit was lost or dropped: waiting for an IDR
  };

  struct Stats {
    int64_t packets = 0;
    int64_t access_units = 0;               // delivered
    int64_t keyframes = 0;                  // delivered with an IDR
    int64_t broken_access_units = 0;        // dropped: data missing or malformed
    int64_t dropped_awaiting_keyframe = 0;  // complete but not decodable (no IDR since loss)
    int64_t keyframe_requests = 0;          // times the state became kNeedKeyframe
    int64_t parameter_sets_prepended = 0;
    int64_t keyframes_without_parameter_sets = 0;  // IDR delivered with no SPS/PPS known
  };

  H264Depacketizer(Config config, Listener& listener);
  H264Depacketizer(const H264Depacketizer&) = delete;
  H264Depacketizer& operator=(const H264Depacketizer&) = delete;

  // One packet's fields: from an RtpPacketView (seq, timestamp, marker, payload()).
  void InsertPacket(uint16_t seq, uint32_t rtp_timestamp, bool marker, std::span<const uint8_t> payload);
  void InsertPacket(const RtpPacketView& packet);

  // One frame as JitterBuffer::PopFrame() hands it out: its packets form one access unit,
  // ended after the last packet whatever its marker. lost_frames_before / lost_packets_before
  // > 0 count as loss (kSequenceGap, kNeedKeyframe) unless this frame is an IDR.
  void InsertFrame(const JitterBufferFrame& frame);

  bool keyframe_request_needed() const { return state_ == State::kNeedKeyframe; }
  State state() const { return state_; }

  H264ParameterSets& parameter_sets() { return parameter_sets_; }
  const H264ParameterSets& parameter_sets() const { return parameter_sets_; }

  const Stats& stats() const { return stats_; }
  int64_t errors(Error error) const { return errors_[size_t(error)]; }
  int64_t total_errors() const;

 private:
  enum class AuState { kIdle, kAssembling, kDiscarding };
  enum class StreamEvent { kLoss, kDeliveredKeyframe, kDroppedNonKeyframe };

  void OnStreamEvent(StreamEvent event);  // every State transition

  void OnSequenceGap();
  void BeginAccessUnit(uint32_t rtp_timestamp, uint16_t seq);
  void DropAccessUnit();  // the one being assembled: broken, discard the rest of it
  void FinishAccessUnit();
  void Deliver();
  void Fail(Error error);  // counts, and drops the access unit being assembled
  void Count(Error error) { ++errors_[size_t(error)]; }

  void HandlePayload(std::span<const uint8_t> payload);
  void HandleSingleNalu(std::span<const uint8_t> nalu);
  void HandleStapA(std::span<const uint8_t> payload);
  void HandleFuA(std::span<const uint8_t> payload);

  // Output: start code + header, then the rest, then the bookkeeping at the unit's end.
  bool BeginNalu(uint8_t header, std::span<const uint8_t> first_payload_bytes);
  bool Append(std::span<const uint8_t> bytes);
  void EndNalu();
  void PrependParameterSets(std::span<const uint8_t> idr_payload);

  const Config config_;
  Listener& listener_;
  H264ParameterSets parameter_sets_;
  std::vector<uint8_t> buffer_;

  State state_ = State::kAwaitingFirstKeyframe;
  AuState au_state_ = AuState::kIdle;

  // Sequence tracking.
  bool have_last_seq_ = false;
  uint16_t last_seq_ = 0;
  bool require_au_start_ = true;  // after a gap (or at start) the next AU must begin cleanly

  // The access unit being assembled.
  uint32_t au_timestamp_ = 0;
  uint16_t au_first_seq_ = 0;
  uint16_t au_last_seq_ = 0;
  bool has_idr_ = false;
  bool has_sps_ = false;
  bool has_pps_ = false;
  bool has_slice_ = false;
  bool prepended_ = false;
  size_t nalu_offset_ = 0;  // where the NAL unit being written starts (after its start code)
  bool fu_open_ = false;    // an FU-A NAL unit is being reassembled
  uint8_t fu_type_ = 0;

  Stats stats_;
  std::array<int64_t, size_t(Error::kCount)> errors_{};
};

}  // namespace softmcu
