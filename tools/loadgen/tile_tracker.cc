#include "tools/loadgen/tile_tracker.h"

namespace softmcu::loadgen {

TileTracker::TileTracker(const EndpointDirectory* directory, TimeDelta freeze_threshold)
    : directory_(directory), freeze_threshold_(freeze_threshold), tracks_(kMaxTiles) {}

void TileTracker::OnComposite(std::span<const std::optional<VideoStamp>> tiles, Timestamp arrival) {
  for (size_t i = 0; i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    if (i >= tiles.size()) {
      t.active = false;  // the layout has fewer tiles now
    } else if (tiles[i]) {
      OnStamp(t, *tiles[i], arrival);
    } else if (t.active && arrival - t.last_read > kForgetAfter) {
      t.active = false;
    }
  }
}

void TileTracker::OnStamp(Track& t, const VideoStamp& stamp, Timestamp arrival) {
  ++stats_.tiles_read;
  const bool same_source = t.active && t.endpoint_id == stamp.endpoint_id;
  if (same_source && t.sequence == stamp.sequence) {
    t.last_read = arrival;
    return;
  }
  if (same_source && t.frozen) {
    stats_.frozen_time += arrival - t.last_advance;
    t.frozen = false;
  }
  if (!same_source) t = Track{.active = true, .endpoint_id = stamp.endpoint_id};
  t.sequence = stamp.sequence;
  t.rendition = stamp.rendition;
  t.last_advance = arrival;
  t.last_read = arrival;
  // The first composite that shows this frame: its latency.
  const SendLog* log = directory_->Find(stamp.endpoint_id);
  const std::optional<Timestamp> sent = log ? log->VideoFrameSent(stamp.sequence) : std::nullopt;
  if (sent && *sent <= arrival) {
    latency_.Add(arrival - *sent);
  } else {
    ++stats_.unknown_stamps;
  }
}

void TileTracker::CheckFreezes(Timestamp now) {
  for (auto& t : tracks_) {
    if (!t.active || t.frozen || now - t.last_advance <= freeze_threshold_) continue;
    // Frozen only if the source kept sending: a source that stopped is not the MCU's fault.
    const SendLog* log = directory_->Find(t.endpoint_id);
    const std::optional<Timestamp> last_sent = log ? log->last_video_sent() : std::nullopt;
    if (last_sent && *last_sent - t.last_advance > freeze_threshold_) {
      t.frozen = true;
      ++stats_.freezes;
    }
  }
}

TimeDelta TileTracker::FrozenTime(Timestamp now) const {
  TimeDelta total = stats_.frozen_time;
  for (const auto& t : tracks_) {
    if (t.active && t.frozen) total += now - t.last_advance;
  }
  return total;
}

std::vector<TileShown> TileTracker::TilesShown() const {
  std::vector<TileShown> shown;
  for (size_t i = 0; i < tracks_.size(); ++i) {
    if (tracks_[i].active) shown.push_back({i, tracks_[i].endpoint_id, tracks_[i].rendition});
  }
  return shown;
}

}  // namespace softmcu::loadgen
