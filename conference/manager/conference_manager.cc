#include "conference/manager/conference_manager.h"

#include <spdlog/spdlog.h>

#include "conference/media/stage_cpu_metric.h"

namespace softmcu {

namespace {

// Forwards one room's events to the listener with the room's number.
class RoomEvents final : public RoomObserver {
 public:
  RoomEvents(std::string number, ConferenceListener* listener) : number_(std::move(number)), listener_(listener) {}
  void OnRoomParticipantUpdated(const ParticipantSnapshot& p) override { listener_->OnParticipantUpdated(number_, p); }
  void OnRoomParticipantRemoved(ParticipantId id, std::string_view reason) override {
    listener_->OnParticipantRemoved(number_, id, reason);
  }
  void OnRoomFloorEvent(const FloorEvent& event) override { listener_->OnFloorEvent(number_, event); }
  void OnRoomMediaLost(ParticipantId id) override { listener_->OnMediaLost(number_, id); }
  void OnRoomHangupWanted(ParticipantId id, std::string_view reason) override {
    listener_->OnHangupWanted(number_, id, reason);
  }
  void OnRoomLevels(std::span<const SpeakerLevel> levels) override { listener_->OnLevels(number_, levels); }
  void OnRoomTestReport(const ParticipantSnapshot& p) override { listener_->OnTestReport(number_, p); }

 private:
  const std::string number_;
  ConferenceListener* const listener_;
};

}  // namespace

// A participant's media events, from its worker thread to its room's thread.
class ConferenceManager::ParticipantEvents final : public ParticipantMediaObserver {
 public:
  ParticipantEvents(std::weak_ptr<RoomEntry> entry, std::string room, ConferenceListener* listener)
      : entry_(std::move(entry)), room_(std::move(room)), listener_(listener) {}

  void OnParticipantKeyframeRequested(ParticipantId id) override {
    Post([id](Room& room) { room.OnKeyframeRequested(id); });
  }
  void OnParticipantDtmf(ParticipantId id, char key) override {
    Post([id, key](Room& room) { room.OnDtmf(id, key); });
  }
  void OnParticipantMediaTimeout(ParticipantId id) override {
    Post([id](Room& room) { room.OnMediaTimeout(id); });
  }
  void OnParticipantMediaResumed(ParticipantId id) override {
    Post([id](Room& room) { room.OnMediaResumed(id); });
  }
  // Call control's business, not the room's: straight to the listener (thread-safe).
  void OnParticipantBandwidthWanted(ParticipantId id, int64_t kbps) override {
    listener_->OnBandwidthWanted(room_, id, kbps);
  }

 private:
  void Post(std::function<void(Room&)> fn) {
    auto entry = entry_.lock();
    if (!entry) return;
    entry->home->loop().Post([entry, fn = std::move(fn)] {
      if (entry->room) fn(*entry->room);
    });
  }
  const std::weak_ptr<RoomEntry> entry_;
  const std::string room_;
  ConferenceListener* const listener_;
};

ConferenceManager::ConferenceManager(const ConferenceConfig& config, ConferenceListener* listener, const Clock* clock)
    : config_(config),
      listener_(listener),
      clock_(clock),
      workers_(std::make_unique<MediaWorkerPool>(config.workers, clock)),
      media_factory_(std::make_unique<CallMediaFactory>(config.media, workers_.get())) {}

ConferenceManager::~ConferenceManager() {
  for (const std::string& number : OpenRooms()) (void)CloseRoom(number);
  media_factory_.reset();
  workers_.reset();  // joins the threads; media still attached is destroyed on them
}

std::shared_ptr<ConferenceManager::RoomEntry> ConferenceManager::Find(std::string_view number) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(number);
  return it == rooms_.end() ? nullptr : it->second;
}

bool ConferenceManager::IsOpen(std::string_view number) const { return Find(number) != nullptr; }

std::vector<std::string> ConferenceManager::OpenRooms() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> numbers;
  for (const auto& [number, entry] : rooms_) numbers.push_back(number);
  return numbers;
}

void ConferenceManager::Post(const std::shared_ptr<RoomEntry>& entry, std::function<void(Room&)> fn) {
  entry->home->loop().Post([entry, fn = std::move(fn)] {
    if (entry->room) fn(*entry->room);
  });
}

Result<void> ConferenceManager::OpenRoom(const RoomConfig& config) {
  if (auto ok = config.Validate(); !ok) return ok;
  auto entry = std::make_shared<RoomEntry>();
  entry->number = config.number;
  {
    std::lock_guard lock(mutex_);
    if (rooms_.count(config.number) != 0) {
      return MakeError(ErrorCode::kAlreadyExists, "room " + config.number + " is already open");
    }
    entry->home = &workers_->at(next_home_++ % workers_->size());
    rooms_.emplace(config.number, entry);
  }
  std::promise<void> ready;
  entry->home->loop().Post([this, entry, config, &ready] {
    entry->observer = std::make_shared<RoomEvents>(config.number, listener_);
    entry->room = std::make_unique<Room>(config, entry->observer.get(), clock_);
    RoomEntry* e = entry.get();
    if (config_.metrics != nullptr) {
      const MetricLabels labels{{"room", config.number}};
      e->cpu_us = config_.metrics->GetCounter("softmcu_room_cpu_microseconds_total", labels,
                                              "CPU time of a room's mixing, composing and encoding ticks");
      e->participants = config_.metrics->GetGauge("softmcu_room_participants", labels, "Participants in a room");
      e->frames_encoded = config_.metrics->GetCounter("softmcu_room_video_frames_encoded_total", labels,
                                                      "Video frames encoded for a room's views");
      const auto stage = [&](const char* name) {
        return config_.metrics->GetCounter(std::string(kRoomStageCpuMetric),
                                           MetricLabels{{"room", config.number}, {"stage", name}},
                                           std::string(kRoomStageCpuHelp));
      };
      e->compose_cpu_us = stage("compose");
      e->encode_cpu_us = stage("encode");
      e->audio_cpu_us = stage("audio");
    }
    entry->audio_tick = e->home->loop().Every(TimeDelta::Millis(20), [this, e] {
      if (!e->room) return;
      const int64_t start = ThreadCpuMicros();
      e->room->AudioTick(clock_->Now());
      if (e->cpu_us != nullptr) {
        const auto spent = static_cast<uint64_t>(ThreadCpuMicros() - start);
        e->cpu_us->Add(spent);
        e->audio_cpu_us->Add(spent);
        e->participants->Set(static_cast<double>(e->room->size()));
      }
    });
    entry->video_tick = e->home->loop().Every(TimeDelta::Micros(1'000'000 / config.frame_rate), [this, e] {
      if (!e->room) return;
      const int64_t start = ThreadCpuMicros();
      e->room->VideoTick(clock_->Now());
      if (e->cpu_us != nullptr) {
        e->cpu_us->Add(static_cast<uint64_t>(ThreadCpuMicros() - start));
        const uint64_t encoded = e->room->video_stats().frames_encoded;
        e->frames_encoded->Add(encoded - e->frames_published);
        e->frames_published = encoded;
        const RoomVideoStats& stats = e->room->video_stats();
        e->compose_cpu_us->Add(stats.compose_cpu_us - e->compose_published);
        e->compose_published = stats.compose_cpu_us;
        e->encode_cpu_us->Add(stats.encode_cpu_us - e->encode_published);
        e->encode_published = stats.encode_cpu_us;
      }
    });
    ready.set_value();
  });
  ready.get_future().wait();
  spdlog::info("room {} '{}' open ({} mode, layout {}, {}x{}@{})", config.number, config.name,
               ToString(config.mode), config.layout, config.canvas_width, config.canvas_height, config.frame_rate);
  return {};
}

Result<void> ConferenceManager::CloseRoom(std::string_view number) {
  std::shared_ptr<RoomEntry> entry;
  {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(number);
    if (it == rooms_.end()) return MakeError(ErrorCode::kNotFound, "room " + std::string(number) + " is not open");
    entry = it->second;
    rooms_.erase(it);
  }
  std::promise<void> done;
  entry->home->loop().Post([entry, &done] {
    entry->audio_tick.reset();
    entry->video_tick.reset();
    if (entry->participants != nullptr) entry->participants->Set(0);
    for (auto& [id, worker] : entry->media_hosts) worker->Detach(id);
    entry->media_hosts.clear();
    entry->room.reset();
    done.set_value();
  });
  done.get_future().wait();
  spdlog::info("room {} closed", number);
  return {};
}

void ConferenceManager::StartMedia(std::string_view number, ParticipantId id, const std::string& name, CallMedia media,
                                   const MediaStartOptions& options, std::function<void(Result<void>)> done) {
  auto entry = Find(number);
  if (!entry) {
    done(MakeError(ErrorCode::kNotFound, "room " + std::string(number) + " is not open"));
    return;
  }
  MediaWorker* worker = media.worker;
  auto link = std::make_shared<ParticipantMediaLink>();
  auto observer = std::make_shared<ParticipantEvents>(entry, entry->number, listener_);
  ParticipantMediaConfig config{.id = id,
                                .name = name,
                                .room = entry->number,
                                .policer = options.policer,
                                .media_timeout = config_.media_timeout,
                                .metrics = config_.metrics,
                                .security_alarms = config_.security_alarms,
                                .security_alarm = config_.security_alarm};
  // CallMedia holds move-only sockets; std::function needs a copyable callable.
  auto shared_media = std::make_shared<CallMedia>(std::move(media));
  const Clock* clock = clock_;
  worker->Attach(
      [shared_media, config, link, observer, clock](PacketBufferPool* pool) {
        return BuildParticipantMedia(std::move(*shared_media), config, link, observer.get(), pool, clock);
      },
      [entry, id, link, worker, done = std::move(done)](Result<void> result) {
        if (result) {
          entry->home->loop().Post([entry, id, link, worker] {
            if (!entry->room) {
              worker->Detach(id);
              return;
            }
            if (auto ok = entry->room->AttachMedia(id, link, worker); !ok) {
              spdlog::warn("room {}: participant {}: media not attached: {}", entry->number, id, ok.error().message);
              worker->Detach(id);
              return;
            }
            entry->media_hosts[id] = worker;
          });
        }
        done(std::move(result));
      },
      observer);
}

void ConferenceManager::StopMedia(std::string_view number, ParticipantId id, ParticipantEvent why,
                                  std::string reason) {
  auto entry = Find(number);
  if (!entry) return;
  entry->home->loop().Post([entry, id, why, reason = std::move(reason)] {
    if (auto it = entry->media_hosts.find(id); it != entry->media_hosts.end()) {
      it->second->Detach(id);
      entry->media_hosts.erase(it);
    }
    if (!entry->room) return;
    if (why == ParticipantEvent::kLeft) {
      (void)entry->room->RemoveParticipant(id, reason);
    } else if (entry->room->Participant(id)) {
      (void)entry->room->DetachMedia(id, why);
    }
  });
}

}  // namespace softmcu
