#pragma once
// One media worker thread: an EventLoop, the packet pool of that loop, and the
// ParticipantMedia objects it owns (their sockets live on this loop). A periodic tick
// runs each participant's Process(): transport timers, audio playout, statistics.
//
// Thread-safe entry points post to the loop; everything else runs on it. A conference
// spreads its participants over the workers of a MediaWorkerPool, so decoding, SRTP and
// fan-out use every core.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "conference/media/participant_media.h"
#include "conference/media/participant_media_host.h"
#include "core/clock.h"
#include "core/event_loop.h"
#include "core/packet_buffer_pool.h"

namespace softmcu {

class MediaWorker final : public ParticipantMediaHost {
 public:
  // Tick period: the resolution of audio playout and pacing on this worker.
  static constexpr TimeDelta kTick = TimeDelta::Millis(5);

  MediaWorker(std::string name, const Clock* clock);
  ~MediaWorker();  // stops the thread; participants still attached are destroyed on it
  MediaWorker(const MediaWorker&) = delete;
  MediaWorker& operator=(const MediaWorker&) = delete;

  EventLoop& loop() { return thread_.loop(); }
  const Clock* clock() const { return clock_; }

  // Creates a participant's media on the worker thread (sockets must have been bound on
  // this worker's io_context). `done` runs on the worker thread with the result.
  // `keepalive` lives exactly as long as the media (e.g. its observer).
  using Factory = std::function<Result<std::unique_ptr<ParticipantMedia>>(PacketBufferPool* pool)>;
  void Attach(Factory factory, std::function<void(Result<void>)> done, std::shared_ptr<void> keepalive = nullptr);
  // Destroys the participant's media (closing its sockets) on the worker thread.
  void Detach(ParticipantId id);
  // Sends what the room queued for the participant (posted once per room tick per worker).
  void Flush(ParticipantId id);
  void FlushAll() override;
  // Ask the participant's terminal for a keyframe.
  void RequestKeyframe(ParticipantId id) override;

  // Approximate, for load balancing.
  size_t participant_count() const { return count_.load(std::memory_order_relaxed); }

 private:
  void Tick();

  const Clock* const clock_;
  EventLoopThread thread_;
  std::unique_ptr<PacketBufferPool> pool_;  // used on the loop thread only
  struct Hosted {
    std::shared_ptr<void> keepalive;  // declared first: outlives the media
    std::unique_ptr<ParticipantMedia> media;
  };
  std::unordered_map<ParticipantId, Hosted> participants_;
  std::atomic<size_t> count_{0};
  std::unique_ptr<EventLoop::RepeatingTask> tick_;
};

}  // namespace softmcu
