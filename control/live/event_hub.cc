#include "control/live/event_hub.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace softmcu::control {

bool EventHub::Subscription::Push(const LiveEvent& event) {
  bool dropped = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return false;
    if (!room_filter_.empty() && !event.room.empty() && event.room != room_filter_) return false;
    queue_.push_back(event);
    if (queue_.size() > capacity_) {
      queue_.pop_front();
      ++dropped_;
      dropped = true;
    }
  }
  cv_.notify_one();
  return dropped;
}

void EventHub::Subscription::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool EventHub::Subscription::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

std::vector<LiveEvent> EventHub::Subscription::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return closed_ || !queue_.empty(); });
  std::vector<LiveEvent> out;
  if (closed_) return out;
  if (dropped_ > 0) {
    out.push_back(LiveEvent{0, "dropped", "", nlohmann::json({{"count", dropped_}}).dump()});
    dropped_ = 0;
  }
  out.insert(out.end(), std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

void EventHub::Publish(std::string type, std::string room, std::string data_json) {
  LiveEvent event{next_id_.fetch_add(1, std::memory_order_relaxed), std::move(type), std::move(room),
                  std::move(data_json)};
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                      [](const auto& weak) { return weak.expired(); }),
                       subscribers_.end());
    for (const auto& weak : subscribers_) {
      if (auto sub = weak.lock()) targets.push_back(std::move(sub));
    }
  }
  for (const auto& sub : targets) {
    if (sub->Push(event)) dropped_total_.fetch_add(1, std::memory_order_relaxed);
  }
}

void EventHub::PublishJson(std::string type, std::string room, const nlohmann::json& data) {
  Publish(std::move(type), std::move(room), data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::shared_ptr<EventHub::Subscription> EventHub::Subscribe(std::string room_filter) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return nullptr;
  subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                    [](const auto& weak) { return weak.expired(); }),
                     subscribers_.end());
  if (subscribers_.size() >= max_subscribers_) return nullptr;
  auto sub = std::make_shared<Subscription>(std::move(room_filter), queue_capacity_);
  subscribers_.push_back(sub);
  return sub;
}

void EventHub::Close() {
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    for (const auto& weak : subscribers_) {
      if (auto sub = weak.lock()) targets.push_back(std::move(sub));
    }
  }
  for (const auto& sub : targets) sub->Close();
}

size_t EventHub::subscriber_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t n = 0;
  for (const auto& weak : subscribers_) n += weak.expired() ? 0 : 1;
  return n;
}

}  // namespace softmcu::control
