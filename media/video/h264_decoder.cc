#include "media/video/h264_decoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}

#include <libyuv.h>

#include <cstring>
#include <string>

#include "core/check.h"
#include "media/video/codec_log.h"
#include "media/video/writable_video_frame.h"

namespace softmcu {
namespace {

std::string AvErrorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof(text));
  return text;
}

bool IsI420(int format) {
  return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P;
}

}  // namespace

void H264Decoder::ContextDeleter::operator()(AVCodecContext* c) const {
  avcodec_free_context(&c);
}
void H264Decoder::FrameDeleter::operator()(AVFrame* f) const {
  av_frame_free(&f);
}
void H264Decoder::PacketDeleter::operator()(AVPacket* p) const {
  av_packet_free(&p);
}

H264Decoder::H264Decoder(PassKey, const H264DecoderOptions& options)
    : options_(options), pool_(options.pool) {}

H264Decoder::~H264Decoder() = default;

Result<std::unique_ptr<H264Decoder>> H264Decoder::Create(const H264DecoderOptions& options) {
  if (options.thread_count < 1)
    return MakeError(ErrorCode::kInvalidArgument, "h264 decoder: thread_count < 1");
  RouteFfmpegLogToSpdlog();
  auto decoder = std::make_unique<H264Decoder>(PassKey(), options);
  if (auto opened = decoder->Open(); !opened) return tl::unexpected(opened.error());
  return decoder;
}

Result<void> H264Decoder::Open() {
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
  if (codec == nullptr)
    return MakeError(ErrorCode::kUnavailable, "h264 decoder: libavcodec has no H.264 decoder");
  context_.reset(avcodec_alloc_context3(codec));
  frame_.reset(av_frame_alloc());
  packet_.reset(av_packet_alloc());
  if (!context_ || !frame_ || !packet_)
    return MakeError(ErrorCode::kUnavailable, "h264 decoder: out of memory");

  AVCodecContext* c = context_.get();
  c->flags |= AV_CODEC_FLAG_LOW_DELAY;
  c->thread_count = options_.thread_count;
  c->thread_type = FF_THREAD_SLICE;  // frame threads buffer a frame per thread: latency
  // Report damaged slices as errors rather than concealing them silently, so Decode() can
  // freeze the picture and ask for a keyframe.
  c->err_recognition |= AV_EF_EXPLODE;
  if (options_.buffer_mode == H264DecoderOptions::BufferMode::kDirect) {
    c->opaque = this;
    c->get_buffer2 = &H264Decoder::GetBuffer;
  }
  if (int rc = avcodec_open2(c, codec, nullptr); rc < 0) {
    return MakeError(ErrorCode::kUnavailable, "h264 decoder: avcodec_open2: " + AvErrorText(rc));
  }
  return {};
}

// libavcodec asks for a picture buffer: hand it a pooled frame. frame->width/height are
// the coded size (macroblock multiples), context->width/height the visible size the pool
// is keyed by; VideoFrame allocations have the room avcodec_align_dimensions2() asks for.
int H264Decoder::GetBuffer(AVCodecContext* context, AVFrame* frame, int flags) {
  auto* self = static_cast<H264Decoder*>(context->opaque);
  // Not a picture a VideoFrame can hold (4:2:2, 10-bit): let libavcodec allocate, and
  // Decode() reports the format as unsupported. Every 4:2:0 buffer is a pooled frame, which
  // is what lets TakePicture() trust the buffer's opaque pointer.
  if (!IsI420(frame->format)) return avcodec_default_get_buffer2(context, frame, flags);
  int width = context->width;
  int height = context->height;
  if (width <= 0 || height <= 0 || frame->width > ((width + 15) & ~15) ||
      frame->height > ((height + 31) & ~31)) {
    // Cropping larger than macroblock padding (legal, unseen in practice): size the frame
    // by the coded picture; TakePicture() then copies the visible part out.
    width = frame->width;
    height = frame->height;
  }
  WritableVideoFrame pooled = self->pool_.Acquire(width, height);
  if (!pooled) return AVERROR(ENOMEM);  // counted by the pool; Decode() returns the error
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    frame->data[static_cast<int>(p)] = pooled->mutable_data(p);
    frame->linesize[static_cast<int>(p)] = pooled->stride(p);
  }
  frame->extended_data = frame->data;
  VideoFrame* raw = std::move(pooled).ReleaseRef();  // now owned by the AVBuffer below
  frame->buf[0] = av_buffer_create(raw->storage(), raw->storage_size(), &H264Decoder::FreeBuffer, raw, 0);
  if (frame->buf[0] == nullptr) {
    SharedVideoFrame::Adopt(raw);  // returns it to the pool
    return AVERROR(ENOMEM);
  }
  return 0;
}

void H264Decoder::FreeBuffer(void* opaque, uint8_t* /*data*/) {
  SharedVideoFrame::Adopt(static_cast<const VideoFrame*>(opaque));  // drops libavcodec's reference
}

Result<std::optional<SharedVideoFrame>> H264Decoder::Fail(Error error) {
  ++stats_.errors;
  keyframe_needed_ = true;
  return tl::unexpected(std::move(error));
}

Result<std::optional<SharedVideoFrame>> H264Decoder::Decode(std::span<const uint8_t> access_unit,
                                                            TimeDelta pts) {
  ++stats_.access_units;
  if (access_unit.empty()) return Fail({ErrorCode::kInvalidArgument, "h264 decode: empty access unit"});
  input_.resize(access_unit.size() + AV_INPUT_BUFFER_PADDING_SIZE);
  std::memcpy(input_.data(), access_unit.data(), access_unit.size());
  std::memset(input_.data() + access_unit.size(), 0, AV_INPUT_BUFFER_PADDING_SIZE);
  packet_->data = input_.data();
  packet_->size = static_cast<int>(access_unit.size());
  packet_->pts = pts.us();
  packet_->dts = AV_NOPTS_VALUE;

  int rc = avcodec_send_packet(context_.get(), packet_.get());
  if (rc < 0 && rc != AVERROR(EAGAIN)) {
    // Drain anyway so the next access unit starts clean.
    while (avcodec_receive_frame(context_.get(), frame_.get()) == 0) av_frame_unref(frame_.get());
    return Fail({ErrorCode::kInvalidArgument, "h264 decode: " + AvErrorText(rc)});
  }

  std::optional<SharedVideoFrame> picture;
  bool corrupt = false;
  std::optional<Error> error;
  while ((rc = avcodec_receive_frame(context_.get(), frame_.get())) == 0) {
    // Low delay gives at most one picture per access unit; should a stream make more, the
    // newest is the one worth showing.
    corrupt = corrupt || (frame_->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame_->decode_error_flags != 0;
    const bool keyframe = frame_->key_frame != 0;
    auto taken = TakePicture(frame_.get());
    av_frame_unref(frame_.get());
    if (!taken) {
      error = taken.error();
      continue;
    }
    if (!corrupt && keyframe) keyframe_needed_ = false;
    picture = std::move(*taken);
  }
  if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
    error = Error{ErrorCode::kInvalidArgument, "h264 decode: " + AvErrorText(rc)};
  if (!error && corrupt) error = Error{ErrorCode::kInvalidArgument, "h264 decode: corrupt picture"};
  if (error) return Fail(std::move(*error));
  if (!picture) return std::optional<SharedVideoFrame>();
  if (keyframe_needed_) {
    ++stats_.frozen;
    return std::optional<SharedVideoFrame>();
  }
  ++stats_.frames;
  return picture;
}

Result<SharedVideoFrame> H264Decoder::TakePicture(AVFrame* frame) {
  if (!IsI420(frame->format)) {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("h264 decode: unsupported pixel format ") + (name != nullptr ? name : "?"));
  }
  if (frame->width != last_width_ || frame->height != last_height_) {
    if (last_width_ != 0) ++stats_.size_changes;
    last_width_ = frame->width;
    last_height_ = frame->height;
  }

  const VideoFrame* pooled = nullptr;
  // In direct mode every 4:2:0 buffer comes from GetBuffer(), its opaque a VideoFrame.
  if (options_.buffer_mode == H264DecoderOptions::BufferMode::kDirect && frame->buf[0] != nullptr) {
    pooled = static_cast<const VideoFrame*>(av_buffer_get_opaque(frame->buf[0]));
  }
  // The direct path applies only if the picture is exactly the pooled frame: SPS cropping
  // at the top or left moves frame->data, and a picture size that differs from the
  // frame's means the buffer was sized for another one.
  if (pooled == nullptr || pooled->data(Plane::kY) != frame->data[0] || pooled->width() != frame->width ||
      pooled->height() != frame->height) {
    return CopyPicture(frame);
  }
  // libavcodec keeps its own reference while the picture is in the DPB, but never reads
  // these fields, and it outputs each picture once: writing them before the first reader
  // gets the frame is safe.
  VideoFrame* metadata = const_cast<VideoFrame*>(pooled);
  metadata->set_pts(TimeDelta::Micros(frame->pts));
  metadata->set_source_id(options_.source_id);
  metadata->set_frame_index(next_frame_index_++);
  return SharedVideoFrame::Retain(pooled);
}

Result<SharedVideoFrame> H264Decoder::CopyPicture(const AVFrame* frame) {
  WritableVideoFrame out = pool_.Acquire(frame->width, frame->height);
  if (!out) return MakeError(ErrorCode::kUnavailable, "h264 decode: frame pool exhausted");
  libyuv::I420Copy(frame->data[0], frame->linesize[0], frame->data[1], frame->linesize[1], frame->data[2],
                   frame->linesize[2], out->mutable_data(Plane::kY), out->stride(Plane::kY),
                   out->mutable_data(Plane::kU), out->stride(Plane::kU), out->mutable_data(Plane::kV),
                   out->stride(Plane::kV), frame->width, frame->height);
  out->set_pts(TimeDelta::Micros(frame->pts));
  out->set_source_id(options_.source_id);
  out->set_frame_index(next_frame_index_++);
  ++stats_.copied;
  return std::move(out).Share();
}

}  // namespace softmcu
