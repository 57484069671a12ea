#pragma once
// Shared by the loadgen tests: material encoded once per test binary (encoding is the slow
// part), small enough for ASan builds.

#include <gtest/gtest.h>

#include <memory>

#include "tools/loadgen/audio_material.h"
#include "tools/loadgen/mcu_stand_in.h"
#include "tools/loadgen/video_material.h"
#include "transport/policer/point_policer.h"

namespace softmcu::loadgen::testing {

// 1280x720, 640x360 and 320x180; a loop of 12 frames with IDRs at 0 and 6.
inline const VideoMaterial& SmallMaterial() {
  static const std::unique_ptr<VideoMaterial> material = [] {
    VideoMaterialOptions options;
    options.loop_frames = 12;
    options.idr_interval = 6;
    auto built = VideoMaterial::Build(options);
    if (!built) ADD_FAILURE() << built.error().message;
    return built ? std::move(*built) : nullptr;
  }();
  return *material;
}

// Noise and the markers of endpoints 0..15.
inline const AudioMaterial& SmallAudio() {
  static const std::unique_ptr<AudioMaterial> material = [] {
    auto built = AudioMaterial::Build({.marker_ids = 16});
    if (!built) ADD_FAILURE() << built.error().message;
    return built ? std::move(*built) : nullptr;
  }();
  return *material;
}

// The stand-in as a pure reflector that never polices (it measures the generator).
inline McuStandInOptions Reflect() {
  McuStandInOptions o;
  o.mode = McuStandInOptions::Mode::kReflect;
  o.participant_budget = PolicerConfig::kMaxRate;
  return o;
}

}  // namespace softmcu::loadgen::testing
