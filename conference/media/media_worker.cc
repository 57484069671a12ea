#include "conference/media/media_worker.h"

#include <future>

namespace softmcu {

namespace {
// 2 KiB buffers: 1024 at start, up to 64 Ki (128 MiB) when many receivers' pacers hold a
// keyframe each at once.
constexpr size_t kInitialBuffers = 1024;
constexpr size_t kMaxBuffers = 64 * 1024;
}  // namespace

MediaWorker::MediaWorker(std::string name, const Clock* clock) : clock_(clock), thread_(std::move(name)) {
  std::promise<void> ready;
  loop().Post([&] {
    pool_ = std::make_unique<PacketBufferPool>(kInitialBuffers, kMaxBuffers);
    tick_ = loop().Every(kTick, [this] { Tick(); });
    ready.set_value();
  });
  ready.get_future().wait();
}

MediaWorker::~MediaWorker() {
  std::promise<void> done;
  loop().Post([&] {
    tick_.reset();
    participants_.clear();  // sockets close on their own loop
    done.set_value();
  });
  done.get_future().wait();
  // thread_ stops and joins in its destructor; the pool goes after it (members in reverse).
}

void MediaWorker::Attach(Factory factory, std::function<void(Result<void>)> done, std::shared_ptr<void> keepalive) {
  loop().Post([this, factory = std::move(factory), done = std::move(done), keepalive = std::move(keepalive)] {
    auto media = factory(pool_.get());
    if (!media) {
      done(tl::unexpected(media.error()));
      return;
    }
    const ParticipantId id = (*media)->id();
    participants_[id] = Hosted{keepalive, std::move(*media)};
    count_.store(participants_.size(), std::memory_order_relaxed);
    done({});
  });
}

void MediaWorker::Detach(ParticipantId id) {
  loop().Post([this, id] {
    participants_.erase(id);
    count_.store(participants_.size(), std::memory_order_relaxed);
  });
}

void MediaWorker::Flush(ParticipantId id) {
  loop().Post([this, id] {
    if (auto it = participants_.find(id); it != participants_.end()) it->second.media->FlushOutbound();
  });
}

void MediaWorker::FlushAll() {
  loop().Post([this] {
    for (auto& [id, hosted] : participants_) hosted.media->FlushOutbound();
  });
}

void MediaWorker::RequestKeyframe(ParticipantId id) {
  loop().Post([this, id] {
    if (auto it = participants_.find(id); it != participants_.end()) it->second.media->RequestKeyframe();
  });
}

void MediaWorker::Tick() {
  for (auto& [id, hosted] : participants_) hosted.media->Process();
}

}  // namespace softmcu
