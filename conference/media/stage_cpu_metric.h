#pragma once
// The /metrics series of a room's CPU by stage: decode (the points' workers), compose and
// encode (the room's video tick), audio (its audio tick: decode, mix, encode). The video
// stages are the work a compositing pipeline does, so bench/capacity can set them beside
// the ffmpeg reference; the rest of the process's CPU is transport (SRTP, packets, pacing).

#include <string_view>

namespace softmcu {

inline constexpr std::string_view kRoomStageCpuMetric = "softmcu_room_stage_cpu_microseconds_total";
inline constexpr std::string_view kRoomStageCpuHelp =
    "CPU time of a room's media stages (decode, compose, encode, audio), microseconds";

}  // namespace softmcu
