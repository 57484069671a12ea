#pragma once
// The video every synthetic endpoint sends, encoded ONCE at start-up: per rendition
// (1280x720, 640x360, 320x180 by default) a loop of frames of a camera-like panning scene,
// encoded with H264Encoder (OpenH264) at a constant QP chosen so the loop's mean rate is
// the rendition's bitrate (steady frame sizes, IDRs 5-10 P frames, like a camera's). Encoding per endpoint
// per frame would make the generator the bottleneck; with the material shared, an
// endpoint's frame costs a stamp slice (StampSliceWriter), packetization and SRTP.
//
// Each picture is cut into slices by macroblock rows so that its first slice is exactly the
// stamp band (StampGeometry): the sender swaps that slice for its own per-endpoint stamp.
// The band and one guard row under it are flat grey and static in the source frames, and
// the encoder deblocks except across slice edges, so the encoder's picture below never
// depends on the band's pixels (a test decodes with and without stamps and compares).
//
// IDRs start the loop and repeat every `idr_interval` frames, at the same indices in every
// rendition: a keyframe request or a rendition switch jumps to the IDR at or before the
// current index (content repeats a little; the stamp's sequence number keeps counting).
//
// Immutable after Build(); shared read-only by every endpoint on every thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "media/video/h264_encoder.h"
#include "tools/loadgen/stamp_geometry.h"
#include "tools/loadgen/stamp_slice_writer.h"

namespace softmcu::loadgen {

struct RenditionSpec {
  int width = 1280;
  int height = 720;
  DataRate bitrate = DataRate::KilobitsPerSec(1500);
};

struct VideoMaterialOptions {
  // At most StampCode::kMaxRenditions; any order (kept: the stamp carries the index).
  std::vector<RenditionSpec> renditions = {{1280, 720, DataRate::KilobitsPerSec(1500)},
                                           {640, 360, DataRate::KilobitsPerSec(600)},
                                           {320, 180, DataRate::KilobitsPerSec(200)}};
  double fps = 30;
  int loop_frames = 300;   // 10 s
  int idr_interval = 60;   // frames; 0 = only the loop's first frame
  H264EncoderOptions::Complexity complexity = H264EncoderOptions::Complexity::kLow;
  // Encode renditions on this many threads at once (start-up time only).
  int threads = 2;
};

class VideoRendition {
 public:
  struct Frame {
    bool idr = false;
    // Annex B byte ranges in bytes(): the NAL units before the band slice (SPS and PPS
    // before an IDR) and the slices after it.
    size_t prefix_offset = 0;
    size_t prefix_size = 0;
    size_t rest_offset = 0;
    size_t rest_size = 0;
    size_t band_slice_size = 0;  // the encoder's own band slice, replaced when sending
    StampSliceTemplate stamp;
  };

  VideoRendition(int index, RenditionSpec spec, StampGeometry geometry, double fps)
      : index_(index), spec_(spec), geometry_(geometry), fps_(fps) {}

  int index() const { return index_; }
  const RenditionSpec& spec() const { return spec_; }
  const StampGeometry& geometry() const { return geometry_; }
  size_t frame_count() const { return frames_.size(); }
  const Frame& frame(size_t i) const { return frames_[i]; }
  std::span<const uint8_t> prefix(const Frame& f) const { return {bytes_.data() + f.prefix_offset, f.prefix_size}; }
  std::span<const uint8_t> rest(const Frame& f) const { return {bytes_.data() + f.rest_offset, f.rest_size}; }
  // The IDR at or before `index` (the loop starts with one).
  size_t IdrAtOrBefore(size_t index) const;
  // Largest access unit once a stamp slice is put in: prefix + stamp + rest.
  size_t max_access_unit_size() const { return max_access_unit_size_; }
  // What the loop really costs: its bytes over its duration (band slice excluded).
  DataRate encoded_bitrate() const;
  // The constant QP the loop was encoded at (chosen to meet the rendition's bitrate).
  int qp() const { return qp_; }
  // The largest IDR and the mean P frame, in bytes (what a policer's burst must hold).
  size_t max_idr_size() const;
  size_t mean_p_frame_size() const;

 private:
  friend class VideoMaterialBuilder;

  int index_;
  RenditionSpec spec_;
  StampGeometry geometry_;
  double fps_;
  std::vector<uint8_t> bytes_;
  std::vector<Frame> frames_;
  size_t max_access_unit_size_ = 0;
  int qp_ = 0;
};

class VideoMaterial {
 public:
  static Result<std::unique_ptr<VideoMaterial>> Build(const VideoMaterialOptions& options);

  size_t rendition_count() const { return renditions_.size(); }
  const VideoRendition& rendition(size_t i) const { return *renditions_[i]; }
  double fps() const { return fps_; }
  TimeDelta frame_interval() const { return TimeDelta::Micros(static_cast<int64_t>(1e6 / fps_)); }
  size_t loop_frames() const { return renditions_.empty() ? 0 : renditions_[0]->frame_count(); }
  // The rendition to send under a bitrate limit: the largest nominal bitrate that fits,
  // else the smallest. Ties go to the larger picture.
  size_t ChooseRendition(DataRate limit) const;
  // The largest access unit of any rendition.
  size_t max_access_unit_size() const;

 private:
  friend class VideoMaterialBuilder;
  double fps_ = 30;
  std::vector<std::unique_ptr<VideoRendition>> renditions_;
};

}  // namespace softmcu::loadgen
