#pragma once
// The live event stream behind GET /api/v1/events (Server-Sent Events): the conference (via
// the daemon's adapter) publishes JSON events — participant state, audio levels, floor
// queue, statistics, meetings — and every connected console receives them.
//
// Each subscriber has its own bounded queue. A slow console never slows the publisher or
// other consoles: when its queue is full the OLDEST event is dropped, and the next batch
// it receives starts with a synthetic {"type":"dropped","data":{"count":N}} event so the
// console knows to re-read the state (GET) instead of trusting a gap.
//
// Event types (docs/api.md "Events"): participant, participant_left, audio_levels, floor,
// stats, room, meeting; plus dropped. `room` filters: a subscriber may ask for one room.
//
// Thread-safe: Publish from any thread (never blocks on a subscriber); each Subscription
// is read by the one HTTP thread serving its stream. Close() wakes every waiting reader so
// the HTTP server can stop.

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace softmcu::control {

struct LiveEvent {
  uint64_t id = 0;    // increasing over the hub's life (SSE "id:")
  std::string type;
  std::string room;   // "" for events about no room
  std::string data;   // JSON text
};

class EventHub {
 public:
  class Subscription {
   public:
    Subscription(std::string room_filter, size_t capacity) : room_filter_(std::move(room_filter)), capacity_(capacity) {}
    // Waits up to `timeout` for events and returns those queued (a "dropped" event first
    // if any were lost). Empty on timeout or once closed.
    std::vector<LiveEvent> Wait(std::chrono::milliseconds timeout);
    bool closed() const;

   private:
    friend class EventHub;
    // True when the oldest queued event had to be dropped to make room.
    bool Push(const LiveEvent& event);
    void Close();

    const std::string room_filter_;
    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<LiveEvent> queue_;  // guarded by mutex_
    uint64_t dropped_ = 0;         // guarded by mutex_
    bool closed_ = false;          // guarded by mutex_
  };

  explicit EventHub(size_t queue_capacity = 256, size_t max_subscribers = 16)
      : queue_capacity_(queue_capacity), max_subscribers_(max_subscribers) {}

  void Publish(std::string type, std::string room, std::string data_json);
  void PublishJson(std::string type, std::string room, const nlohmann::json& data);

  // nullptr when `max_subscribers` streams are open already (the API answers 503).
  // `room_filter`: "" for every room. Dropping the pointer unsubscribes.
  std::shared_ptr<Subscription> Subscribe(std::string room_filter);
  void Close();

  size_t subscriber_count();
  uint64_t events_dropped() const { return dropped_total_.load(std::memory_order_relaxed); }
  uint64_t events_published() const { return next_id_.load(std::memory_order_relaxed) - 1; }

 private:
  const size_t queue_capacity_;
  const size_t max_subscribers_;
  std::atomic<uint64_t> next_id_{1};
  std::atomic<uint64_t> dropped_total_{0};
  std::mutex mutex_;
  std::vector<std::weak_ptr<Subscription>> subscribers_;  // guarded by mutex_
  bool closed_ = false;                                   // guarded by mutex_
};

}  // namespace softmcu::control
