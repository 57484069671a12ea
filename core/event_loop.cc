#include "core/event_loop.h"

#include <pthread.h>

#include <chrono>

#include <asio/post.hpp>

namespace softmcu {

EventLoop::EventLoop() : work_(asio::make_work_guard(context_)) {}

EventLoop::~EventLoop() { Stop(); }

void EventLoop::Post(std::function<void()> task) { asio::post(context_, std::move(task)); }

namespace {

class SteadyRepeatingTask final : public EventLoop::RepeatingTask,
                                  public std::enable_shared_from_this<SteadyRepeatingTask> {
 public:
  SteadyRepeatingTask(asio::io_context& context, TimeDelta period, std::function<void()> task)
      : timer_(context), period_(period), task_(std::move(task)) {}

  void Start() {
    deadline_ = std::chrono::steady_clock::now() + std::chrono::microseconds(period_.us());
    Arm();
  }
  void Cancel() override {
    cancelled_ = true;
    timer_.cancel();
  }

 private:
  void Arm() {
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
      if (ec || self->cancelled_) return;
      self->task_();
      if (self->cancelled_) return;
      self->deadline_ += std::chrono::microseconds(self->period_.us());
      // After a long stall, skip missed ticks instead of firing a burst of them.
      auto now = std::chrono::steady_clock::now();
      if (self->deadline_ < now) self->deadline_ = now;
      self->Arm();
    });
  }

  asio::steady_timer timer_;
  const TimeDelta period_;
  std::function<void()> task_;
  std::chrono::steady_clock::time_point deadline_;
  bool cancelled_ = false;
};

// The handle the caller holds; dropping it cancels the timer (which the pending wait
// keeps alive through shared_from_this until it completes).
class RepeatingTaskHandle final : public EventLoop::RepeatingTask {
 public:
  explicit RepeatingTaskHandle(std::shared_ptr<SteadyRepeatingTask> task) : task_(std::move(task)) {}
  ~RepeatingTaskHandle() override { Cancel(); }
  void Cancel() override {
    if (task_) task_->Cancel();
    task_.reset();
  }

 private:
  std::shared_ptr<SteadyRepeatingTask> task_;
};

}  // namespace

std::unique_ptr<EventLoop::RepeatingTask> EventLoop::Every(TimeDelta period, std::function<void()> task) {
  auto t = std::make_shared<SteadyRepeatingTask>(context_, period, std::move(task));
  t->Start();
  return std::make_unique<RepeatingTaskHandle>(std::move(t));
}

void EventLoop::Run() { context_.run(); }

void EventLoop::Stop() {
  work_.reset();
  context_.stop();
}

EventLoopThread::EventLoopThread(std::string name) {
  thread_ = std::thread([this, name = std::move(name)] {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    loop_.Run();
  });
}

EventLoopThread::~EventLoopThread() {
  loop_.Stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace softmcu
