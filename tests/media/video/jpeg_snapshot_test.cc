#include "media/video/jpeg_snapshot.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include "media/video/i420_view.h"

namespace softmcu {
namespace {

std::unique_ptr<VideoFrame> Flat(int width, int height, uint8_t y) {
  auto owned = std::make_unique<VideoFrame>(width, height);
  VideoFrame& frame = *owned;
  for (int row = 0; row < height; ++row) std::memset(frame.mutable_data(Plane::kY) + row * frame.stride(Plane::kY), y, width);
  for (Plane p : {Plane::kU, Plane::kV}) {
    for (int row = 0; row < frame.chroma_height(); ++row) {
      std::memset(frame.mutable_data(p) + row * frame.stride(p), 128, frame.chroma_width());
    }
  }
  return owned;
}

// Decodes a JPEG back with libavcodec: its size and the luma of its centre.
std::pair<std::pair<int, int>, int> Decode(const std::string& jpeg) {
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
  AVCodecContext* ctx = avcodec_alloc_context3(codec);
  EXPECT_EQ(avcodec_open2(ctx, codec, nullptr), 0);
  AVPacket* packet = av_packet_alloc();
  packet->data = reinterpret_cast<uint8_t*>(const_cast<char*>(jpeg.data()));
  packet->size = static_cast<int>(jpeg.size());
  AVFrame* frame = av_frame_alloc();
  std::pair<std::pair<int, int>, int> out{{0, 0}, -1};
  if (avcodec_send_packet(ctx, packet) == 0 && avcodec_receive_frame(ctx, frame) == 0) {
    out.first = {frame->width, frame->height};
    out.second = frame->data[0][(frame->height / 2) * frame->linesize[0] + frame->width / 2];
  }
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&ctx);
  return out;
}

TEST(JpegSnapshotTest, AViewBecomesAJpegScaledToTheMaximumWidthWithItsBrightnessInFullRange) {
  auto jpeg = EncodeJpeg(*Flat(1280, 720, 235));  // limited-range white
  ASSERT_TRUE(jpeg.has_value()) << jpeg.error().message;
  ASSERT_GE(jpeg->size(), 4u);
  EXPECT_EQ(static_cast<uint8_t>((*jpeg)[0]), 0xFF);
  EXPECT_EQ(static_cast<uint8_t>((*jpeg)[1]), 0xD8);  // SOI
  auto [size, centre] = Decode(*jpeg);
  EXPECT_EQ(size.first, 640);
  EXPECT_EQ(size.second, 360);
  EXPECT_GE(centre, 250) << "limited-range 235 must become full-range white";
}

TEST(JpegSnapshotTest, SmallPicturesKeepTheirSizeAndTinyOnesAreRefused) {
  auto jpeg = EncodeJpeg(*Flat(320, 180, 16));
  ASSERT_TRUE(jpeg.has_value());
  auto [size, centre] = Decode(*jpeg);
  EXPECT_EQ(size.first, 320);
  EXPECT_LE(centre, 5) << "limited-range black becomes full-range black";
  EXPECT_FALSE(EncodeJpeg(*Flat(640, 360, 16), JpegOptions{.max_width = 1}).has_value());
}

}  // namespace
}  // namespace softmcu
