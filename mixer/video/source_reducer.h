#pragma once
// Shrinks a decoded picture on the decode worker, right after decoding, to what the views
// need of it: while the largest tile showing the source (VideoMixer::DemandFor) still fits
// in half the picture, the picture is halved with a 2x2 box average. A 720p source shown
// at most in a 3x3 tile (426 x 240) reaches the mixer as 640 x 360.
//
// Why on the decode worker: the compositor's cost is reading source pictures (memory
// bound; mixer/README.md "Which scaler"). Right after decoding the picture is still in
// the worker's cache, and the workers run in parallel, while the mixer's thread is one per
// conference. The result is the same picture the compositor would have made itself
// (TileScaler halves the same way), so using a reducer is an optimisation, never a
// difference in what receivers see.
//
// Ownership and threads: one reducer per source, used by one thread at a time (the
// source's decode worker). Reduced pictures come from its own pool, may be released on
// any thread and may outlive the reducer. Steady state allocates nothing.

#include <cstdint>

#include "media/video/shared_video_frame.h"
#include "media/video/video_frame_pool.h"
#include "mixer/video/video_mixer.h"

namespace softmcu {

class SourceReducer {
 public:
  SourceReducer();

  // `picture` itself when no halving is possible (not visible, or the largest tile needs
  // more than half), else a pooled picture with the same pts, source id and frame index.
  // If the pool is exhausted the picture is passed on unreduced (still correct).
  SharedVideoFrame Reduce(SharedVideoFrame picture, const SourceDemand& demand);

  uint64_t reduced() const { return reduced_; }

 private:
  VideoFramePool pool_;
  uint64_t reduced_ = 0;
};

}  // namespace softmcu
