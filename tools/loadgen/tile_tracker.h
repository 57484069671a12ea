#pragma once
// What the tiles of a receiver's composites show over time, from the stamps read in each
// composite (CompositeReader): per tile
//   - latency: when a tile first shows frame s of endpoint E, the composite's arrival minus
//     E's send time of s (E's SendLog);
//   - freezes: a tile whose stamp does not advance for more than `freeze_threshold` while
//     its source kept sending newer frames is frozen; one freeze per episode, and the time
//     spent frozen (episodes still going on included);
//   - who is where: the endpoint and rendition each tile shows.
// A tile unread for a second (the layout changed, a slate covers it) forgets what it showed.
//
// Pure state machine on the arrival times given; one receiver, one thread.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/units.h"
#include "tools/loadgen/endpoint_directory.h"
#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/stamp_code.h"

namespace softmcu::loadgen {

struct TileShown {
  size_t tile = 0;
  uint32_t endpoint_id = 0;
  uint32_t rendition = 0;
};

struct TileTrackerStats {
  uint64_t tiles_read = 0;      // valid stamps seen
  uint64_t unknown_stamps = 0;  // a valid stamp with no send record (not ours, or too old)
  uint64_t freezes = 0;
  TimeDelta frozen_time;        // of freezes that ended
};

class TileTracker {
 public:
  static constexpr size_t kMaxTiles = 32;
  static constexpr TimeDelta kForgetAfter = TimeDelta::Seconds(1);

  TileTracker(const EndpointDirectory* directory, TimeDelta freeze_threshold);

  // The stamps of one composite, one slot per tile of its layout (nullopt: unreadable).
  void OnComposite(std::span<const std::optional<VideoStamp>> tiles, Timestamp arrival);
  // Declares freezes on the clock too, so a composite stream that stops freezes its tiles.
  void CheckFreezes(Timestamp now);

  const TileTrackerStats& stats() const { return stats_; }
  const LatencyHistogram& latency() const { return latency_; }
  TimeDelta FrozenTime(Timestamp now) const;
  std::vector<TileShown> TilesShown() const;

 private:
  struct Track {
    bool active = false;
    uint32_t endpoint_id = 0;
    uint32_t rendition = 0;
    uint32_t sequence = 0;
    Timestamp last_advance;
    Timestamp last_read;
    bool frozen = false;
  };
  void OnStamp(Track& track, const VideoStamp& stamp, Timestamp arrival);

  const EndpointDirectory* const directory_;
  const TimeDelta freeze_threshold_;
  std::vector<Track> tracks_;
  LatencyHistogram latency_;
  TileTrackerStats stats_;
};

}  // namespace softmcu::loadgen
