// softmcu — the daemon. Until the conference issue lands this parses the documented
// command-line contract, starts an event loop, logs what it would serve, and stops
// cleanly on SIGINT/SIGTERM.

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio/signal_set.hpp>

#include "core/event_loop.h"
#include "core/log.h"

int main(int argc, char** argv) {
  CLI::App app{"softmcu — a software MCU for SIP video conferences"};
  std::string config_path;
  std::string data_dir = "softmcu-data";
  std::vector<std::string> sip_listen = {"udp:127.0.0.1:5060"};
  std::string http_listen = "127.0.0.1:8080";
  std::string log_level = "info";
  bool check_config = false;
  app.add_option("--config", config_path, "Configuration file (every option has a default)");
  app.add_option("--data-dir", data_dir, "Directory for the SQLite database, keys and records")
      ->capture_default_str();
  app.add_option("--sip-listen", sip_listen, "SIP listener udp:|tcp:|tls:IP:PORT (repeatable)")
      ->capture_default_str();
  app.add_option("--http-listen", http_listen, "Operator API/console listener IP:PORT")->capture_default_str();
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error")->capture_default_str();
  app.add_flag("--check-config", check_config, "Validate the configuration and exit");
  app.set_version_flag("--version", std::string("softmcu ") + SOFTMCU_VERSION);
  CLI11_PARSE(app, argc, argv);

  softmcu::LogLevel level;
  if (!softmcu::ParseLogLevel(log_level, &level)) {
    std::fprintf(stderr, "softmcu: unknown --log-level '%s' (use trace, debug, info, warn or error)\n",
                 log_level.c_str());
    return 2;
  }
  softmcu::InitLogging(level);
  if (check_config) {
    spdlog::info("configuration OK");
    return 0;
  }

  softmcu::EventLoop loop;
  asio::signal_set signals(loop.context(), SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("received {}, shutting down", signo == SIGINT ? "SIGINT" : "SIGTERM");
    loop.Stop();
  });
  spdlog::info("softmcu {} starting (data dir {}, HTTP {})", SOFTMCU_VERSION, data_dir, http_listen);
  for (const auto& l : sip_listen) spdlog::info("SIP listener {} (signaling not built yet)", l);
  spdlog::info("conference engine not built yet: this build only exercises start-up and shutdown");
  loop.Run();
  spdlog::info("stopped cleanly");
  return 0;
}
