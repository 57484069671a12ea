#include "media/h264/h264_depacketizer.h"

#include <gtest/gtest.h>

#include "tests/media/h264/h264_test_util.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

using namespace h264_test;
using Error = H264Depacketizer::Error;

constexpr uint32_t kFrameTicks = 3000;  // 30 fps at 90 kHz

// A stream of access units through packetizer and depacketizer, with sequence numbers and
// timestamps kept across frames.
class H264DepacketizerTest : public ::testing::Test {
 protected:
  std::vector<RtpPayload> PacketizeFrame(const std::vector<Bytes>& nalus) {
    auto packets = Packetize(packetizer_, AnnexB(nalus), timestamp_, seq_);
    timestamp_ += kFrameTicks;
    return packets;
  }
  std::vector<RtpPayload> IdrFrame(size_t size = 3000, bool with_parameter_sets = true) {
    std::vector<Bytes> nalus;
    if (with_parameter_sets) nalus = {kSps720p, kPps720p};
    nalus.push_back(MakeNalu(H264NaluType::kIdr, size, uint8_t(frame_index_++)));
    return PacketizeFrame(nalus);
  }
  std::vector<RtpPayload> PFrame(size_t size = 3000) {
    return PacketizeFrame({MakeNalu(H264NaluType::kSlice, size, uint8_t(frame_index_++))});
  }
  // One packet with the next sequence number and the current timestamp.
  RtpPayload Packet(Bytes payload, bool marker = true) {
    return RtpPayload{seq_++, timestamp_, marker, std::move(payload)};
  }
  void NextTimestamp() { timestamp_ += kFrameTicks; }

  H264Packetizer packetizer_{{}};
  CollectingListener listener_;
  H264Depacketizer depacketizer_{{}, listener_};
  uint16_t seq_ = 65530;  // wraps during the tests
  uint32_t timestamp_ = 1000;
  int frame_index_ = 0;
};

struct RoundTripCase {
  const char* name;
  std::vector<size_t> slice_sizes;
};

class H264RoundTripTest : public H264DepacketizerTest, public ::testing::WithParamInterface<RoundTripCase> {};

TEST_P(H264RoundTripTest, IdrAndPFramesComeBackByteExact) {
  std::vector<Bytes> idr_nalus = {kSps720p, kPps720p};
  std::vector<Bytes> p_nalus;
  for (size_t i = 0; i < GetParam().slice_sizes.size(); ++i) {
    const size_t size = GetParam().slice_sizes[i];
    idr_nalus.push_back(MakeNalu(H264NaluType::kIdr, size, uint8_t(i), i == 0));
    p_nalus.push_back(MakeNalu(H264NaluType::kSlice, size, uint8_t(100 + i), i == 0));
  }
  Feed(depacketizer_, PacketizeFrame(idr_nalus));
  Feed(depacketizer_, PacketizeFrame(p_nalus));
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_EQ(listener_.units[0].annex_b, AnnexB(idr_nalus));
  EXPECT_TRUE(listener_.units[0].is_keyframe);
  EXPECT_TRUE(listener_.units[0].has_sps);
  EXPECT_FALSE(listener_.units[0].prepended);
  EXPECT_EQ(listener_.units[1].annex_b, AnnexB(p_nalus));
  EXPECT_FALSE(listener_.units[1].is_keyframe);
  EXPECT_EQ(listener_.units[1].timestamp, listener_.units[0].timestamp + kFrameTicks);
  EXPECT_EQ(depacketizer_.total_errors(), 0);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

INSTANTIATE_TEST_SUITE_P(H264, H264RoundTripTest,
                         ::testing::Values(RoundTripCase{"OneByteUnderMtu", {1199}},
                                           RoundTripCase{"ExactlyMtu", {1200}},
                                           RoundTripCase{"OneByteOverMtu", {1201}},
                                           RoundTripCase{"FiveThousand", {5000}},
                                           RoundTripCase{"SmallSlicesAggregated", {20, 30, 40}},
                                           RoundTripCase{"MixedSlices", {1199, 12, 1200, 1201, 5000, 2}},
                                           RoundTripCase{"HeaderOnlySlice", {1, 1}}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(H264DepacketizerTest, EndsAccessUnitOnTimestampChangeWithoutMarker) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(100);
  p.back().marker = false;
  Feed(depacketizer_, p);
  EXPECT_EQ(listener_.units.size(), 1u);
  Feed(depacketizer_, PFrame(100));
  ASSERT_EQ(listener_.units.size(), 3u);
  EXPECT_EQ(listener_.units[1].annex_b.size(), 4u + 100u);
}

TEST_F(H264DepacketizerTest, PrependsSpropParameterSetsBeforeIdrWithoutThem) {
  ASSERT_TRUE(depacketizer_.parameter_sets().AddSpropParameterSets(kSprop720p).has_value());
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 2000, 1);
  Feed(depacketizer_, PacketizeFrame({idr}));
  ASSERT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(listener_.units[0].annex_b, AnnexB({kSps720p, kPps720p, idr}));
  EXPECT_TRUE(listener_.units[0].prepended);
  EXPECT_TRUE(listener_.units[0].has_sps);
  EXPECT_TRUE(listener_.units[0].has_pps);
  EXPECT_EQ(depacketizer_.stats().parameter_sets_prepended, 1);
}

TEST_F(H264DepacketizerTest, PrependsInBandParameterSetsSeenEarlier) {
  Feed(depacketizer_, IdrFrame());
  const Bytes aud = {0x09, 0xf0};
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 500, 2);
  Feed(depacketizer_, PacketizeFrame({aud, idr}));
  ASSERT_EQ(listener_.units.size(), 2u);
  // After the access unit delimiter, before the IDR slice.
  EXPECT_EQ(listener_.units[1].annex_b, AnnexB({aud, kSps720p, kPps720p, idr}));
  ASSERT_NE(depacketizer_.parameter_sets().latest_sps(), nullptr);
  EXPECT_EQ(depacketizer_.parameter_sets().latest_sps()->width, 1280u);
}

TEST_F(H264DepacketizerTest, DeliversIdrWithoutAnyKnownParameterSets) {
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 100, 1);
  Feed(depacketizer_, PacketizeFrame({idr}));
  ASSERT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(listener_.units[0].annex_b, AnnexB({idr}));
  EXPECT_FALSE(listener_.units[0].has_sps);
  EXPECT_EQ(depacketizer_.stats().keyframes_without_parameter_sets, 1);
}

TEST_F(H264DepacketizerTest, DropsNonIdrBeforeFirstKeyframeAndRequestsOne) {
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
  Feed(depacketizer_, PFrame());
  EXPECT_TRUE(listener_.units.empty());
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  EXPECT_EQ(depacketizer_.stats().dropped_awaiting_keyframe, 1);
  Feed(depacketizer_, IdrFrame());
  ASSERT_EQ(listener_.units.size(), 1u);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, LostFuAFragmentDropsAccessUnitAndRequestsKeyframe) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(5000);
  ASSERT_EQ(p.size(), 5u);
  p.erase(p.begin() + 2);
  Feed(depacketizer_, p);
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 1);
  EXPECT_EQ(depacketizer_.errors(Error::kSequenceGap), 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  EXPECT_EQ(depacketizer_.stats().keyframe_requests, 1);
}

TEST_F(H264DepacketizerTest, RecoversAtNextIdrAfterLoss) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(5000);
  p.erase(p.begin() + 1);
  Feed(depacketizer_, p);
  Feed(depacketizer_, PFrame());  // references the lost picture: dropped
  EXPECT_EQ(depacketizer_.stats().dropped_awaiting_keyframe, 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  Feed(depacketizer_, IdrFrame(5000));
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_TRUE(listener_.units[1].is_keyframe);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
  Feed(depacketizer_, PFrame());
  EXPECT_EQ(listener_.units.size(), 3u);
  EXPECT_EQ(depacketizer_.stats().keyframe_requests, 1);
}

TEST_F(H264DepacketizerTest, LostFirstFuAFragmentDropsAccessUnit) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(5000);
  p.erase(p.begin());
  Feed(depacketizer_, p);
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, LostLastFuAFragmentWithMarkerDropsAccessUnit) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(5000);
  p.pop_back();
  Feed(depacketizer_, p);
  Feed(depacketizer_, IdrFrame());  // the gap shows here; the pending frame is dropped
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_TRUE(listener_.units[1].is_keyframe);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 1);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, GapBetweenNonIdrFramesWaitsForIdr) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, PFrame());
  PFrame();  // lost entirely
  Feed(depacketizer_, PFrame());
  Feed(depacketizer_, PFrame());
  EXPECT_EQ(listener_.units.size(), 2u);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  EXPECT_EQ(depacketizer_.stats().dropped_awaiting_keyframe, 2);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 0);
  Feed(depacketizer_, IdrFrame());
  EXPECT_EQ(listener_.units.size(), 3u);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, IdrRightAfterLostFrameIsDelivered) {
  Feed(depacketizer_, IdrFrame());
  PFrame();  // lost
  Feed(depacketizer_, IdrFrame());
  EXPECT_EQ(listener_.units.size(), 2u);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, SecondSliceAfterGapIsNotTakenForAccessUnitStart) {
  Feed(depacketizer_, IdrFrame());
  // An IDR of two slices whose first packet (the STAP-A with SPS, PPS and slice 1) is lost.
  auto idr = PacketizeFrame({kSps720p, kPps720p, MakeNalu(H264NaluType::kIdr, 100, 1, true),
                             MakeNalu(H264NaluType::kIdr, 1200, 2, false)});
  ASSERT_EQ(idr.size(), 2u);
  Feed(depacketizer_, {idr[1]});
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, FuAContinuationWithoutStartIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0x41, 0xaa, 0xbb})});  // FU-A, S=0 E=1, type 1
  EXPECT_EQ(depacketizer_.errors(Error::kFuAMissingStart), 1);
  EXPECT_EQ(depacketizer_.stats().broken_access_units, 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, FuAWithoutEndAtMarkerIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0x81, 0xaa}, false),   // FU-A S=1, type 1
                       Packet({0x7c, 0x01, 0xbb}, true)});  // FU-A middle, marker
  EXPECT_EQ(depacketizer_.errors(Error::kFuAMissingEnd), 1);
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, FuAInterruptedBySingleNaluIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0x81, 0xaa}, false),   // FU-A start
                       Packet({0x61, 0xe0, 0x01}, true)});  // single NAL unit
  EXPECT_EQ(depacketizer_.errors(Error::kFuAMissingEnd), 1);
  EXPECT_EQ(listener_.units.size(), 1u);
}

TEST_F(H264DepacketizerTest, FuAWithTwoStartsIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0x81, 0xaa}, false), Packet({0x7c, 0xc1, 0xbb}, true)});
  EXPECT_EQ(depacketizer_.errors(Error::kFuAMissingEnd), 1);
}

TEST_F(H264DepacketizerTest, FuAShorterThanTwoBytesIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c})});
  EXPECT_EQ(depacketizer_.errors(Error::kFuATooShort), 1);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, FuAOfAggregationTypeIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0xd8, 0x00, 0x01, 0x61})});  // fragmented type 24
  EXPECT_EQ(depacketizer_.errors(Error::kFuABadNaluType), 1);
}

TEST_F(H264DepacketizerTest, FuATypeChangingMidUnitIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0x81, 0xaa}, false), Packet({0x7c, 0x45, 0xbb}, true)});
  EXPECT_EQ(depacketizer_.errors(Error::kFuATypeMismatch), 1);
}

TEST_F(H264DepacketizerTest, SingleFuAWithStartAndEndIsAccepted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x7c, 0xc1, 0xe0, 0xaa})});  // S=1 E=1 type 1
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_EQ(listener_.units[1].annex_b, (Bytes{0, 0, 0, 1, 0x61, 0xe0, 0xaa}));
}

TEST_F(H264DepacketizerTest, StapALengthPastEndIsCounted) {
  Feed(depacketizer_, IdrFrame());
  const Bytes stap = {
      0x78,        // STAP-A, NRI 3
      0x00, 0x02,  // NALU 1 size 2
      0x61, 0xe0,  //   slice
      0x00, 0x09,  // NALU 2 size 9: only 2 bytes follow
      0x61, 0xe1,
  };
  Feed(depacketizer_, {Packet(stap)});
  EXPECT_EQ(depacketizer_.errors(Error::kStapALengthPastEnd), 1);
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, StapATruncatedSizeFieldIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x78, 0x00, 0x02, 0x61, 0xe0, 0x00})});  // 1 byte of NALU 2 size
  EXPECT_EQ(depacketizer_.errors(Error::kStapALengthPastEnd), 1);
}

TEST_F(H264DepacketizerTest, StapAZeroLengthNaluIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x78, 0x00, 0x00, 0x00, 0x02, 0x61, 0xe0})});
  EXPECT_EQ(depacketizer_.errors(Error::kStapAZeroLengthNalu), 1);
}

TEST_F(H264DepacketizerTest, StapAWithoutUnitsIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x78})});
  EXPECT_EQ(depacketizer_.errors(Error::kStapAEmpty), 1);
}

TEST_F(H264DepacketizerTest, StapAContainingFuAIsCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({0x78, 0x00, 0x03, 0x7c, 0xc1, 0xe0})});
  EXPECT_EQ(depacketizer_.errors(Error::kStapABadNaluType), 1);
}

TEST_F(H264DepacketizerTest, InterleavedModePacketTypesAreCountedAndDropTheFrame) {
  for (uint8_t type : {25, 26, 27, 29}) {
    Feed(depacketizer_, IdrFrame());
    const int64_t before = depacketizer_.errors(Error::kUnsupportedPacketType);
    Feed(depacketizer_, {Packet({uint8_t(0x60 | type), 0x00, 0x01, 0x02, 0x03, 0x04, 0x05})});
    EXPECT_EQ(depacketizer_.errors(Error::kUnsupportedPacketType), before + 1) << int(type);
    EXPECT_TRUE(depacketizer_.keyframe_request_needed()) << int(type);
    NextTimestamp();
  }
}

TEST_F(H264DepacketizerTest, ReservedNaluTypesAreIgnoredAndCounted) {
  Feed(depacketizer_, IdrFrame());
  const Bytes slice = {0x61, 0xe0, 0x42};
  Feed(depacketizer_, {Packet({0x00, 0x11}, false),                    // type 0
                       Packet({0x7e, 0x11}, false),                    // type 30
                       Packet({0x78, 0x00, 0x02, 0x7f, 0x11}, false),  // STAP-A of type 31
                       Packet({0x7c, 0xde, 0x11}, false),              // FU-A of type 30
                       Packet(slice, true)});
  EXPECT_EQ(depacketizer_.errors(Error::kReservedNaluType), 4);
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_EQ(listener_.units[1].annex_b, AnnexB({slice}));
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, EmptyPayloadIsIgnoredAndCounted) {
  Feed(depacketizer_, IdrFrame());
  Feed(depacketizer_, {Packet({}, false)});
  Feed(depacketizer_, PFrame());
  EXPECT_EQ(depacketizer_.errors(Error::kEmptyPayload), 1);
  EXPECT_EQ(listener_.units.size(), 2u);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, DuplicatePacketIsIgnored) {
  Feed(depacketizer_, IdrFrame());
  auto p = PFrame(3000);
  p.insert(p.begin() + 1, p[0]);
  Feed(depacketizer_, p);
  EXPECT_EQ(depacketizer_.errors(Error::kStaleSequence), 1);
  EXPECT_EQ(listener_.units.size(), 2u);
}

TEST_F(H264DepacketizerTest, AccessUnitOverLimitIsDropped) {
  CollectingListener listener;
  H264Depacketizer small({.max_access_unit_size = 4000, .initial_capacity = 1000}, listener);
  Feed(small, IdrFrame(3000));
  EXPECT_EQ(listener.units.size(), 1u);
  Feed(small, PFrame(5000));
  EXPECT_EQ(listener.units.size(), 1u);
  EXPECT_EQ(small.errors(Error::kAccessUnitTooLarge), 1);
  EXPECT_TRUE(small.keyframe_request_needed());
}

TEST_F(H264DepacketizerTest, MalformedInBandSpsIsCountedAndPassedOn) {
  const Bytes bad_sps = {0x67, 0x42};
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 100, 1);
  Feed(depacketizer_, PacketizeFrame({bad_sps, kPps720p, idr}));
  EXPECT_EQ(depacketizer_.errors(Error::kBadParameterSet), 1);
  ASSERT_EQ(listener_.units.size(), 1u);
  EXPECT_EQ(listener_.units[0].annex_b, AnnexB({bad_sps, kPps720p, idr}));
  EXPECT_EQ(depacketizer_.parameter_sets().sps(0), nullptr);
}

TEST_F(H264DepacketizerTest, StreamStartingMidFrameDropsThatFrame) {
  auto idr = IdrFrame(5000);
  idr.erase(idr.begin(), idr.begin() + 2);  // joined during the FU-A
  Feed(depacketizer_, idr);
  EXPECT_TRUE(listener_.units.empty());
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  Feed(depacketizer_, IdrFrame());
  EXPECT_EQ(listener_.units.size(), 1u);
}

// Through a real JitterBuffer: frames popped from it feed InsertFrame().
class H264DepacketizerFrameTest : public H264DepacketizerTest {
 protected:
  void Insert(const std::vector<RtpPayload>& packets) {
    for (const auto& p : packets) {
      RtpPacketBuilder b;
      b.SetSequenceNumber(p.seq).SetTimestamp(p.timestamp).SetMarker(p.marker).SetSsrc(1).SetPayloadType(96);
      Bytes buffer(1500);
      auto size = b.Write(p.payload, buffer);
      ASSERT_TRUE(size.has_value());
      auto view = RtpPacketView::Parse(std::span<const uint8_t>(buffer).first(*size));
      ASSERT_TRUE(view.has_value());
      jitter_buffer_.InsertPacket(*view, now_);
    }
  }
  void PopAll() {
    JitterBufferFrame frame;
    while (jitter_buffer_.PopFrame(now_, &frame)) depacketizer_.InsertFrame(frame);
  }

  JitterBuffer jitter_buffer_{JitterBuffer::Config::Video()};
  Timestamp now_ = Timestamp::Millis(1000);
};

TEST_F(H264DepacketizerFrameTest, FramesFromJitterBufferComeBackByteExact) {
  const std::vector<Bytes> idr = {kSps720p, kPps720p, MakeNalu(H264NaluType::kIdr, 5000, 1)};
  const std::vector<Bytes> p = {MakeNalu(H264NaluType::kSlice, 1201, 2)};
  Insert(PacketizeFrame(idr));
  Insert(PacketizeFrame(p));
  PopAll();
  ASSERT_EQ(listener_.units.size(), 2u);
  EXPECT_EQ(listener_.units[0].annex_b, AnnexB(idr));
  EXPECT_TRUE(listener_.units[0].is_keyframe);
  EXPECT_EQ(listener_.units[1].annex_b, AnnexB(p));
  EXPECT_EQ(depacketizer_.total_errors(), 0);
}

TEST_F(H264DepacketizerFrameTest, FrameAfterLostFramesWaitsForIdr) {
  Insert(IdrFrame());
  PopAll();
  PFrame();          // lost
  Insert(PFrame());  // its start is unknown to the jitter buffer: given up with the lost one
  Insert(PFrame());  // released with lost_frames_before > 0
  now_ = now_ + TimeDelta::Seconds(1);  // past every hold deadline
  PopAll();
  EXPECT_EQ(listener_.units.size(), 1u);
  EXPECT_TRUE(depacketizer_.keyframe_request_needed());
  Insert(IdrFrame());
  PopAll();
  EXPECT_EQ(listener_.units.size(), 2u);
  EXPECT_FALSE(depacketizer_.keyframe_request_needed());
}

}  // namespace
}  // namespace softmcu
