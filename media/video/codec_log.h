#pragma once
// Codec libraries' own logging, routed into ours. libavcodec and OpenH264 print to stderr
// by default; a broken stream would then write a line per bad slice. Instead their
// warnings and errors become spdlog debug lines through one rate limiter shared by all
// codec instances (a flood gives a few lines, then "N suppressed"), because a bad input
// stream is already reported by our own decode-error counters.

namespace softmcu {

// Installs the libavutil log callback (process-wide, idempotent, thread-safe). Every
// H264Decoder calls it; nothing else in the process should set av_log_set_callback.
void RouteFfmpegLogToSpdlog();

// An OpenH264 WelsTraceCallback (ENCODER_OPTION_TRACE_CALLBACK) writing to the same place.
void WelsTraceToSpdlog(void* context, int level, const char* message);

}  // namespace softmcu
