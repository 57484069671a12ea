#pragma once
// A window onto what the decoding endpoints receive, for a program that embeds the
// generator and must judge the MCU's output itself — the end-to-end conference test checks
// a real terminal's picture in its tile, and whose voice is in which mix when. The
// generator's own measurements (TileTracker, AudioReceiver) do not need it.
//
// Called synchronously on the endpoint's loop thread; the picture and the read are valid
// only during the call. No probe (the default) costs nothing.

#include <cstdint>
#include <span>

#include "core/units.h"
#include "media/video/i420_view.h"
#include "tools/loadgen/composite_reader.h"

namespace softmcu::loadgen {

class ReceiveProbe {
 public:
  virtual ~ReceiveProbe() = default;
  // A decoded composite of `endpoint`'s video stream, and the stamps read in its tiles.
  virtual void OnComposite(uint32_t /*endpoint*/, const I420View& /*picture*/, const CompositeReader::Read& /*read*/,
                           Timestamp /*arrival*/) {}
  // 20 ms of `endpoint`'s decoded mix (48 kHz mono).
  virtual void OnAudio(uint32_t /*endpoint*/, std::span<const int16_t> /*pcm*/, Timestamp /*arrival*/) {}
  // `endpoint` heard the marker of endpoint `speaker` in its mix.
  virtual void OnMarkerHeard(uint32_t /*endpoint*/, uint32_t /*speaker*/, Timestamp /*arrival*/) {}
};

}  // namespace softmcu::loadgen
