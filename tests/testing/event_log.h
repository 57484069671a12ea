#pragma once
// Named events a test waits for ("incoming", "answered", "failed 404", ...), recorded from
// whatever thread a stack or a media loop calls back on, waited for (bounded) on the test
// thread. Shared by the interop and loadgen test doubles of a SIP peer.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace softmcu::testing {

class EventLog {
 public:
  void Record(std::string event) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(event));
    }
    changed_.notify_all();
  }

  // Waits until `count` events named `event` were recorded; false after `limit`.
  bool WaitFor(const std::string& event, int count, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return CountLocked(event) >= count; });
  }
  int Count(const std::string& event) const {
    std::lock_guard lock(mutex_);
    return CountLocked(event);
  }
  std::vector<std::string> All() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  // "incoming; answered; " — for failure messages.
  std::string Text() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& e : events_) out += e + "; ";
    return out;
  }

 private:
  int CountLocked(const std::string& event) const {
    int n = 0;
    for (const auto& e : events_) n += e == event;
    return n;
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> events_;
};

}  // namespace softmcu::testing
