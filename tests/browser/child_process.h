#pragma once
// A program the browser tests start and stop: chromedriver, the softmcu daemon, the load
// generator. fork/exec with an argument vector (no shell), extra environment variables,
// stdout and stderr into a log file (a test artifact). Stop() sends SIGTERM and waits a
// bounded time before SIGKILL, so a hung program never hangs the test. Owned by one test.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace softmcu::testing {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { Stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // False when fork failed; an exec failure shows as exit status 127.
  bool Start(const std::vector<std::string>& argv, const std::string& log_path,
             const std::vector<std::pair<std::string, std::string>>& environment = {});
  bool running() const { return pid_ > 0; }
  // The exit status if the program has ended (reaped), nullopt while it runs.
  std::optional<int> Poll();
  // SIGTERM, up to `grace` for it to exit, then SIGKILL. Returns the exit status (-signal
  // when killed by a signal), nullopt if it was not running.
  std::optional<int> Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  static int Decode(int status);
  pid_t pid_ = -1;
};

// Runs a program to its end (bounded by `timeout`, then killed) and returns its output.
std::string RunForOutput(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace softmcu::testing
