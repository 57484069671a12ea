#pragma once
// The conference engine's front door: the open rooms, the media workers, and the
// thread-safe way in for call control (SIP thread) and the operator API (HTTP threads).
//
// Every Room lives on one worker's loop (its "home"), which also runs its audio and video
// ticks. Run() posts a function to a room's loop and waits for its result (bounded), so
// callers on other threads use the Room API as if it were theirs. Media of a call is
// prepared on the calling thread (CallMediaFactory: ports and SDP) and started on the
// worker that owns its sockets (StartMedia).
//
// Events from rooms and participants' media reach the ConferenceListener with the room
// number; events from a participant's worker are posted to its room's loop first, so the
// Room sees everything on its own thread.

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "conference/manager/conference_listener.h"
#include "conference/media/call_media.h"
#include "conference/media/media_worker_pool.h"
#include "transport/security/security_alarm_queue.h"
#include "conference/room/room.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"

namespace softmcu {

struct ConferenceConfig {
  size_t workers = 0;  // 0: one per hardware thread
  CallMediaConfig media;
  TimeDelta media_timeout = TimeDelta::Seconds(10);
  // How long an API call waits for a room's thread before answering 503.
  TimeDelta call_timeout = TimeDelta::Seconds(3);
  // Per-room and per-point series for /metrics; null: none.
  MetricsRegistry* metrics = nullptr;
  // Per-point security alarms (SRTP authentication failures, policer drops); null: none.
  SecurityAlarmSink* security_alarms = nullptr;
  SecurityAlarmConfig security_alarm;
};

// What a participant's media needs besides its negotiated session.
struct MediaStartOptions {
  PolicerConfig policer;
};

class ConferenceManager {
 public:
  ConferenceManager(const ConferenceConfig& config, ConferenceListener* listener, const Clock* clock);
  ~ConferenceManager();  // closes every room
  ConferenceManager(const ConferenceManager&) = delete;
  ConferenceManager& operator=(const ConferenceManager&) = delete;

  Result<void> OpenRoom(const RoomConfig& config);
  // Stops the room's ticks and media; its participants' calls are the caller's to end.
  Result<void> CloseRoom(std::string_view number);
  bool IsOpen(std::string_view number) const;
  std::vector<std::string> OpenRooms() const;

  // Runs `fn` on the room's thread and returns its result: kNotFound for a room that is
  // not open, kUnavailable if the room's thread did not answer within call_timeout.
  template <typename T>
  Result<T> Run(std::string_view number, std::function<Result<T>(Room&)> fn);

  // Media of a call whose participant `id` is already in the room (AddParticipant): the
  // ParticipantMedia is built on the worker that owns the sockets, then attached to the
  // room. `done` runs on that worker's thread.
  void StartMedia(std::string_view number, ParticipantId id, const std::string& name, CallMedia media,
                  const MediaStartOptions& options, std::function<void(Result<void>)> done);
  // Ends a participant's media (its call ended or is being replaced). `why` moves its
  // state (kMediaLost → lost, kLeft → it is removed from the room).
  void StopMedia(std::string_view number, ParticipantId id, ParticipantEvent why, std::string reason);

  CallMediaFactory& media_factory() { return *media_factory_; }
  MediaWorkerPool& workers() { return *workers_; }
  const ConferenceConfig& config() const { return config_; }

 private:
  struct RoomEntry;
  class ParticipantEvents;

  std::shared_ptr<RoomEntry> Find(std::string_view number) const;
  void Post(const std::shared_ptr<RoomEntry>& entry, std::function<void(Room&)> fn);

  const ConferenceConfig config_;
  ConferenceListener* const listener_;
  const Clock* const clock_;
  std::unique_ptr<MediaWorkerPool> workers_;
  std::unique_ptr<CallMediaFactory> media_factory_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<RoomEntry>, std::less<>> rooms_;  // guarded by mutex_
  size_t next_home_ = 0;                                                  // guarded by mutex_
};

// --- implementation of the template -----------------------------------------------------

struct ConferenceManager::RoomEntry {
  std::string number;
  MediaWorker* home = nullptr;
  // Touched only on the home loop.
  std::unique_ptr<Room> room;
  std::unique_ptr<EventLoop::RepeatingTask> audio_tick;
  std::unique_ptr<EventLoop::RepeatingTask> video_tick;
  std::shared_ptr<RoomObserver> observer;  // shared_ptr: its destructor is protected
  // /metrics: CPU the room's ticks take (composition, mixing, encoding), and its roster.
  Counter* cpu_us = nullptr;
  Gauge* participants = nullptr;
  Counter* frames_encoded = nullptr;
  uint64_t frames_published = 0;
  Counter* compose_cpu_us = nullptr;  // kRoomStageCpuMetric, by stage
  Counter* encode_cpu_us = nullptr;
  Counter* audio_cpu_us = nullptr;
  uint64_t compose_published = 0;
  uint64_t encode_published = 0;
  // The worker hosting each participant's media.
  std::map<ParticipantId, MediaWorker*> media_hosts;
};

template <typename T>
Result<T> ConferenceManager::Run(std::string_view number, std::function<Result<T>(Room&)> fn) {
  auto entry = Find(number);
  if (!entry) return MakeError(ErrorCode::kNotFound, "room " + std::string(number) + " is not open");
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  entry->home->loop().Post([entry, promise, fn = std::move(fn)] {
    if (!entry->room) {
      promise->set_value(MakeError(ErrorCode::kNotFound, "room " + entry->number + " is closing"));
      return;
    }
    promise->set_value(fn(*entry->room));
  });
  if (future.wait_for(std::chrono::microseconds(config_.call_timeout.us())) != std::future_status::ready) {
    return MakeError(ErrorCode::kUnavailable, "room " + std::string(number) + " did not answer in time");
  }
  return future.get();
}

}  // namespace softmcu
