#pragma once
// The media worker threads of the daemon (about one per core). A call's media goes to the
// least loaded worker; a room's ticks run on a worker too (its "home").

#include <memory>
#include <vector>

#include "conference/media/media_worker.h"

namespace softmcu {

class MediaWorkerPool {
 public:
  // `count` 0 means one per hardware thread.
  MediaWorkerPool(size_t count, const Clock* clock);
  ~MediaWorkerPool();

  MediaWorker& Pick();  // the worker with the fewest participants
  MediaWorker& at(size_t i) { return *workers_.at(i); }
  size_t size() const { return workers_.size(); }

 private:
  std::vector<std::unique_ptr<MediaWorker>> workers_;
};

}  // namespace softmcu
