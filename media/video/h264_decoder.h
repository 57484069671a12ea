#pragma once
// H.264 decoder for ONE input stream, on FFmpeg's libavcodec. Each participant's stream
// gets its own decoder: no state is shared between instances, so a broken stream costs
// its own decoder an error and nothing else.
//
// Low delay: AV_CODEC_FLAG_LOW_DELAY and no frame threading (each frame thread adds a
// frame of latency); slice threads only if `thread_count` > 1. One Annex B access unit in,
// at most one picture out, in the same call.
//
// Zero copy by default: libavcodec decodes straight into frames of this decoder's
// VideoFramePool (a custom get_buffer2), so the picture a caller receives is the very
// buffer the decoder wrote; libavcodec keeps its own reference while the picture is in
// its DPB. `BufferMode::kCopy` lets libavcodec allocate and copies each picture once into
// a pooled frame instead (the bench measures the difference).
//
// Errors: a packet libavcodec rejects, a picture it marks corrupt, or an unsupported pixel
// format gives an Error and increments a counter; after an error no picture is returned
// until the next keyframe (IDR or recovery point) decodes cleanly: a frozen tile rather
// than a smeared one, and keyframe_needed() tells the caller to send a PLI.
//
// Threading: one thread at a time (the stream's worker). Returned frames may be read and
// released on any thread, and may outlive the decoder.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "media/video/shared_video_frame.h"
#include "media/video/video_frame_pool.h"

struct AVCodecContext;
struct AVFrame;
struct AVPacket;

namespace softmcu {

struct H264DecoderOptions {
  enum class BufferMode { kDirect, kCopy };

  // 1: decode on the caller's thread only. More means slice threads (never frame threads).
  int thread_count = 1;
  BufferMode buffer_mode = BufferMode::kDirect;
  // Stamped on every output frame.
  uint32_t source_id = 0;
  VideoFramePoolOptions pool{.max_frames_per_size = 32, .max_sizes = 1};
};

struct H264DecoderStats {
  uint64_t access_units = 0;
  uint64_t frames = 0;        // pictures returned
  uint64_t errors = 0;        // Decode() calls that returned an Error
  uint64_t frozen = 0;        // pictures decoded but withheld while waiting for a keyframe
  uint64_t copied = 0;        // pictures copied out of a libavcodec-owned buffer
  uint64_t size_changes = 0;  // output resolution changed mid-stream
};

class H264Decoder {
 public:
  // Only Create() can make the key: a decoder exists only once it opened successfully.
  class PassKey {
    friend class H264Decoder;
    PassKey() = default;
  };

  static Result<std::unique_ptr<H264Decoder>> Create(const H264DecoderOptions& options = {});
  H264Decoder(PassKey, const H264DecoderOptions& options);
  ~H264Decoder();
  H264Decoder(const H264Decoder&) = delete;
  H264Decoder& operator=(const H264Decoder&) = delete;

  // Decodes one Annex B access unit (start-code prefixed NAL units of one picture, SPS/PPS
  // included when the sender sends them). The bytes are copied before decoding (libavcodec
  // wants zeroed padding after its input), so `access_unit` need only live for the call.
  // Returns the picture, or nullopt when the unit produced none (parameter sets only, or
  // waiting for a keyframe). The frame carries `pts`, the source id and a frame index
  // counting returned pictures.
  Result<std::optional<SharedVideoFrame>> Decode(std::span<const uint8_t> access_unit, TimeDelta pts);

  // True from the start and after an error, until a keyframe decodes.
  bool keyframe_needed() const { return keyframe_needed_; }
  const H264DecoderStats& stats() const { return stats_; }

 private:
  Result<void> Open();
  Result<SharedVideoFrame> TakePicture(AVFrame* frame);
  Result<SharedVideoFrame> CopyPicture(const AVFrame* frame);
  Result<std::optional<SharedVideoFrame>> Fail(Error error);

  // libavcodec callbacks (AVCodecContext.get_buffer2 and the AVBuffer free function).
  static int GetBuffer(AVCodecContext* context, AVFrame* frame, int flags);
  static void FreeBuffer(void* opaque, uint8_t* data);

  struct ContextDeleter {
    void operator()(AVCodecContext* c) const;
  };
  struct FrameDeleter {
    void operator()(AVFrame* f) const;
  };
  struct PacketDeleter {
    void operator()(AVPacket* p) const;
  };

  const H264DecoderOptions options_;
  VideoFramePool pool_;  // declared before context_: the context's buffers return here
  std::unique_ptr<AVCodecContext, ContextDeleter> context_;
  std::unique_ptr<AVFrame, FrameDeleter> frame_;
  std::unique_ptr<AVPacket, PacketDeleter> packet_;
  std::vector<uint8_t> input_;  // the access unit plus AV_INPUT_BUFFER_PADDING_SIZE zeros
  bool keyframe_needed_ = true;
  int last_width_ = 0;
  int last_height_ = 0;
  uint64_t next_frame_index_ = 0;
  H264DecoderStats stats_;
};

}  // namespace softmcu
