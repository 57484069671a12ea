#include "media/video/h264_encoder.h"

#include <wels/codec_api.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/check.h"
#include "media/video/codec_log.h"

namespace softmcu {
namespace {

struct LevelLimits {
  int level_idc;
  int max_frame_mbs;  // MaxFS
  int64_t max_mbps;   // MaxMBPS, macroblocks per second
  int64_t max_kbps;   // MaxBR for baseline
};

// ITU-T H.264 Table A-1 (level 1b omitted: it needs constraint_set3 signalling).
constexpr LevelLimits kLevels[] = {
    {10, 99, 1485, 64},           {11, 396, 3000, 192},        {12, 396, 6000, 384},
    {13, 396, 11880, 768},        {20, 396, 11880, 2000},      {21, 792, 19800, 4000},
    {22, 1620, 20250, 4000},      {30, 1620, 40500, 10000},    {31, 3600, 108000, 14000},
    {32, 5120, 216000, 20000},    {40, 8192, 245760, 20000},   {41, 8192, 245760, 50000},
    {42, 8704, 522240, 50000},    {50, 22080, 589824, 135000}, {51, 36864, 983040, 240000},
    {52, 36864, 2073600, 240000},
};

ECOMPLEXITY_MODE ToWels(H264EncoderOptions::Complexity complexity) {
  switch (complexity) {
    case H264EncoderOptions::Complexity::kLow:
      return LOW_COMPLEXITY;
    case H264EncoderOptions::Complexity::kMedium:
      return MEDIUM_COMPLEXITY;
    case H264EncoderOptions::Complexity::kHigh:
      return HIGH_COMPLEXITY;
  }
  return LOW_COMPLEXITY;
}

int ToWels(H264EncoderOptions::LoopFilter filter) {
  switch (filter) {
    case H264EncoderOptions::LoopFilter::kOn:
      return 0;
    case H264EncoderOptions::LoopFilter::kOff:
      return 1;
    case H264EncoderOptions::LoopFilter::kOnExceptSliceEdges:
      return 2;
  }
  return 0;
}

// kRows: slice sizes in macroblocks for OpenH264's SM_RASTER_SLICE, or empty if the rows do
// not describe at most kMaxSlices slices.
std::vector<unsigned> RasterSlices(const H264EncoderOptions& options) {
  const int mb_width = (options.width + 15) / 16;
  int rows_left = (options.height + 15) / 16;
  std::vector<unsigned> slices;
  for (size_t k = 0; rows_left > 0; ++k) {
    const int rows = options.slice_rows[std::min(k, options.slice_rows.size() - 1)];
    if (rows <= 0 || static_cast<int>(slices.size()) == H264EncoderOptions::kMaxSlices) return {};
    const int taken = std::min(rows, rows_left);
    slices.push_back(static_cast<unsigned>(taken * mb_width));
    rows_left -= taken;
  }
  return slices;
}

DataRate DefaultMax(DataRate target, DataRate max) {
  return max.bps() > 0 ? max : DataRate::BitsPerSec(target.bps() * 5 / 4);
}

}  // namespace

int H264LevelFor(int width, int height, double fps, DataRate max_bitrate) {
  const int64_t frame_mbs = static_cast<int64_t>((width + 15) / 16) * ((height + 15) / 16);
  const auto mbps = static_cast<int64_t>(std::ceil(static_cast<double>(frame_mbs) * fps));
  for (const auto& level : kLevels) {
    if (frame_mbs <= level.max_frame_mbs && mbps <= level.max_mbps && max_bitrate.kbps() <= level.max_kbps) {
      return level.level_idc;
    }
  }
  return kLevels[std::size(kLevels) - 1].level_idc;
}

void H264Encoder::EncoderDeleter::operator()(ISVCEncoder* encoder) const {
  encoder->Uninitialize();
  WelsDestroySVCEncoder(encoder);
}

H264Encoder::H264Encoder(PassKey, const H264EncoderOptions& options)
    : options_(options),
      target_bitrate_(options.target_bitrate),
      max_bitrate_(DefaultMax(options.target_bitrate, options.max_bitrate)) {}

H264Encoder::~H264Encoder() = default;

Result<std::unique_ptr<H264Encoder>> H264Encoder::Create(const H264EncoderOptions& options) {
  if (options.width <= 0 || options.height <= 0 || (options.width % 2) != 0 || (options.height % 2) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "h264 encoder: width and height must be even and positive");
  }
  if (options.max_fps <= 0 || options.target_bitrate.bps() <= 0 || options.max_slice_bytes < 200 ||
      options.threads < 1 || options.idr_interval < 0 || options.min_qp < 0 || options.max_qp > 51 || options.constant_qp < 0 || options.constant_qp > 51 ||
      (options.max_qp > 0 && options.min_qp > options.max_qp)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "h264 encoder: invalid rate, slice size, threads, IDR interval or QP range");
  }
  if (options.slice_mode == H264EncoderOptions::SliceMode::kRows &&
      (options.slice_rows.empty() || RasterSlices(options).empty())) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "h264 encoder: slice rows must be positive and make at most 35 slices");
  }
  auto encoder = std::make_unique<H264Encoder>(PassKey(), options);
  if (auto initialized = encoder->Initialize(); !initialized) return tl::unexpected(initialized.error());
  return encoder;
}

Result<void> H264Encoder::Initialize() {
  ISVCEncoder* raw = nullptr;
  if (WelsCreateSVCEncoder(&raw) != 0 || raw == nullptr) {
    return MakeError(ErrorCode::kUnavailable, "h264 encoder: WelsCreateSVCEncoder failed");
  }
  encoder_.reset(raw);

  // Route OpenH264's stderr trace into our log before InitializeExt, which traces too.
  int trace_level = WELS_LOG_WARNING;
  WelsTraceCallback trace = &WelsTraceToSpdlog;
  encoder_->SetOption(ENCODER_OPTION_TRACE_CALLBACK, &trace);
  encoder_->SetOption(ENCODER_OPTION_TRACE_LEVEL, &trace_level);

  SEncParamExt param;
  std::memset(&param, 0, sizeof(param));
  encoder_->GetDefaultParams(&param);
  param.iUsageType = CAMERA_VIDEO_REAL_TIME;
  param.iPicWidth = options_.width;
  param.iPicHeight = options_.height;
  param.fMaxFrameRate = static_cast<float>(options_.max_fps);
  param.iRCMode = RC_BITRATE_MODE;
  param.iTargetBitrate = static_cast<int>(target_bitrate_.bps());
  param.iMaxBitrate = static_cast<int>(max_bitrate_.bps());
  param.bEnableFrameSkip = options_.allow_frame_skip;
  param.iTemporalLayerNum = 1;
  param.iSpatialLayerNum = 1;
  param.iComplexityMode = ToWels(options_.complexity);
  param.uiIntraPeriod = static_cast<unsigned>(options_.idr_interval);
  param.iNumRefFrame = 1;
  // One SPS/PPS id for the whole session: terminals that cache parameter sets by id (and
  // receivers that join late and get them with the next IDR) see the same ones every time.
  param.eSpsPpsIdStrategy = CONSTANT_ID;
  param.bPrefixNalAddingCtrl = false;
  param.bEnableSSEI = false;
  param.bSimulcastAVC = false;
  param.iEntropyCodingModeFlag = 0;  // CAVLC: baseline
  param.iMultipleThreadIdc = static_cast<unsigned short>(options_.threads);
  param.bEnableLongTermReference = false;
  param.bEnableDenoise = false;  // the compositor's canvas is clean; denoise costs ~15%
  param.bEnableFrameCroppingFlag = true;
  param.uiMaxNalSize = 0;

  level_idc_ = H264LevelFor(options_.width, options_.height, options_.max_fps, max_bitrate_);
  SSpatialLayerConfig& layer = param.sSpatialLayers[0];
  layer.iVideoWidth = options_.width;
  layer.iVideoHeight = options_.height;
  layer.fFrameRate = param.fMaxFrameRate;
  layer.iSpatialBitrate = param.iTargetBitrate;
  layer.iMaxSpatialBitrate = param.iMaxBitrate;
  layer.uiProfileIdc = PRO_BASELINE;
  layer.uiLevelIdc = static_cast<ELevelIdc>(level_idc_);
  if (options_.slice_mode == H264EncoderOptions::SliceMode::kRows) {
    const std::vector<unsigned> slices = RasterSlices(options_);
    layer.sSliceArgument.uiSliceMode = SM_RASTER_SLICE;
    layer.sSliceArgument.uiSliceNum = static_cast<unsigned>(slices.size());
    std::copy(slices.begin(), slices.end(), layer.sSliceArgument.uiSliceMbNum);
  } else {
    layer.sSliceArgument.uiSliceMode = SM_SIZELIMITED_SLICE;
    layer.sSliceArgument.uiSliceSizeConstraint = static_cast<unsigned>(options_.max_slice_bytes);
  }
  param.iLoopFilterDisableIdc = ToWels(options_.loop_filter);
  param.bEnableSceneChangeDetect = options_.scene_change_detection;
  if (options_.min_qp > 0) param.iMinQp = options_.min_qp;
  if (options_.max_qp > 0) param.iMaxQp = options_.max_qp;
  if (options_.constant_qp > 0) {
    param.iRCMode = RC_OFF_MODE;
    layer.iDLayerQp = options_.constant_qp;
  }

  if (int rc = encoder_->InitializeExt(&param); rc != cmResultSuccess) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "h264 encoder: InitializeExt failed (" + std::to_string(rc) + ")");
  }
  int format = videoFormatI420;
  encoder_->SetOption(ENCODER_OPTION_DATAFORMAT, &format);
  return {};
}

Result<void> H264Encoder::SetBitrate(DataRate target, DataRate max) {
  if (target.bps() <= 0)
    return MakeError(ErrorCode::kInvalidArgument, "h264 encoder: bitrate must be positive");
  max = DefaultMax(target, max);
  if (max < target) return MakeError(ErrorCode::kInvalidArgument, "h264 encoder: max bitrate below target");
  SBitrateInfo target_info{SPATIAL_LAYER_ALL, static_cast<int>(target.bps())};
  SBitrateInfo max_info{SPATIAL_LAYER_ALL, static_cast<int>(max.bps())};
  // OpenH264 clamps the target to the current maximum: raise the ceiling first when
  // going up, lower the target first when going down.
  const bool raising = max > max_bitrate_;
  int rc1 = encoder_->SetOption(raising ? ENCODER_OPTION_MAX_BITRATE : ENCODER_OPTION_BITRATE,
                                raising ? &max_info : &target_info);
  int rc2 = encoder_->SetOption(raising ? ENCODER_OPTION_BITRATE : ENCODER_OPTION_MAX_BITRATE,
                                raising ? &target_info : &max_info);
  if (rc1 != cmResultSuccess || rc2 != cmResultSuccess) {
    return MakeError(ErrorCode::kInvalidArgument, "h264 encoder: SetOption(bitrate) refused");
  }
  target_bitrate_ = target;
  max_bitrate_ = max;
  return {};
}

Result<EncodedVideoFrame> H264Encoder::Encode(const VideoFrame& frame) {
  if (frame.width() != options_.width || frame.height() != options_.height) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "h264 encoder: frame size differs from the configured size");
  }
  if (keyframe_requested_) {
    encoder_->ForceIntraFrame(true);
    keyframe_requested_ = false;
  }

  SSourcePicture picture;
  std::memset(&picture, 0, sizeof(picture));
  picture.iColorFormat = videoFormatI420;
  picture.iPicWidth = frame.width();
  picture.iPicHeight = frame.height();
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const int i = static_cast<int>(p);
    picture.iStride[i] = frame.stride(p);
    // OpenH264 takes non-const pointers but only reads the source picture.
    picture.pData[i] = const_cast<uint8_t*>(frame.data(p));
  }
  picture.uiTimeStamp = frame.pts().ms();

  SFrameBSInfo info;
  std::memset(&info, 0, sizeof(info));
  if (int rc = encoder_->EncodeFrame(&picture, &info); rc != cmResultSuccess) {
    return MakeError(ErrorCode::kInternal, "h264 encoder: EncodeFrame failed (" + std::to_string(rc) + ")");
  }

  EncodedVideoFrame out;
  out.pts = frame.pts();
  if (info.eFrameType == videoFrameTypeSkip || info.eFrameType == videoFrameTypeInvalid) {
    out.skipped = true;
    return out;
  }
  // Each layer's NAL units are contiguous in pBsBuf, start codes included; layers need
  // not be adjacent to each other, so they are gathered into one buffer.
  size_t total = 0;
  for (int l = 0; l < info.iLayerNum; ++l) {
    const SLayerBSInfo& layer = info.sLayerInfo[l];
    for (int n = 0; n < layer.iNalCount; ++n) total += static_cast<size_t>(layer.pNalLengthInByte[n]);
  }
  output_.resize(total);
  size_t offset = 0;
  for (int l = 0; l < info.iLayerNum; ++l) {
    const SLayerBSInfo& layer = info.sLayerInfo[l];
    size_t layer_size = 0;
    for (int n = 0; n < layer.iNalCount; ++n) layer_size += static_cast<size_t>(layer.pNalLengthInByte[n]);
    std::memcpy(output_.data() + offset, layer.pBsBuf, layer_size);
    offset += layer_size;
  }
  out.data = std::span<const uint8_t>(output_.data(), output_.size());
  out.keyframe = info.eFrameType == videoFrameTypeIDR;
  return out;
}

}  // namespace softmcu
