#include "tools/loadgen/video_material.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "media/h264/h264_nalu.h"
#include "media/h264/h264_parameter_sets.h"
#include "media/h264/h264_slice_header.h"
#include "media/video/video_frame.h"
#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {

class VideoMaterialBuilder {
 public:
  static Result<void> Encode(VideoRendition& r, const VideoMaterialOptions& options);

 private:
  class Source;
  static Result<std::unique_ptr<H264Encoder>> MakeEncoder(const VideoRendition& r, const VideoMaterialOptions& options,
                                                          int qp);
  static Result<double> ProbeKbps(const VideoRendition& r, const VideoMaterialOptions& options, Source& source, int qp);
  static Result<void> AddAccessUnit(VideoRendition& r, std::span<const uint8_t> annex_b, bool keyframe,
                                    H264ParameterSets& sets);
};

namespace {

constexpr uint8_t kStartCode[] = {0, 0, 0, 1};
constexpr uint8_t kGrey = 128;

void AppendNalu(std::vector<uint8_t>& out, std::span<const uint8_t> nalu) {
  out.insert(out.end(), std::begin(kStartCode), std::end(kStartCode));
  out.insert(out.end(), nalu.begin(), nalu.end());
}

Error RenditionError(const VideoRendition& r, const std::string& what) {
  return Error{ErrorCode::kInternal, fmt::format("video material {}x{}: {}", r.spec().width, r.spec().height, what)};
}

}  // namespace

// The pictures the material is made of: a camera-like scene that costs an encoder what a
// camera does — a slow pan over gradients and a faint fine texture, plus a little sensor
// noise that differs in every frame — so at a fixed QP an IDR is 5-10 P frames, and P
// frames are steady. (A static pattern makes OpenH264's rate control starve nine frames
// and then spend 90 KB on the tenth; a strong texture makes IDRs 50 P frames.)
// The band and the guard row under it are flat grey and never change, so the encoder codes
// them as skipped blocks and motion search never finds anything there worth pointing at.
class VideoMaterialBuilder::Source {
 public:
  explicit Source(const StampGeometry& g) : g_(g), frame_(g.width(), g.height()), texture_(Size(g)) {
    uint32_t state = 0x1234567u;
    for (auto& t : texture_) {
      state = state * 1664525u + 1013904223u;
      t = static_cast<int8_t>(static_cast<int>(state >> 29) - 4);  // -4 .. 3: a faint grain
    }
    sx_.resize(static_cast<size_t>(g.width()));
    sy_.resize(static_cast<size_t>(g.height()));
  }

  const VideoFrame& Draw(uint64_t index, double fps) {
    const int w = frame_.width();
    const int h = frame_.height();
    const int top = std::min(h, g_.guarded_rows() * 16);
    for (int y = 0; y < top; ++y) std::memset(frame_.mutable_data(Plane::kY) + y * frame_.stride(Plane::kY), kGrey, w);
    for (Plane p : {Plane::kU, Plane::kV}) {
      for (int y = 0; y < top / 2; ++y) std::memset(frame_.mutable_data(p) + y * frame_.stride(p), kGrey, frame_.chroma_width());
    }
    // Pan 2 px per frame at 1280 wide (the same apparent speed at every size).
    const int64_t dx = static_cast<int64_t>(index) * std::max(1, 2 * w / 1280);
    const int64_t dy = dx / 2;
    for (int x = 0; x < w; ++x) sx_[static_cast<size_t>(x)] = std::sin(static_cast<double>(x + dx) * 0.031 * 1280 / w);
    for (int y = 0; y < h; ++y) sy_[static_cast<size_t>(y)] = std::sin(static_cast<double>(y + dy) * 0.023 * 720 / h);
    uint32_t noise = static_cast<uint32_t>(index) * 2654435761u + 7u;
    for (int y = top; y < h; ++y) {
      uint8_t* row = frame_.mutable_data(Plane::kY) + static_cast<ptrdiff_t>(y) * frame_.stride(Plane::kY);
      const int8_t* grain = texture_.data() + static_cast<size_t>((y + dy) % h) * static_cast<size_t>(w);
      for (int x = 0; x < w; ++x) {
        noise = noise * 1664525u + 1013904223u;
        const double v = 60.0 + 60.0 * x / w + 50.0 * sx_[static_cast<size_t>(x)] * sy_[static_cast<size_t>(y)] +
                         grain[(x + dx) % w] + static_cast<int>(noise >> 30) - 2;
        row[x] = static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
      }
    }
    for (int y = top / 2; y < frame_.chroma_height(); ++y) {
      uint8_t* u = frame_.mutable_data(Plane::kU) + static_cast<ptrdiff_t>(y) * frame_.stride(Plane::kU);
      uint8_t* v = frame_.mutable_data(Plane::kV) + static_cast<ptrdiff_t>(y) * frame_.stride(Plane::kV);
      for (int x = 0; x < frame_.chroma_width(); ++x) {
        u[x] = static_cast<uint8_t>(128 + 24 * sx_[static_cast<size_t>(std::min(2 * x, w - 1))]);
        v[x] = static_cast<uint8_t>(128 + 24 * sy_[static_cast<size_t>(std::min(2 * y, h - 1))]);
      }
    }
    frame_.set_pts(TimeDelta::Micros(static_cast<int64_t>(static_cast<double>(index) * 1e6 / fps)));
    return frame_;
  }

 private:
  static size_t Size(const StampGeometry& g) { return static_cast<size_t>(g.width()) * static_cast<size_t>(g.height()); }

  const StampGeometry& g_;
  VideoFrame frame_;
  std::vector<int8_t> texture_;
  std::vector<double> sx_;
  std::vector<double> sy_;
};

Result<void> VideoMaterialBuilder::AddAccessUnit(VideoRendition& r, std::span<const uint8_t> annex_b, bool keyframe,
                                                 H264ParameterSets& sets) {
  std::vector<std::span<const uint8_t>> nalus;
  H264AnnexBScanner scanner(annex_b);
  while (auto nalu = scanner.Next()) nalus.push_back(*nalu);
  size_t band = nalus.size();
  for (size_t i = 0; i < nalus.size(); ++i) {
    const H264NaluType type = H264NaluTypeOf(nalus[i][0]);
    if (type == H264NaluType::kSps || type == H264NaluType::kPps) {
      if (auto added = sets.Add(nalus[i]); !added) {
        return tl::unexpected(RenditionError(r, std::string("parameter set: ") + ToString(added.error())));
      }
    }
    if (IsH264SliceType(type)) {
      band = i;
      break;
    }
  }
  if (band + 1 >= nalus.size()) return tl::unexpected(RenditionError(r, "an access unit has fewer than two slices"));
  auto pair = sets.ForSlice(nalus[band].subspan(kH264NaluHeaderSize));
  const auto pps_id = H264ParameterSets::SlicePpsId(nalus[band].subspan(kH264NaluHeaderSize));
  if (!pair || !pps_id) return tl::unexpected(RenditionError(r, "a slice without its SPS/PPS"));
  const H264Pps& pps = *sets.pps(*pps_id);
  const H264Sps& sps = *sets.sps(pps.sps_id);
  // P_Skip in the band copies from list 0's first picture: with one reference frame that is
  // always the previous frame, whose band the sender wrote.
  if (sps.max_num_ref_frames != 1) return tl::unexpected(RenditionError(r, "the encoder uses more than one reference"));
  auto next = H264SliceHeader::Parse(nalus[band + 1], sps, pps);
  if (!next || next->first_mb_in_slice != static_cast<uint32_t>(r.geometry().band_macroblocks())) {
    return tl::unexpected(RenditionError(r, "the encoder's first slice is not exactly the stamp band"));
  }
  auto stamp = StampSliceTemplate::FromSlice(nalus[band], sps, pps);
  if (!stamp) return tl::unexpected(RenditionError(r, stamp.error().message));

  VideoRendition::Frame frame;
  frame.idr = keyframe;
  frame.stamp = *stamp;
  frame.band_slice_size = nalus[band].size() + sizeof(kStartCode);
  frame.prefix_offset = r.bytes_.size();
  for (size_t i = 0; i < band; ++i) AppendNalu(r.bytes_, nalus[i]);
  frame.prefix_size = r.bytes_.size() - frame.prefix_offset;
  frame.rest_offset = r.bytes_.size();
  for (size_t i = band + 1; i < nalus.size(); ++i) AppendNalu(r.bytes_, nalus[i]);
  frame.rest_size = r.bytes_.size() - frame.rest_offset;
  r.max_access_unit_size_ = std::max(r.max_access_unit_size_, frame.prefix_size + frame.rest_size +
                                                                   StampSliceWriter::MaxSliceSize(r.geometry()));
  r.frames_.push_back(frame);
  return {};
}

Result<std::unique_ptr<H264Encoder>> VideoMaterialBuilder::MakeEncoder(const VideoRendition& r,
                                                                        const VideoMaterialOptions& options, int qp) {
  const StampGeometry& g = r.geometry();
  H264EncoderOptions eo;
  eo.width = r.spec().width;
  eo.height = r.spec().height;
  eo.max_fps = options.fps;
  eo.target_bitrate = r.spec().bitrate;
  eo.idr_interval = options.idr_interval;
  eo.complexity = options.complexity;
  eo.slice_mode = H264EncoderOptions::SliceMode::kRows;
  const int rest_rows = g.mb_height() - g.band_mb_rows();
  eo.slice_rows = {g.band_mb_rows(), std::max(1, (rest_rows + 3) / 4)};
  eo.loop_filter = H264EncoderOptions::LoopFilter::kOnExceptSliceEdges;
  eo.scene_change_detection = false;  // IDRs exactly every idr_interval frames
  eo.constant_qp = qp;
  return H264Encoder::Create(eo);
}

// The loop's rate at `qp`, from its first frames (an IDR and the P frames up to the next).
Result<double> VideoMaterialBuilder::ProbeKbps(const VideoRendition& r, const VideoMaterialOptions& options,
                                               Source& source, int qp) {
  auto encoder = MakeEncoder(r, options, qp);
  if (!encoder) return tl::unexpected(encoder.error());
  const int frames = std::min(options.loop_frames, options.idr_interval > 0 ? options.idr_interval : 60);
  size_t bytes = 0;
  for (int i = 0; i < frames; ++i) {
    auto encoded = (*encoder)->Encode(source.Draw(static_cast<uint64_t>(i), options.fps));
    if (!encoded) return tl::unexpected(encoded.error());
    bytes += encoded->data.size();
  }
  return static_cast<double>(bytes) * 8.0 * options.fps / frames / 1000.0;
}

// Rate control is off: the QP is chosen so the loop's mean rate meets the rendition's.
// Rate falls roughly exponentially with QP (halving every ~6 steps): a few probes, each QP
// from the secant through the last two in the log domain, and the closest probe wins.
Result<void> VideoMaterialBuilder::Encode(VideoRendition& r, const VideoMaterialOptions& options) {
  Source source(r.geometry());
  const double target = std::log2(static_cast<double>(r.spec().bitrate.bps()) / 1000.0);
  constexpr int kMinQp = 10, kMaxQp = 48, kProbes = 5;
  constexpr double kCloseEnough = 0.1;  // log2 units: within 7 %
  std::map<int, double> probed;         // QP → log2 kbps
  int qp = 30;
  for (int n = 0; n < kProbes && !probed.count(qp); ++n) {
    auto kbps = ProbeKbps(r, options, source, qp);
    if (!kbps) return tl::unexpected(RenditionError(r, kbps.error().message));
    probed[qp] = std::log2(std::max(*kbps, 1.0));
    if (std::abs(probed[qp] - target) < kCloseEnough) break;
    double slope = -1.0 / 6;  // log2 rate per QP step, until two probes tell better
    if (probed.size() >= 2) {
      auto hi = probed.upper_bound(qp);
      auto lo = probed.lower_bound(qp);
      auto other = hi != probed.end() ? hi : (lo != probed.begin() ? std::prev(lo) : lo);
      if (other->first != qp) slope = std::min(-0.02, (other->second - probed[qp]) / (other->first - qp));
    }
    qp = std::clamp(static_cast<int>(std::lround(qp + (target - probed[qp]) / slope)), kMinQp, kMaxQp);
  }
  qp = std::min_element(probed.begin(), probed.end(), [&](const auto& a, const auto& b) {
         return std::abs(a.second - target) < std::abs(b.second - target);
       })->first;
  r.qp_ = qp;
  auto encoder = MakeEncoder(r, options, qp);
  if (!encoder) return tl::unexpected(RenditionError(r, encoder.error().message));
  H264ParameterSets sets;
  r.frames_.reserve(static_cast<size_t>(options.loop_frames));
  for (int i = 0; i < options.loop_frames; ++i) {
    if (i == 0) (*encoder)->RequestKeyframe();
    auto encoded = (*encoder)->Encode(source.Draw(static_cast<uint64_t>(i), options.fps));
    if (!encoded) return tl::unexpected(RenditionError(r, encoded.error().message));
    if (encoded->skipped) return tl::unexpected(RenditionError(r, "the encoder skipped a frame"));
    if (i == 0 && !encoded->keyframe) return tl::unexpected(RenditionError(r, "the loop does not start with an IDR"));
    if (auto added = AddAccessUnit(r, encoded->data, encoded->keyframe, sets); !added) return added;
  }
  return {};
}

size_t VideoRendition::IdrAtOrBefore(size_t index) const {
  index = std::min(index, frames_.size() - 1);
  while (index > 0 && !frames_[index].idr) --index;
  return index;
}

size_t VideoRendition::max_idr_size() const {
  size_t size = 0;
  for (const auto& f : frames_) {
    if (f.idr) size = std::max(size, f.prefix_size + f.rest_size + f.band_slice_size);
  }
  return size;
}

size_t VideoRendition::mean_p_frame_size() const {
  size_t bytes = 0, count = 0;
  for (const auto& f : frames_) {
    if (!f.idr) bytes += f.rest_size + f.band_slice_size, ++count;
  }
  return count ? bytes / count : 0;
}

DataRate VideoRendition::encoded_bitrate() const {
  size_t bytes = 0;
  for (const auto& f : frames_) bytes += f.prefix_size + f.rest_size;
  if (frames_.empty()) return DataRate::BitsPerSec(0);
  return DataRate::BitsPerSec(static_cast<int64_t>(bytes * 8 * fps_ / static_cast<double>(frames_.size())));
}

Result<std::unique_ptr<VideoMaterial>> VideoMaterial::Build(const VideoMaterialOptions& options) {
  if (options.renditions.empty() || options.renditions.size() > StampCode::kMaxRenditions) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("video material: 1 to {} renditions, not {}", StampCode::kMaxRenditions,
                                 options.renditions.size()));
  }
  if (options.loop_frames < 1 || options.fps <= 0 || options.fps > 60 || options.idr_interval < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "video material: loop frames >= 1, fps in (0, 60], IDR interval >= 0");
  }
  auto material = std::make_unique<VideoMaterial>();
  material->fps_ = options.fps;
  for (size_t i = 0; i < options.renditions.size(); ++i) {
    const RenditionSpec& spec = options.renditions[i];
    auto geometry = StampGeometry::For(spec.width, spec.height);
    if (!geometry || spec.width % 2 || spec.height % 2 || spec.width > 4096 || spec.height > 2304 ||
        spec.bitrate.bps() <= 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("video material: rendition {}x{} at {} kbps: sizes must be even, from 320x144 "
                                   "to 4096x2304, with a positive bitrate",
                                   spec.width, spec.height, spec.bitrate.kbps()));
    }
    material->renditions_.push_back(std::make_unique<VideoRendition>(static_cast<int>(i), spec, *geometry, options.fps));
  }
  // Renditions are independent: encode them on a few threads (start-up time only).
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::optional<Error> failure;
  auto work = [&] {
    for (size_t i = next++; i < material->renditions_.size(); i = next++) {
      if (auto done = VideoMaterialBuilder::Encode(*material->renditions_[i], options); !done) {
        std::lock_guard lock(mutex);
        if (!failure) failure = done.error();
      }
    }
  };
  const int threads = std::clamp(options.threads, 1, static_cast<int>(material->renditions_.size()));
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  if (failure) return tl::unexpected(*failure);
  return material;
}

size_t VideoMaterial::ChooseRendition(DataRate limit) const {
  size_t best = 0;
  bool found = false;
  size_t smallest = 0;
  for (size_t i = 0; i < renditions_.size(); ++i) {
    const RenditionSpec& s = renditions_[i]->spec();
    const RenditionSpec& low = renditions_[smallest]->spec();
    if (s.bitrate < low.bitrate) smallest = i;
    if (s.bitrate > limit) continue;
    const RenditionSpec& b = renditions_[best]->spec();
    if (!found || s.bitrate > b.bitrate || (s.bitrate == b.bitrate && s.width * s.height > b.width * b.height)) {
      best = i;
      found = true;
    }
  }
  return found ? best : smallest;
}

size_t VideoMaterial::max_access_unit_size() const {
  size_t size = 0;
  for (const auto& r : renditions_) size = std::max(size, r->max_access_unit_size());
  return size;
}

}  // namespace softmcu::loadgen
