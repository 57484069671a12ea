#pragma once
// The softmcu daemon, assembled: the control plane (SQLite, HTTP API, console), the
// conference engine (rooms on media workers), call control and the SIP stack, wired
// together and started in order; stopped in the reverse order with a BYE to every call.
//
//   auto daemon = Daemon::Start(config, options);   // binds everything, or says why not
//   ... daemon->ready() says where it listens (also written to options.ready_file)
//   daemon->Shutdown();                              // on SIGTERM
//
// First start on an empty data directory: creates the database, a self-signed TLS
// certificate (key 0600), the default room and the first admin account (its generated
// password is printed once). After a crash (meetings the logbook still shows running),
// the rooms are reopened and their points redialled.
//
// Threads: the SIP stack's signalling loop, one media worker per core, the events thread
// (logbook, statistics, booking timer, retention job) and the HTTP workers. Ownership:
// owns everything; Shutdown() is idempotent and the destructor calls it.

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "server/config/daemon_config.h"

namespace softmcu {

struct DaemonOptions {
  std::string ready_file;  // JSON with the bound addresses, written when everything is up
  std::string version = "dev";
  // Print the generated first admin password here (stdout); tests capture it.
  std::FILE* announce = stdout;
};

struct DaemonReady {
  std::vector<std::string> sip;  // "udp:127.0.0.1:5060", ...
  std::string http;              // "https://127.0.0.1:8443"
  std::string data_dir;
};

class Daemon {
 public:
  static Result<std::unique_ptr<Daemon>> Start(const DaemonConfig& config, const DaemonOptions& options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  const DaemonReady& ready() const;
  void Shutdown();

 private:
  struct Parts;
  explicit Daemon(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace softmcu
