#include "media/h264/h264_depacketizer.h"

#include <algorithm>

#include "core/byte_io.h"
#include "media/h264/h264_nalu.h"

namespace softmcu {
namespace {

constexpr uint8_t kStartCode[] = {0x00, 0x00, 0x00, 0x01};

// A sequence number up to this far behind the last one is a late duplicate or reordered
// packet and is ignored; further back it is a discontinuity (a restarted sender) and we
// resynchronize on it, rather than ignore the stream forever.
constexpr int kMaxLateness = 512;

// FU header (RFC 6184 §5.8):
//   +---------------+
//   |0|1|2|3|4|5|6|7|
//   +-+-+-+-+-+-+-+-+
//   |S|E|R|  Type   |
//   +---------------+
constexpr uint8_t kFuStartBit = 0x80;
constexpr uint8_t kFuEndBit = 0x40;

bool IsAggregationOrFragmentType(uint8_t type) {
  return type >= 24 && type <= 29;
}
bool IsReservedType(uint8_t type) {
  return type == 0 || type == 30 || type == 31;
}

// Whether a NAL unit (its header byte and the byte after it, if any) can be the first of an
// access unit: a non-VCL unit (AUD, SPS, PPS, SEI ... precede the slices, H.264 §7.4.1.2.3)
// or a slice with first_mb_in_slice = 0, i.e. whose ue(v) starts with a 1 bit (§9.1).
bool CanStartAccessUnit(uint8_t header, std::optional<uint8_t> next) {
  const H264NaluType type = H264NaluTypeOf(header);
  if (type == H264NaluType::kSliceDataPartitionB || type == H264NaluType::kSliceDataPartitionC) return false;
  if (!IsH264SliceType(type)) return true;
  return next && (*next & 0x80) != 0;
}

// Whether `payload` (an RTP payload) starts an access unit: used after a sequence gap, when
// the lost packets may have been the beginning of this access unit.
bool PayloadStartsAccessUnit(std::span<const uint8_t> payload) {
  auto byte = [&](size_t i) -> std::optional<uint8_t> {
    return i < payload.size() ? std::optional<uint8_t>(payload[i]) : std::nullopt;
  };
  const uint8_t type = payload[0] & kH264NaluTypeMask;
  if (type >= 1 && type <= 23) return CanStartAccessUnit(payload[0], byte(1));
  if (type == uint8_t(H264NaluType::kStapA)) {
    // STAP-A header, NALU 1 size (2 bytes), NALU 1 header at offset 3.
    if (payload.size() < 4 || LoadBe16(&payload[1]) == 0) return false;
    return CanStartAccessUnit(payload[3], LoadBe16(&payload[1]) > 1 ? byte(4) : std::nullopt);
  }
  if (type == uint8_t(H264NaluType::kFuA)) {
    if (payload.size() < 2 || (payload[1] & kFuStartBit) == 0) return false;
    return CanStartAccessUnit(payload[1], byte(2));
  }
  return false;
}

}  // namespace

const char* H264Depacketizer::ToString(Error error) {
  switch (error) {
    case Error::kEmptyPayload:
      return "empty payload";
    case Error::kReservedNaluType:
      return "reserved NAL unit type";
    case Error::kUnsupportedPacketType:
      return "unsupported packet type (interleaved mode)";
    case Error::kStapAEmpty:
      return "STAP-A without units";
    case Error::kStapALengthPastEnd:
      return "STAP-A NALU size past the end";
    case Error::kStapAZeroLengthNalu:
      return "STAP-A zero-length NALU";
    case Error::kStapABadNaluType:
      return "STAP-A unit of aggregation/fragment type";
    case Error::kFuATooShort:
      return "FU-A shorter than 2 bytes";
    case Error::kFuABadNaluType:
      return "FU-A of aggregation/fragment type";
    case Error::kFuAMissingStart:
      return "FU-A without start fragment";
    case Error::kFuAMissingEnd:
      return "FU-A without end fragment";
    case Error::kFuATypeMismatch:
      return "FU-A type changed mid-unit";
    case Error::kSequenceGap:
      return "sequence gap";
    case Error::kStaleSequence:
      return "stale sequence number";
    case Error::kAccessUnitTooLarge:
      return "access unit too large";
    case Error::kBadRtpPacket:
      return "bad RTP packet";
    case Error::kBadParameterSet:
      return "bad parameter set";
    case Error::kCount:
      break;
  }
  return "unknown";
}

H264Depacketizer::H264Depacketizer(Config config, Listener& listener) : config_(config), listener_(listener) {
  buffer_.reserve(std::min(config_.initial_capacity, config_.max_access_unit_size));
}

int64_t H264Depacketizer::total_errors() const {
  int64_t total = 0;
  for (int64_t n : errors_) total += n;
  return total;
}

void H264Depacketizer::OnStreamEvent(StreamEvent event) {
  switch (event) {
    case StreamEvent::kLoss:
    case StreamEvent::kDroppedNonKeyframe:
      if (state_ != State::kNeedKeyframe) {
        state_ = State::kNeedKeyframe;
        ++stats_.keyframe_requests;
      }
      break;
    case StreamEvent::kDeliveredKeyframe:
      state_ = State::kDecodable;
      break;
  }
}

void H264Depacketizer::InsertPacket(const RtpPacketView& packet) {
  InsertPacket(packet.sequence_number(), packet.timestamp(), packet.marker(), packet.payload());
}

void H264Depacketizer::InsertPacket(uint16_t seq, uint32_t rtp_timestamp, bool marker,
                                    std::span<const uint8_t> payload) {
  ++stats_.packets;
  if (have_last_seq_) {
    const int delta = int16_t(uint16_t(seq - last_seq_));
    if (delta <= 0 && delta > -kMaxLateness) {
      Count(Error::kStaleSequence);
      return;
    }
    if (delta != 1) OnSequenceGap();
  }
  have_last_seq_ = true;
  last_seq_ = seq;

  // RFC 6184 §5.1: the marker ends an access unit; without it, a new timestamp does.
  if (au_state_ != AuState::kIdle && rtp_timestamp != au_timestamp_) FinishAccessUnit();
  if (payload.empty()) {
    Count(Error::kEmptyPayload);
  } else {
    if (au_state_ == AuState::kIdle) {
      BeginAccessUnit(rtp_timestamp, seq);
      if (require_au_start_ && !PayloadStartsAccessUnit(payload)) DropAccessUnit();
      require_au_start_ = false;
    }
    if (au_state_ == AuState::kAssembling) HandlePayload(payload);
  }
  if (au_state_ != AuState::kIdle) au_last_seq_ = seq;
  if (marker && au_state_ != AuState::kIdle) FinishAccessUnit();
}

void H264Depacketizer::InsertFrame(const JitterBufferFrame& frame) {
  if (au_state_ != AuState::kIdle) FinishAccessUnit();
  if (frame.lost_frames_before > 0 || frame.lost_packets_before > 0) {
    Count(Error::kSequenceGap);
    OnStreamEvent(StreamEvent::kLoss);
  }
  // The jitter buffer found this frame's start and vouches that no packet of it is missing.
  require_au_start_ = false;
  BeginAccessUnit(frame.rtp_timestamp, frame.first_seq);
  for (size_t i = 0; i < frame.packet_count; ++i) {
    ++stats_.packets;
    auto packet = RtpPacketView::Parse(frame.packet(i));
    if (!packet) {
      Fail(Error::kBadRtpPacket);
      continue;
    }
    if (packet->sequence_number() != uint16_t(frame.first_seq + i)) Fail(Error::kSequenceGap);
    if (packet->payload().empty()) {
      Count(Error::kEmptyPayload);
    } else if (au_state_ == AuState::kAssembling) {
      HandlePayload(packet->payload());
    }
  }
  have_last_seq_ = true;
  last_seq_ = frame.last_seq;
  au_last_seq_ = frame.last_seq;
  FinishAccessUnit();
}

void H264Depacketizer::OnSequenceGap() {
  Count(Error::kSequenceGap);
  // The missing packets may belong to the access unit being assembled (its middle or its
  // tail), to whole access units in between, or to the start of the next one.
  if (au_state_ == AuState::kAssembling) DropAccessUnit();
  OnStreamEvent(StreamEvent::kLoss);
  require_au_start_ = true;
}

void H264Depacketizer::BeginAccessUnit(uint32_t rtp_timestamp, uint16_t seq) {
  buffer_.clear();
  au_state_ = AuState::kAssembling;
  au_timestamp_ = rtp_timestamp;
  au_first_seq_ = seq;
  au_last_seq_ = seq;
  has_idr_ = has_sps_ = has_pps_ = has_slice_ = prepended_ = false;
  fu_open_ = false;
}

void H264Depacketizer::DropAccessUnit() {
  if (au_state_ != AuState::kAssembling) return;
  au_state_ = AuState::kDiscarding;
  fu_open_ = false;
  ++stats_.broken_access_units;
  OnStreamEvent(StreamEvent::kLoss);
}

void H264Depacketizer::Fail(Error error) {
  Count(error);
  DropAccessUnit();
}

void H264Depacketizer::FinishAccessUnit() {
  if (au_state_ == AuState::kAssembling && fu_open_) Fail(Error::kFuAMissingEnd);
  if (au_state_ == AuState::kAssembling) Deliver();
  au_state_ = AuState::kIdle;
}

void H264Depacketizer::Deliver() {
  if (buffer_.empty()) return;  // only ignored packets
  if (!has_idr_ && state_ != State::kDecodable) {
    // Parameter sets alone are harmless (and already stored); pictures would reference a
    // picture the decoder does not have.
    if (has_slice_) {
      ++stats_.dropped_awaiting_keyframe;
      OnStreamEvent(StreamEvent::kDroppedNonKeyframe);
    }
    return;
  }
  if (has_idr_) {
    OnStreamEvent(StreamEvent::kDeliveredKeyframe);
    ++stats_.keyframes;
    if (!has_sps_ || !has_pps_) ++stats_.keyframes_without_parameter_sets;
  }
  ++stats_.access_units;
  AccessUnit au;
  au.annex_b = buffer_;
  au.rtp_timestamp = au_timestamp_;
  au.first_seq = au_first_seq_;
  au.last_seq = au_last_seq_;
  au.is_keyframe = has_idr_;
  au.has_sps = has_sps_;
  au.has_pps = has_pps_;
  au.parameter_sets_prepended = prepended_;
  listener_.OnH264DepacketizerAccessUnit(au);
}

void H264Depacketizer::HandlePayload(std::span<const uint8_t> payload) {
  const uint8_t type = payload[0] & kH264NaluTypeMask;
  switch (H264NaluType(type)) {
    case H264NaluType::kStapA:
      HandleStapA(payload);
      return;
    case H264NaluType::kFuA:
      HandleFuA(payload);
      return;
    case H264NaluType::kStapB:
    case H264NaluType::kMtap16:
    case H264NaluType::kMtap24:
    case H264NaluType::kFuB:
      Fail(Error::kUnsupportedPacketType);
      return;
    default:
      break;
  }
  if (IsReservedType(type)) {
    Count(Error::kReservedNaluType);  // RFC 6184 §5.4: MUST be ignored
    return;
  }
  HandleSingleNalu(payload);
}

// RFC 6184 §5.6 single NAL unit packet: the payload is the NAL unit.
void H264Depacketizer::HandleSingleNalu(std::span<const uint8_t> nalu) {
  if (fu_open_) {
    Fail(Error::kFuAMissingEnd);
    return;
  }
  if (!BeginNalu(nalu[0], nalu.subspan(1))) return;
  if (!Append(nalu.subspan(1))) return;
  EndNalu();
}

// RFC 6184 §5.7.1, STAP-A (Figure 7):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                          RTP Header                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |STAP-A NAL HDR |         NALU 1 Size           | NALU 1 HDR    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         NALU 1 Data                           |
//  :                                                               :
//  +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |               | NALU 2 Size                   | NALU 2 HDR    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         NALU 2 Data                           |
//  :                                                               :
// The whole packet is checked before anything is written.
void H264Depacketizer::HandleStapA(std::span<const uint8_t> payload) {
  if (fu_open_) {
    Fail(Error::kFuAMissingEnd);
    return;
  }
  size_t units = 0;
  for (ByteReader r(payload.subspan(1)); r.remaining() > 0;) {
    auto size = r.U16();
    if (size && *size == 0) {
      Fail(Error::kStapAZeroLengthNalu);
      return;
    }
    auto nalu = size ? r.Bytes(*size) : std::nullopt;
    if (!nalu) {
      Fail(Error::kStapALengthPastEnd);
      return;
    }
    // §5.7.1: aggregation units carry NAL units, never other aggregation packets or FUs.
    if (IsAggregationOrFragmentType((*nalu)[0] & kH264NaluTypeMask)) {
      Fail(Error::kStapABadNaluType);
      return;
    }
    ++units;
  }
  if (units == 0) {
    Fail(Error::kStapAEmpty);
    return;
  }
  for (ByteReader r(payload.subspan(1)); r.remaining() > 0;) {
    auto nalu = r.Bytes(*r.U16());
    if (IsReservedType((*nalu)[0] & kH264NaluTypeMask)) {
      Count(Error::kReservedNaluType);
      continue;
    }
    HandleSingleNalu(*nalu);
    if (au_state_ != AuState::kAssembling) return;
  }
}

// RFC 6184 §5.8, FU-A (Figure 14):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | FU indicator  |   FU header   |                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
//  |                         FU payload                            |
//  |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                               :...OPTIONAL RTP padding        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// FU indicator: F and NRI of the fragmented NAL unit, type 28. FU header: S(tart), E(nd),
// R (reserved, ignored by receivers), the fragmented NAL unit's type. Reconstructed NAL
// unit header: F | NRI from the indicator, type from the FU header.
// A FU with both S and E set is not allowed (§5.8) but is unambiguous: accepted.
void H264Depacketizer::HandleFuA(std::span<const uint8_t> payload) {
  if (payload.size() < 2) {
    Fail(Error::kFuATooShort);
    return;
  }
  const uint8_t indicator = payload[0];
  const uint8_t fu_header = payload[1];
  const uint8_t type = fu_header & kH264NaluTypeMask;
  const std::span<const uint8_t> fragment = payload.subspan(2);
  if (IsReservedType(type)) {
    Count(Error::kReservedNaluType);
    return;
  }
  if (IsAggregationOrFragmentType(type)) {
    Fail(Error::kFuABadNaluType);
    return;
  }
  if (fu_header & kFuStartBit) {
    if (fu_open_) {
      Fail(Error::kFuAMissingEnd);
      return;
    }
    const uint8_t header = uint8_t((indicator & (kH264ForbiddenBit | kH264NriMask)) | type);
    if (!BeginNalu(header, fragment)) return;
    fu_open_ = true;
    fu_type_ = type;
  } else if (!fu_open_) {
    Fail(Error::kFuAMissingStart);
    return;
  } else if (type != fu_type_) {
    Fail(Error::kFuATypeMismatch);
    return;
  }
  if (!Append(fragment)) return;
  if (fu_header & kFuEndBit) {
    fu_open_ = false;
    EndNalu();
  }
}

bool H264Depacketizer::BeginNalu(uint8_t header, std::span<const uint8_t> first_payload_bytes) {
  if (H264NaluTypeOf(header) == H264NaluType::kIdr && (!has_sps_ || !has_pps_)) {
    PrependParameterSets(first_payload_bytes);
  }
  if (!Append(kStartCode)) return false;
  nalu_offset_ = buffer_.size();
  return Append({&header, 1});
}

void H264Depacketizer::EndNalu() {
  const std::span<const uint8_t> nalu = std::span<const uint8_t>(buffer_).subspan(nalu_offset_);
  switch (H264NaluTypeOf(nalu[0])) {
    case H264NaluType::kIdr:
      has_idr_ = true;
      has_slice_ = true;
      break;
    case H264NaluType::kSlice:
    case H264NaluType::kSliceDataPartitionA:
    case H264NaluType::kSliceDataPartitionB:
    case H264NaluType::kSliceDataPartitionC:
      has_slice_ = true;
      break;
    case H264NaluType::kSps:
      has_sps_ = true;
      if (!parameter_sets_.Add(nalu)) Count(Error::kBadParameterSet);
      break;
    case H264NaluType::kPps:
      has_pps_ = true;
      if (!parameter_sets_.Add(nalu)) Count(Error::kBadParameterSet);
      break;
    default:
      break;
  }
}

void H264Depacketizer::PrependParameterSets(std::span<const uint8_t> idr_payload) {
  const auto pair = parameter_sets_.ForSlice(idr_payload);
  if (!pair) return;  // counted as keyframes_without_parameter_sets on delivery
  if (!has_sps_ && !(Append(kStartCode) && Append(pair->sps))) return;
  has_sps_ = true;
  if (!has_pps_ && !(Append(kStartCode) && Append(pair->pps))) return;
  has_pps_ = true;
  prepended_ = true;
  ++stats_.parameter_sets_prepended;
}

bool H264Depacketizer::Append(std::span<const uint8_t> bytes) {
  if (au_state_ != AuState::kAssembling) return false;
  if (bytes.size() > config_.max_access_unit_size - buffer_.size()) {
    Fail(Error::kAccessUnitTooLarge);
    return false;
  }
  const size_t needed = buffer_.size() + bytes.size();
  if (needed > buffer_.capacity()) {
    // Grow geometrically, but never past the cap (vector's own growth could double it).
    buffer_.reserve(std::min(config_.max_access_unit_size, std::max(needed, buffer_.capacity() * 2)));
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return true;
}

}  // namespace softmcu
