#pragma once
// What a room needs of the thread that hosts a participant's media: "send what I queued
// in the links" and "ask this point for a keyframe". MediaWorker implements it by posting
// to its loop; tests implement it synchronously on a simulated clock.

#include "mixer/floor/floor_types.h"

namespace softmcu {

class ParticipantMediaHost {
 public:
  // Sends what the room queued for every participant this host owns.
  virtual void FlushAll() = 0;
  virtual void RequestKeyframe(ParticipantId id) = 0;

 protected:
  ~ParticipantMediaHost() = default;
};

}  // namespace softmcu
