#pragma once
// The daemon in process for tests: a temporary data directory, loopback listeners on
// OS-chosen ports, plain HTTP, the admin password from SOFTMCU_ADMIN_PASSWORD, and small
// HTTP helpers for the API (docs/api.md). Waits are bounded.

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/daemon.h"

namespace softmcu {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kAdminPassword = "Softmcu#2026";

class DaemonFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("softmcu-daemon-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    ::setenv("SOFTMCU_ADMIN_PASSWORD", kAdminPassword, 1);
    config_ = DaemonConfig::Defaults();
    config_.data_dir = (dir_ / "data").string();
    config_.sip_listen = {*SipListen::Parse("udp:127.0.0.1:0"), *SipListen::Parse("tcp:127.0.0.1:0")};
    config_.http_listen = "127.0.0.1:0";
    config_.http_tls = false;
    config_.media_workers = 1;
    config_.rtp_timeout_seconds = 30;  // the stand-in terminal sends no RTP
  }
  void TearDown() override {
    daemon_.reset();
    fs::remove_all(dir_);
  }

  void StartDaemon() {
    auto started = Daemon::Start(config_, DaemonOptions{.ready_file = (dir_ / "ready.json").string()});
    ASSERT_TRUE(started.has_value()) << started.error().message;
    daemon_ = std::move(*started);
    const std::string http = daemon_->ready().http;
    port_ = std::stoi(http.substr(http.rfind(':') + 1));
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(10, 0);
    return client;
  }

  std::string Login() {
    auto client = Client();
    auto r = client.Post("/api/v1/login", nlohmann::json{{"user", "admin"}, {"password", kAdminPassword}}.dump(),
                         "application/json");
    if (!r || r->status != 200) return "";
    return nlohmann::json::parse(r->body).value("token", "");
  }

  nlohmann::json GetJson(const std::string& path, const std::string& token) {
    auto client = Client();
    auto r = client.Get(path, httplib::Headers{{"Authorization", "Bearer " + token}});
    if (!r) return nullptr;
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  int Post(const std::string& path, const nlohmann::json& body, const std::string& token) {
    auto client = Client();
    auto r = client.Post(path, httplib::Headers{{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    return r ? r->status : -1;
  }

  int Delete(const std::string& path, const std::string& token) {
    auto client = Client();
    auto r = client.Delete(path, httplib::Headers{{"Authorization", "Bearer " + token}});
    return r ? r->status : -1;
  }

  // The room's participants as the API lists them (empty on any failure).
  nlohmann::json Participants(const std::string& token, const std::string& room = "1000") {
    auto list = GetJson("/api/v1/rooms/" + room + "/participants", token);
    return list.is_array() ? list : nlohmann::json::array();
  }

  std::string SipUdp() const {
    for (const auto& s : daemon_->ready().sip) {
      if (s.rfind("udp:", 0) == 0) return s.substr(4);
    }
    return "";
  }

  template <typename Pred>
  bool WaitUntil(Pred pred, std::chrono::milliseconds limit = 10s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (pred()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return pred();
  }

  fs::path dir_;
  DaemonConfig config_;
  std::unique_ptr<Daemon> daemon_;
  int port_ = 0;
};

}  // namespace softmcu
