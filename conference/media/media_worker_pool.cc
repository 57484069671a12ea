#include "conference/media/media_worker_pool.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

namespace softmcu {

MediaWorkerPool::MediaWorkerPool(size_t count, const Clock* clock) {
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 0; i < count; ++i) {
    workers_.push_back(std::make_unique<MediaWorker>(fmt::format("media-{}", i), clock));
  }
}

MediaWorkerPool::~MediaWorkerPool() = default;

MediaWorker& MediaWorkerPool::Pick() {
  return **std::min_element(workers_.begin(), workers_.end(), [](const auto& a, const auto& b) {
    return a->participant_count() < b->participant_count();
  });
}

}  // namespace softmcu
