// softmcu — the daemon's command line: read the configuration (file, then flags), start
// everything (server/daemon.h), run until SIGINT/SIGTERM, stop cleanly.

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "core/event_loop.h"
#include "core/log.h"
#include "server/config/daemon_config.h"
#include "server/daemon.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "softmcu: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"softmcu — a software MCU for SIP video conferences.\n"
               "With no options it runs the embedded default on loopback: data in ./softmcu-data,\n"
               "room 1000 (chair-controlled), SIP on 5060 (UDP/TCP) and 5061 (TLS), the console on\n"
               "https://127.0.0.1:8443/. Every option is described in docs/operations.md."};
  std::string config_path;
  std::string data_dir;
  std::vector<std::string> sip_listen;
  std::string http_listen;
  std::string http_tls;
  std::string media_address;
  std::string log_level;
  std::string ready_file;
  bool check_config = false;
  app.add_option("--config", config_path, "TOML configuration file (every option has a default)")
      ->check(CLI::ExistingFile);
  app.add_option("--data-dir", data_dir, "Directory for the database, TLS key and records (default softmcu-data)");
  app.add_option("--sip-listen", sip_listen, "SIP listener udp:|tcp:|tls:IP:PORT, repeatable (port 0: any)");
  app.add_option("--http-listen", http_listen, "Console/API listener IP:PORT (default 127.0.0.1:8443)");
  app.add_option("--http-tls", http_tls, "on: HTTPS with the configured or self-signed certificate; off: plain HTTP")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--media-address", media_address, "IP address for RTP, written in SDP (default 127.0.0.1)");
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error (default info)");
  app.add_option("--ready-file", ready_file, "Write JSON with the bound addresses here once everything listens");
  app.add_flag("--check-config", check_config, "Validate the configuration and exit (0: valid)");
  app.set_version_flag("--version", std::string("softmcu ") + SOFTMCU_VERSION);
  CLI11_PARSE(app, argc, argv);

  auto loaded = softmcu::DaemonConfig::Load(config_path);
  if (!loaded) return Fail(loaded.error().message);
  softmcu::DaemonConfig config = *loaded;
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!http_listen.empty()) config.http_listen = http_listen;
  if (!http_tls.empty()) config.http_tls = http_tls == "on";
  if (!media_address.empty()) config.media_address = media_address;
  if (!log_level.empty()) config.log_level = log_level;
  if (!sip_listen.empty()) {
    config.sip_listen.clear();
    for (const auto& text : sip_listen) {
      auto parsed = softmcu::SipListen::Parse(text);
      if (!parsed) return Fail("--sip-listen " + text + ": " + parsed.error().message);
      config.sip_listen.push_back(*parsed);
    }
  }
  if (auto valid = config.Validate(); !valid) return Fail(valid.error().message);

  softmcu::LogLevel level;
  if (!softmcu::ParseLogLevel(config.log_level, &level)) {
    return Fail("unknown log level '" + config.log_level + "' (use trace, debug, info, warn or error)");
  }
  softmcu::InitLogging(level, config.log_file);
  if (check_config) {
    std::printf("softmcu: configuration OK (%s)\n", config_path.empty() ? "defaults" : config_path.c_str());
    return 0;
  }

  // Signals are waited for on a loop of their own; the daemon's threads never see them.
  softmcu::EventLoop loop;
  asio::signal_set signals(loop.context(), SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("received {}, shutting down", signo == SIGINT ? "SIGINT" : "SIGTERM");
    loop.Stop();
  });
  std::signal(SIGPIPE, SIG_IGN);

  spdlog::info("softmcu {} starting (data dir {})", SOFTMCU_VERSION, config.data_dir);
  auto daemon = softmcu::Daemon::Start(
      config, softmcu::DaemonOptions{.ready_file = ready_file, .version = SOFTMCU_VERSION});
  if (!daemon) {
    spdlog::error("cannot start: {}", daemon.error().message);
    return 1;
  }
  loop.Run();
  (*daemon)->Shutdown();
  return 0;
}
