#include "media/video/jpeg_snapshot.h"

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "media/video/i420_view.h"

namespace softmcu {

namespace {
struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
}  // namespace

Result<std::string> EncodeJpeg(const VideoFrame& frame, const JpegOptions& options) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return MakeError(ErrorCode::kUnavailable, "libavcodec has no MJPEG encoder");
  int width = frame.width();
  int height = frame.height();
  if (options.max_width > 0 && width > options.max_width) {
    height = static_cast<int>(static_cast<int64_t>(height) * options.max_width / width) & ~1;
    width = options.max_width & ~1;
  }
  if (width < 2 || height < 2) return MakeError(ErrorCode::kInvalidArgument, "picture too small for a JPEG");

  std::unique_ptr<AVCodecContext, CodecContextDeleter> ctx(avcodec_alloc_context3(codec));
  ctx->width = width;
  ctx->height = height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
  ctx->time_base = AVRational{1, 1};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = FF_QP2LAMBDA * options.quality;
  if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return MakeError(ErrorCode::kInternal, "MJPEG encoder did not open");

  std::unique_ptr<AVFrame, FrameDeleter> picture(av_frame_alloc());
  picture->format = AV_PIX_FMT_YUVJ420P;
  picture->width = width;
  picture->height = height;
  picture->quality = ctx->global_quality;
  picture->pts = 0;
  if (av_frame_get_buffer(picture.get(), 0) < 0) return MakeError(ErrorCode::kInternal, "out of memory");
  // The canvas is limited-range BT.601; the JPEG wants full range: swscale converts both the
  // size and the range in one pass.
  SwsContext* sws = sws_getContext(frame.width(), frame.height(), AV_PIX_FMT_YUV420P, width, height,
                                   AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
  if (sws == nullptr) return MakeError(ErrorCode::kInternal, "no scaler for the preview");
  const uint8_t* src[3] = {frame.data(Plane::kY), frame.data(Plane::kU), frame.data(Plane::kV)};
  const int src_stride[3] = {frame.stride(Plane::kY), frame.stride(Plane::kU), frame.stride(Plane::kV)};
  sws_scale(sws, src, src_stride, 0, frame.height(), picture->data, picture->linesize);
  sws_freeContext(sws);

  std::unique_ptr<AVPacket, PacketDeleter> packet(av_packet_alloc());
  if (avcodec_send_frame(ctx.get(), picture.get()) < 0 || avcodec_send_frame(ctx.get(), nullptr) < 0) {
    return MakeError(ErrorCode::kInternal, "MJPEG encoder refused the picture");
  }
  std::string out;
  while (avcodec_receive_packet(ctx.get(), packet.get()) == 0) {
    out.append(reinterpret_cast<const char*>(packet->data), static_cast<size_t>(packet->size));
    av_packet_unref(packet.get());
  }
  if (out.empty()) return MakeError(ErrorCode::kInternal, "MJPEG encoder produced nothing");
  return out;
}

}  // namespace softmcu
