#pragma once
// Every synthetic endpoint's SendLog, by endpoint id: how a receiver that reads endpoint
// 17's stamp in a tile finds when endpoint 17 sent that frame. Built before the event
// loops start and never resized, so lookups need no lock (the logs themselves are atomic).

#include <cstdint>
#include <memory>
#include <vector>

#include "tools/loadgen/send_log.h"

namespace softmcu::loadgen {

class EndpointDirectory {
 public:
  // Endpoints 0 .. count-1; `video` says whether they keep a video log.
  EndpointDirectory(uint32_t count, bool video);

  uint32_t size() const { return static_cast<uint32_t>(logs_.size()); }
  SendLog* log(uint32_t id) { return id < logs_.size() ? logs_[id].get() : nullptr; }
  // nullptr for an id that is not ours (a stamp from another load generator, or garbage
  // that passed the CRC).
  const SendLog* Find(uint32_t id) const { return id < logs_.size() ? logs_[id].get() : nullptr; }

 private:
  std::vector<std::unique_ptr<SendLog>> logs_;
};

}  // namespace softmcu::loadgen
