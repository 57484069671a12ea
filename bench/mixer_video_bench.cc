// Video figures for `softmcu-bench mixer`: what composing a conference's picture costs on
// one core, and what a whole output tick costs against the codecs it cannot avoid.
//
//   - compose: 9 different textured 720p sources into a 3x3 1280x720 view (VideoMixer,
//     labels on unless said), ms of CPU per output frame:
//       * every tile new each tick (every source sends 30 fps), per scaling policy, with the
//         canvas's PSNR against the same canvas scaled with libswscale Lanczos (labels off
//         for these, so only the scaling differs);
//       * one tile new per tick, the canvas redrawn in place (the encoder let go of it);
//       * one tile new per tick while the caller holds the previous canvas (an encoder on
//         another thread): the previous canvas is copied forward first;
//   - conference tick: 9 H.264 decodes (720p, 2 Mbps streams made at start with OpenH264)
//     each followed by SourceReducer (what the decode worker does) + SetSourceFrame, then
//     Compose + 1 OpenH264 encode of the canvas at 2 Mbps, all on one thread, against the
//     floor of the same 9 decodes with a bare libavcodec loop and 1 encode of the same
//     canvases with bare OpenH264 calls (issue 4: ratio <= 1.25).
//
// Noise: thread CPU time; each figure is the median of kRounds rounds; the paths being
// compared alternate within a round (A,B then B,A) so neither always runs first or warm.

#include <wels/codec_api.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include "bench/suites.h"
#include "core/check.h"
#include "media/video/h264_decoder.h"
#include "media/video/h264_encoder.h"
#include "media/video/test_pattern.h"
#include "media/video/video_frame_pool.h"
#include "media/video/video_quality.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/video/paint.h"
#include "mixer/video/source_reducer.h"
#include "mixer/video/video_mixer.h"

namespace softmcu::bench {
namespace {

constexpr int kRounds = 10;
constexpr int kSources = 9;
constexpr CanvasSize kCanvas{1280, 720};
constexpr DataRate kRate = DataRate::KilobitsPerSec(2000);
constexpr TimeDelta kTick = TimeDelta::Micros(33'333);

// Provincial, district and commune sites, as the labels of a real meeting would read.
const char* const kSiteNames[kSources] = {
    "UBND tỉnh Thanh Hóa",  "UBND huyện Triệu Sơn", "Xã Dân Lực",
    "Sở Tài nguyên và Môi trường", "Huyện Nga Sơn", "Thị xã Bỉm Sơn",
    "Huyện Quảng Xương",    "Xã Thọ Dân",           "Thành phố Sầm Sơn"};

std::unique_ptr<VideoMixer> MakeMixer(const ScalePolicy& policy, LabelMode labels) {
  VideoMixerConfig config;
  config.style.scale = policy;
  config.style.labels = labels;
  auto mixer = VideoMixer::Create(config);
  SOFTMCU_CHECK(mixer.has_value());
  const Layout layout = *BuiltInLayout("3x3");
  std::vector<TileParticipant> roster;
  for (ParticipantId id = 1; id <= kSources; ++id) {
    SOFTMCU_CHECK((*mixer)->AddSource(id, kSiteNames[id - 1]).has_value());
    roster.push_back({id, id == 1 ? ParticipantRole::kChair : ParticipantRole::kBranch});
  }
  const TileAssignment assignment = *TileAssigner(layout).Assign({.participants = roster});
  const std::vector<ReceiverView> receivers = {{100, {layout, assignment, kCanvas, kRate}}};
  SOFTMCU_CHECK((*mixer)->SetViews(receivers).has_value());
  (*mixer)->SetHighlight(2);
  return std::move(*mixer);
}

// Two textured pictures per source, alternating, so that every tick brings new pictures
// and the caches see a conference's working set (18 x 1.4 MB).
std::vector<SharedVideoFrame> MakePictures(VideoFramePool& pool) {
  std::vector<SharedVideoFrame> pictures;
  for (uint32_t s = 0; s < kSources; ++s) {
    for (uint64_t i = 0; i < 2; ++i) {
      WritableVideoFrame frame = pool.Acquire(kCanvas.width, kCanvas.height);
      SOFTMCU_CHECK(frame);
      DrawTestPattern(frame->mutable_view(), s, 7 * s + i, PatternTexture::kTextured);
      pictures.push_back(std::move(frame).Share());
    }
  }
  return pictures;
}

enum class Consumer { kReleases, kHoldsPrevious };

struct ComposeRun {
  int ticks = 0;
  int new_per_tick = kSources;
  Consumer consumer = Consumer::kReleases;
};

// CPU ms per output tick of feeding `new_per_tick` new pictures and composing.
double ComposeMs(VideoMixer& mixer, const std::vector<SharedVideoFrame>& pictures, const ComposeRun& run,
                 Timestamp& now) {
  SharedVideoFrame held;
  double cpu = 0;
  for (int t = 0; t < run.ticks; ++t, now += kTick) {
    const double start = ThreadCpuSeconds();
    for (int k = 0; k < run.new_per_tick; ++k) {
      const int s = (t * run.new_per_tick + k) % kSources;
      mixer.SetSourceFrame(static_cast<ParticipantId>(s + 1), pictures[2 * s + (t + k) % 2]);
    }
    const auto outputs = mixer.Compose(now);
    if (run.consumer == Consumer::kHoldsPrevious) held = outputs[0].canvas;
    cpu += ThreadCpuSeconds() - start;
  }
  return cpu * 1000 / run.ticks;
}

SharedVideoFrame ComposeOnce(VideoMixer& mixer, const std::vector<SharedVideoFrame>& pictures, Timestamp now) {
  for (int s = 0; s < kSources; ++s) mixer.SetSourceFrame(static_cast<ParticipantId>(s + 1), pictures[2 * s]);
  return mixer.Compose(now)[0].canvas;
}

void RunComposeBench(const SuiteOptions& options, BenchReport& report) {
  VideoFramePool pool({.max_frames_per_size = 2 * kSources, .max_sizes = 1});
  const auto pictures = MakePictures(pool);
  struct Policy {
    const char* name;
    ScalePolicy policy;
  };
  const Policy policies[] = {
      {"default: 2x box halvings, then libyuv bilinear", ScalePolicy{}},
      {"libyuv bilinear", {ScaleFilter::kLibyuvBilinear, Prefilter::kNone}},
      {"libyuv box", {ScaleFilter::kLibyuvBox, Prefilter::kNone}},
      {"swscale fast bilinear", {ScaleFilter::kSwscaleFastBilinear, Prefilter::kNone}},
      {"swscale bilinear", {ScaleFilter::kSwscaleBilinear, Prefilter::kNone}},
  };
  constexpr size_t kPolicies = std::size(policies);
  const auto lanczos = MakeMixer({ScaleFilter::kSwscaleLanczos, Prefilter::kNone}, LabelMode::kHidden);
  const SharedVideoFrame reference = ComposeOnce(*lanczos, pictures, Timestamp::Seconds(1));

  std::vector<std::unique_ptr<VideoMixer>> mixers;
  for (const Policy& p : policies) mixers.push_back(MakeMixer(p.policy, LabelMode::kHidden));
  const auto labelled = MakeMixer(ScalePolicy{}, LabelMode::kShown);
  std::vector<Timestamp> clocks(kPolicies + 1, Timestamp::Seconds(1));
  const int ticks = Iterations(options, 30);
  for (size_t m = 0; m < kPolicies; ++m) ComposeMs(*mixers[m], pictures, {2, kSources}, clocks[m]);  // warm
  ComposeMs(*labelled, pictures, {2, kSources}, clocks[kPolicies]);

  // Every round runs every policy, in a rotating order.
  std::vector<std::vector<double>> policy_ms(kPolicies + 1);
  std::vector<double> one_in_place, one_copied, all_held;
  for (int round = 0; round < kRounds; ++round) {
    for (size_t k = 0; k <= kPolicies; ++k) {
      const size_t m = (k + static_cast<size_t>(round)) % (kPolicies + 1);
      VideoMixer& mixer = m < kPolicies ? *mixers[m] : *labelled;
      policy_ms[m].push_back(ComposeMs(mixer, pictures, {ticks, kSources}, clocks[m]));
    }
    Timestamp& now = clocks[kPolicies];
    const int incremental_ticks = 3 * ticks;
    if (round % 2 == 0) {
      one_in_place.push_back(ComposeMs(*labelled, pictures, {incremental_ticks, 1}, now));
      one_copied.push_back(ComposeMs(*labelled, pictures, {incremental_ticks, 1, Consumer::kHoldsPrevious}, now));
    } else {
      one_copied.push_back(ComposeMs(*labelled, pictures, {incremental_ticks, 1, Consumer::kHoldsPrevious}, now));
      one_in_place.push_back(ComposeMs(*labelled, pictures, {incremental_ticks, 1}, now));
    }
    all_held.push_back(ComposeMs(*labelled, pictures, {ticks, kSources, Consumer::kHoldsPrevious}, now));
  }

  const std::string prefix = "compose 9x720p->3x3 1280x720, ";
  for (size_t m = 0; m < kPolicies; ++m) {
    const std::string name = prefix + "all 9 new, " + policies[m].name;
    report.Add(name + ", labels off ms/frame", Median(policy_ms[m]), "ms");
    const SharedVideoFrame canvas = ComposeOnce(*mixers[m], pictures, clocks[m] += kTick);
    report.Add(name + " PSNR vs lanczos", I420Psnr(canvas->view(), reference->view()), "dB");
  }
  report.Add(prefix + "all 9 new, default, labels on ms/frame", Median(policy_ms[kPolicies]), "ms");
  report.Add(prefix + "all 9 new, encoder holds the previous canvas ms/frame", Median(all_held), "ms");
  report.Add(prefix + "1 of 9 new, redrawn in place ms/frame", Median(one_in_place), "ms");
  report.Add(prefix + "1 of 9 new, encoder holds the previous canvas (copy forward) ms/frame", Median(one_copied),
             "ms");
}

// --- One conference tick against its codec floor -------------------------------------

using Stream = std::vector<std::vector<uint8_t>>;  // access units

std::vector<Stream> MakeStreams(int frames) {
  VideoFramePool pool({.max_frames_per_size = 2, .max_sizes = 1});
  std::vector<Stream> streams(kSources);
  for (uint32_t s = 0; s < kSources; ++s) {
    H264EncoderOptions options;
    options.target_bitrate = kRate;
    auto encoder = H264Encoder::Create(options);
    SOFTMCU_CHECK(encoder.has_value());
    for (int i = 0; i < frames; ++i) {
      WritableVideoFrame picture = pool.Acquire(kCanvas.width, kCanvas.height);
      DrawTestPattern(picture->mutable_view(), s, static_cast<uint64_t>(i), PatternTexture::kTextured);
      picture->set_pts(kTick * i);
      auto unit = (*encoder)->Encode(*picture);
      SOFTMCU_CHECK(unit.has_value() && !unit->skipped);
      streams[s].emplace_back(unit->data.begin(), unit->data.end());
    }
  }
  return streams;
}

// softmcu's tick: decoders into pooled frames, a SourceReducer after each (the decode
// worker's part of composing), the mixer, the encoder. CPU ms per tick, all on this thread.
// `canvases` (if given) receives a copy of every canvas, for the floor to encode.
enum class Reduce { kOnDecode, kNo };

double SoftmcuTicks(const std::vector<Stream>& streams, VideoMixer& mixer, Reduce reduce, Timestamp& now,
                    std::vector<std::unique_ptr<VideoFrame>>* canvases) {
  std::vector<std::unique_ptr<H264Decoder>> decoders;
  std::vector<std::unique_ptr<SourceReducer>> reducers;
  for (uint32_t s = 0; s < kSources; ++s) {
    decoders.push_back(std::move(*H264Decoder::Create({.source_id = s})));
    reducers.push_back(std::make_unique<SourceReducer>());
  }
  H264EncoderOptions options;
  options.target_bitrate = kRate;
  auto encoder = std::move(*H264Encoder::Create(options));
  const size_t frames = streams[0].size();
  double cpu = 0;
  for (size_t t = 0; t < frames; ++t, now += kTick) {
    const double start = ThreadCpuSeconds();
    for (size_t s = 0; s < kSources; ++s) {
      auto picture = decoders[s]->Decode(streams[s][t], kTick * static_cast<int64_t>(t));
      SOFTMCU_CHECK(picture.has_value() && picture->has_value());
      const auto id = static_cast<ParticipantId>(s + 1);
      // What the conference's decode worker does: shrink to what the views need while
      // the picture is in cache (the demand is plain data the worker was given).
      mixer.SetSourceFrame(id, reduce == Reduce::kOnDecode ? reducers[s]->Reduce(std::move(**picture), mixer.DemandFor(id))
                                                           : std::move(**picture));
    }
    const auto outputs = mixer.Compose(now);
    const auto encoded = encoder->Encode(*outputs[0].canvas);
    SOFTMCU_CHECK(encoded.has_value());
    cpu += ThreadCpuSeconds() - start;
    if (canvases != nullptr) {
      canvases->push_back(std::make_unique<VideoFrame>(kCanvas.width, kCanvas.height));
      CopyRect(outputs[0].canvas->view(), canvases->back()->mutable_view(), {0, 0, kCanvas.width, kCanvas.height});
    }
  }
  return cpu * 1000 / static_cast<double>(frames);
}

// The reference encoder: bare OpenH264 with the settings H264Encoder uses
// (media/video/h264_encoder.cc), spelled out so that the floor runs none of our code.
ISVCEncoder* OpenBareEncoder() {
  ISVCEncoder* encoder = nullptr;
  SOFTMCU_CHECK(WelsCreateSVCEncoder(&encoder) == 0 && encoder != nullptr);
  int quiet = WELS_LOG_ERROR;  // as H264Encoder routes its warnings to the debug log
  encoder->SetOption(ENCODER_OPTION_TRACE_LEVEL, &quiet);
  SEncParamExt param;
  std::memset(&param, 0, sizeof(param));
  encoder->GetDefaultParams(&param);
  param.iUsageType = CAMERA_VIDEO_REAL_TIME;
  param.iPicWidth = kCanvas.width;
  param.iPicHeight = kCanvas.height;
  param.fMaxFrameRate = 30;
  param.iRCMode = RC_BITRATE_MODE;
  param.iTargetBitrate = static_cast<int>(kRate.bps());
  param.iMaxBitrate = static_cast<int>(kRate.bps() * 5 / 4);
  param.bEnableFrameSkip = false;
  param.iComplexityMode = LOW_COMPLEXITY;
  param.uiIntraPeriod = 0;
  param.iNumRefFrame = 1;
  param.eSpsPpsIdStrategy = CONSTANT_ID;
  param.iEntropyCodingModeFlag = 0;
  param.iMultipleThreadIdc = 1;
  param.bEnableDenoise = false;
  SSpatialLayerConfig& layer = param.sSpatialLayers[0];
  layer.iVideoWidth = kCanvas.width;
  layer.iVideoHeight = kCanvas.height;
  layer.fFrameRate = 30;
  layer.iSpatialBitrate = param.iTargetBitrate;
  layer.iMaxSpatialBitrate = param.iMaxBitrate;
  layer.uiProfileIdc = PRO_BASELINE;
  layer.uiLevelIdc = LEVEL_3_1;
  layer.sSliceArgument.uiSliceMode = SM_SIZELIMITED_SLICE;
  layer.sSliceArgument.uiSliceSizeConstraint = 1150;
  SOFTMCU_CHECK(encoder->InitializeExt(&param) == cmResultSuccess);
  int format = videoFormatI420;
  encoder->SetOption(ENCODER_OPTION_DATAFORMAT, &format);
  return encoder;
}

// The floor: the same 9 streams through bare libavcodec loops and the same canvases
// through bare OpenH264. CPU ms per tick.
double FloorTicks(const std::vector<Stream>& streams, const std::vector<std::unique_ptr<VideoFrame>>& canvases) {
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
  std::vector<AVCodecContext*> decoders;
  for (int s = 0; s < kSources; ++s) {
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->thread_count = 1;
    context->flags |= AV_CODEC_FLAG_LOW_DELAY;
    SOFTMCU_CHECK(avcodec_open2(context, codec, nullptr) == 0);
    decoders.push_back(context);
  }
  ISVCEncoder* encoder = OpenBareEncoder();
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  std::vector<std::vector<uint8_t>> inputs(kSources);
  const size_t frames = streams[0].size();
  double cpu = 0;
  for (size_t t = 0; t < frames; ++t) {
    for (int s = 0; s < kSources; ++s) {  // libavcodec wants zeroed padding after its input
      inputs[s].assign(streams[s][t].begin(), streams[s][t].end());
      inputs[s].resize(streams[s][t].size() + AV_INPUT_BUFFER_PADDING_SIZE, 0);
    }
    const double start = ThreadCpuSeconds();
    for (int s = 0; s < kSources; ++s) {
      packet->data = inputs[s].data();
      packet->size = static_cast<int>(streams[s][t].size());
      SOFTMCU_CHECK(avcodec_send_packet(decoders[s], packet) == 0);
      SOFTMCU_CHECK(avcodec_receive_frame(decoders[s], frame) == 0);
      av_frame_unref(frame);
    }
    const VideoFrame& canvas = *canvases[t];
    SSourcePicture picture;
    std::memset(&picture, 0, sizeof(picture));
    picture.iColorFormat = videoFormatI420;
    picture.iPicWidth = canvas.width();
    picture.iPicHeight = canvas.height();
    for (int p = 0; p < 3; ++p) {
      picture.iStride[p] = canvas.stride(static_cast<Plane>(p));
      picture.pData[p] = const_cast<uint8_t*>(canvas.data(static_cast<Plane>(p)));
    }
    picture.uiTimeStamp = static_cast<long long>(t * 33);
    SFrameBSInfo info;
    std::memset(&info, 0, sizeof(info));
    SOFTMCU_CHECK(encoder->EncodeFrame(&picture, &info) == cmResultSuccess);
    cpu += ThreadCpuSeconds() - start;
  }
  av_frame_free(&frame);
  av_packet_free(&packet);
  for (AVCodecContext* context : decoders) avcodec_free_context(&context);
  encoder->Uninitialize();
  WelsDestroySVCEncoder(encoder);
  return cpu * 1000 / static_cast<double>(frames);
}

void RunTickBench(const SuiteOptions& options, BenchReport& report) {
  const std::vector<Stream> streams = MakeStreams(Iterations(options, 45));
  struct Candidate {
    const char* name;
    ScalePolicy policy;
    Reduce reduce;
  };
  const Candidate candidates[] = {
      {"default, sources reduced on decode", ScalePolicy{}, Reduce::kOnDecode},
      {"default, all in the mixer", ScalePolicy{}, Reduce::kNo},
      {"libyuv box", {ScaleFilter::kLibyuvBox, Prefilter::kNone}, Reduce::kNo},
      {"libyuv bilinear", {ScaleFilter::kLibyuvBilinear, Prefilter::kNone}, Reduce::kNo},
      {"swscale fast bilinear", {ScaleFilter::kSwscaleFastBilinear, Prefilter::kNone}, Reduce::kNo},
  };
  constexpr size_t kCandidates = std::size(candidates);
  std::vector<std::unique_ptr<VideoMixer>> mixers;
  for (const Candidate& c : candidates) mixers.push_back(MakeMixer(c.policy, LabelMode::kShown));
  Timestamp now = Timestamp::Seconds(1);
  std::vector<std::unique_ptr<VideoFrame>> canvases;
  // Warm, and the canvases the floor encodes.
  SoftmcuTicks(streams, *mixers[0], candidates[0].reduce, now, &canvases);
  for (size_t c = 1; c < kCandidates; ++c) SoftmcuTicks(streams, *mixers[c], candidates[c].reduce, now, nullptr);
  // Every round runs the floor and every candidate, in a rotating order.
  std::vector<std::vector<double>> ms(kCandidates + 1);
  for (int round = 0; round < kRounds; ++round) {
    for (size_t k = 0; k <= kCandidates; ++k) {
      const size_t c = (k + static_cast<size_t>(round)) % (kCandidates + 1);
      ms[c].push_back(c == kCandidates ? FloorTicks(streams, canvases)
                                       : SoftmcuTicks(streams, *mixers[c], candidates[c].reduce, now, nullptr));
    }
  }
  const double floor = Median(ms[kCandidates]);

  // Quality on what a conference really scales: decoded 2 Mbps pictures (the encoder has
  // already removed much of the fine detail a 2-tap filter would alias).
  std::vector<SharedVideoFrame> decoded;
  for (uint32_t s = 0; s < kSources; ++s) {
    auto decoder = std::move(*H264Decoder::Create({.source_id = s}));
    SharedVideoFrame last;
    for (size_t t = 0; t < streams[s].size(); ++t) {
      auto picture = decoder->Decode(streams[s][t], kTick * static_cast<int64_t>(t));
      if (picture && *picture) last = std::move(**picture);
    }
    SOFTMCU_CHECK(last);
    decoded.push_back(last);
    decoded.push_back(last);  // ComposeOnce reads pictures[2 * s]
  }
  const auto lanczos = MakeMixer({ScaleFilter::kSwscaleLanczos, Prefilter::kNone}, LabelMode::kHidden);
  const SharedVideoFrame reference = ComposeOnce(*lanczos, decoded, Timestamp::Seconds(1));
  for (const Candidate& c : candidates) {
    const auto mixer = MakeMixer(c.policy, LabelMode::kHidden);
    std::vector<SharedVideoFrame> inputs = decoded;
    if (c.reduce == Reduce::kOnDecode) {
      for (int s = 0; s < kSources; ++s) {
        SourceReducer reducer;  // one per source, as on the decode workers
        inputs[2 * s] = reducer.Reduce(decoded[2 * s], mixer->DemandFor(static_cast<ParticipantId>(s + 1)));
        SOFTMCU_CHECK(reducer.reduced() == 1);
      }
    }
    report.Add(std::string("compose decoded 2Mbps 720p -> 3x3, ") + c.name + " PSNR vs lanczos",
               I420Psnr(ComposeOnce(*mixer, inputs, Timestamp::Seconds(1))->view(), reference->view()), "dB");
  }
  // Issue 4: softmcu's whole tick over the codecs alone, ratio <= 1.25 (the default).
  for (size_t c = 0; c < kCandidates; ++c) {
    report.AddCompared(std::string("conference tick 720p30 2Mbps: 9 decodes + compose 3x3 (") + candidates[c].name +
                           ") + 1 encode ms (ref: bare libavcodec x9 + bare OpenH264 x1)",
                       Median(ms[c]), floor, "ms");
  }
}

}  // namespace

void RunVideoMixBench(const SuiteOptions& options, BenchReport& report) {
  RunComposeBench(options, report);
  RunTickBench(options, report);
}

}  // namespace softmcu::bench
