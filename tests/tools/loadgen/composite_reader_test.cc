// The stamp reader on composites an MCU makes: every endpoint's stamped stream decoded,
// scaled into its tile of a 1280x720 canvas at every built-in layout up to 5x5, the canvas
// encoded at a conference bitrate and decoded again — every tile must read back its
// endpoint and frame, and the layout must be recognised.
//
// Composition is done here with VideoScaler and the layouts' rectangles, as the mixer's
// compositor will do it. When mixer/video lands, replace Compose() with a call to it; the
// assertions stay.
#include "tools/loadgen/composite_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>

#include "media/video/h264_decoder.h"
#include "media/video/h264_encoder.h"
#include "media/video/video_scaler.h"
#include "tests/tools/loadgen/loadgen_test_util.h"
#include "tools/loadgen/stamped_access_unit.h"
#include "tools/loadgen/tile_layouts.h"

namespace softmcu::loadgen {
namespace {

using testing::SmallMaterial;

constexpr int kCanvasWidth = 1280;
constexpr int kCanvasHeight = 720;

// What endpoint `id` sends as its first frame (an IDR), decoded as an MCU would.
SharedVideoFrame DecodedSource(const VideoRendition& rendition, const VideoStamp& stamp) {
  static StampedAccessUnit* writer = new StampedAccessUnit(SmallMaterial());
  auto au = writer->Write(rendition, 0, StampCode::Encode(stamp), std::nullopt);
  EXPECT_TRUE(au.has_value());
  auto decoder = H264Decoder::Create({.buffer_mode = H264DecoderOptions::BufferMode::kCopy});
  auto picture = (*decoder)->Decode(*au, TimeDelta::Zero());
  EXPECT_TRUE(picture.has_value() && picture->has_value());
  return std::move(**picture);
}

// The MCU's compositor: each source scaled into its tile of a grey canvas.
std::unique_ptr<VideoFrame> Compose(const TileLayout& layout, const std::vector<SharedVideoFrame>& sources) {
  auto canvas = std::make_unique<VideoFrame>(kCanvasWidth, kCanvasHeight);
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const int rows = p == Plane::kY ? canvas->height() : canvas->chroma_height();
    std::memset(canvas->mutable_data(p), p == Plane::kY ? 60 : 128, static_cast<size_t>(canvas->stride(p)) * rows);
  }
  VideoScaler scaler;
  for (size_t i = 0; i < layout.tiles.size(); ++i) {
    const StampRect& t = layout.tiles[i];
    scaler.Scale(sources[i]->view(), canvas->mutable_view(), PixelRect{t.x, t.y, t.width, t.height});
  }
  return canvas;
}

// The rendition an MCU would ask a source for, given its tile's size.
const VideoRendition& RenditionForTile(const StampRect& tile) {
  const VideoMaterial& m = SmallMaterial();
  if (tile.width > 640) return m.rendition(0);
  if (tile.width > 320) return m.rendition(1);
  return m.rendition(2);
}

// Encodes the canvas a few times (rate control settles after the first IDR), decodes the last.
SharedVideoFrame ThroughTheMcuEncoder(const VideoFrame& canvas, DataRate bitrate) {
  auto encoder = H264Encoder::Create({.width = kCanvasWidth, .height = kCanvasHeight, .target_bitrate = bitrate});
  auto decoder = H264Decoder::Create({.buffer_mode = H264DecoderOptions::BufferMode::kCopy});
  SharedVideoFrame last;
  for (int i = 0; i < 4; ++i) {
    auto encoded = (*encoder)->Encode(canvas);
    EXPECT_TRUE(encoded.has_value());
    auto picture = (*decoder)->Decode(encoded->data, TimeDelta::Millis(33 * i));
    EXPECT_TRUE(picture.has_value());
    if (picture && *picture) last = std::move(**picture);
  }
  return last;
}

class CompositeReaderLayouts : public ::testing::TestWithParam<std::string> {};

TEST_P(CompositeReaderLayouts, EveryTileReadsBackItsEndpointAfterScalingAndReencoding) {
  auto layout = TileLayouts::Named(GetParam(), kCanvasWidth, kCanvasHeight);
  ASSERT_TRUE(layout.has_value());
  std::vector<SharedVideoFrame> sources;
  std::vector<VideoStamp> stamps;
  for (size_t i = 0; i < layout->tiles.size(); ++i) {
    const VideoRendition& rendition = RenditionForTile(layout->tiles[i]);
    stamps.push_back({static_cast<uint32_t>(300 + 17 * i), static_cast<uint32_t>(1000 + i),
                      static_cast<uint32_t>(rendition.index())});
    sources.push_back(DecodedSource(rendition, stamps.back()));
    ASSERT_TRUE(sources.back());
  }
  auto canvas = Compose(*layout, sources);
  // 1.5 Mbps for a 720p composite: a conference tier, not a generous one.
  SharedVideoFrame received = ThroughTheMcuEncoder(*canvas, DataRate::KilobitsPerSec(1500));
  ASSERT_TRUE(received);

  CompositeReader reader({});
  const CompositeReader::Read& read = reader.ReadComposite(received->view());
  ASSERT_NE(read.layout, nullptr);
  EXPECT_EQ(read.layout->name, GetParam());
  ASSERT_EQ(read.tiles.size(), stamps.size());
  for (size_t i = 0; i < stamps.size(); ++i) {
    ASSERT_TRUE(read.tiles[i].has_value()) << "tile " << i << " of " << GetParam();
    EXPECT_EQ(*read.tiles[i], stamps[i]) << "tile " << i << " of " << GetParam();
  }

  // A forced layout reads the same.
  CompositeReader forced({.forced_layout = GetParam()});
  EXPECT_EQ(forced.ReadComposite(received->view()).valid, static_cast<int>(stamps.size()));
}

INSTANTIATE_TEST_SUITE_P(BuiltInLayouts, CompositeReaderLayouts,
                         ::testing::Values("1x1", "1+1", "2x2", "1+5", "1+7", "3x3", "1+12", "4x4", "5x5"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '+' ? 'p' : c;
                           return "L" + name;
                         });

TEST(CompositeReader, EmptyTilesAndGreyCanvasReadNothing) {
  VideoFrame canvas(kCanvasWidth, kCanvasHeight);
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const int rows = p == Plane::kY ? canvas.height() : canvas.chroma_height();
    std::memset(canvas.mutable_data(p), p == Plane::kY ? 16 : 128, static_cast<size_t>(canvas.stride(p)) * rows);
  }
  CompositeReader reader({});
  const auto& read = reader.ReadComposite(canvas.view());
  EXPECT_EQ(read.valid, 0);
  EXPECT_EQ(read.layout, nullptr);
  EXPECT_EQ(reader.layout_name(), "none");
}

TEST(CompositeReader, TinyPictureReadsNothingWithoutCrashing) {
  VideoFrame tiny(2, 2);
  std::memset(tiny.mutable_data(Plane::kY), 200, static_cast<size_t>(tiny.stride(Plane::kY)) * 2);
  CompositeReader reader({});
  EXPECT_EQ(reader.ReadComposite(tiny.view()).valid, 0);
}

}  // namespace
}  // namespace softmcu::loadgen
