#pragma once
// Runs a third-party program (sipp, baresip) for an interop test: stdin from /dev/null,
// stdout and stderr into a log file the test can read and print on failure. Waits are
// bounded; a process still running when the test ends is stopped (SIGTERM, then SIGKILL)
// by its own pid, never by name.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

extern char** environ;

namespace softmcu::interop {

class ExternalProcess {
 public:
  ExternalProcess() = default;
  ExternalProcess(const ExternalProcess&) = delete;
  ExternalProcess& operator=(const ExternalProcess&) = delete;
  ~ExternalProcess() { Stop(); }

  // The full path of `name` on $PATH, or nullopt (the test then skips).
  static std::optional<std::string> Find(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
  }

  bool Start(const std::vector<std::string>& argv, const std::string& log_path) {
    log_path_ = log_path;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = 0;
    return pid_ != 0;
  }

  // The exit code (128 + signal if killed), or nullopt if still running after `limit`.
  std::optional<int> Wait(std::chrono::milliseconds limit) {
    if (exit_code_) return exit_code_;
    if (pid_ == 0) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
      int status = 0;
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        pid_ = 0;
        return exit_code_;
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  void Stop() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGTERM);
    if (!Wait(std::chrono::seconds(3))) {
      ::kill(pid_, SIGKILL);
      Wait(std::chrono::seconds(3));
    }
  }

  bool running() const { return pid_ != 0; }
  pid_t pid() const { return pid_; }
  std::string Log() const {
    std::ifstream file(log_path_);
    std::stringstream out;
    out << file.rdbuf();
    return out.str();
  }

 private:
  pid_t pid_ = 0;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// A port no one listens on right now, for a peer that needs its port on the command line
// (sipp -p, baresip sip_listen). Another process could take it before the peer binds;
// on loopback in a test run that has not been seen.
inline uint16_t FreePort() {
  asio::io_context context;
  for (int attempt = 0; attempt < 20; ++attempt) {
    asio::ip::udp::socket udp(context, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const uint16_t port = udp.local_endpoint().port();
    std::error_code ec;
    asio::ip::tcp::acceptor tcp(context);
    tcp.open(asio::ip::tcp::v4(), ec);
    if (!ec) tcp.bind(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (!ec) return port;
  }
  return 0;
}

}  // namespace softmcu::interop
