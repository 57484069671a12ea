// The web console against the real `softmcu` daemon (contract: docs/operations.md, the
// daemon's --ready-file) over HTTPS with its self-signed certificate, with synthetic
// endpoints from `softmcu-loadgen` dialling room 1000 over SIP with SRTP.
//
// What runs depends on what this build has: without Chromium the test skips; a daemon
// that does not implement the contract yet (no --ready-file) skips with that message; a
// load generator that cannot place SIP calls yet leaves the room empty, and then the test
// checks the console shows room 1000 live and empty (and says so on stdout).

#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/browser/child_process.h"
#include "tests/browser/console_steps.h"
#include "tests/browser/web_driver.h"

namespace softmcu::testing {
namespace {

using nlohmann::json;

constexpr const char* kAdminPassword = "Softmcu#2026";
constexpr int kEndpoints = 4;

// The last `lines` lines of a log, for a failure message: CI keeps only the test's output.
std::string Tail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::deque<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(std::move(line));
    if (kept.size() > lines) kept.pop_front();
  }
  std::string text;
  for (const auto& line : kept) text += "    " + line + "\n";
  return text.empty() ? "    (empty or missing)\n" : text;
}

json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  return json::parse(in, nullptr, false);
}

class ConsoleDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string missing = WebDriver::MissingPrograms(); !missing.empty()) {
      GTEST_SKIP() << "browser test skipped, " << missing;
    }
    if (::access(SOFTMCU_DAEMON, X_OK) != 0) GTEST_SKIP() << SOFTMCU_DAEMON << " is not built (build the default target)";
    const std::string help = RunForOutput({SOFTMCU_DAEMON, "--help"}, std::chrono::seconds(10));
    if (help.find("--ready-file") == std::string::npos) {
      GTEST_SKIP() << "the softmcu daemon in this build does not implement the start-up contract yet "
                      "(no --ready-file); the console is covered by ConsoleFakeRoomTest";
    }
    artifacts_ = ArtifactDir();
    std::filesystem::remove_all(artifacts_);
    std::filesystem::create_directories(artifacts_ + "/data");
    const std::string ready = artifacts_ + "/ready.json";
    ASSERT_TRUE(daemon_.Start({SOFTMCU_DAEMON, "--data-dir", artifacts_ + "/data", "--sip-listen", "udp:127.0.0.1:0",
                               "--http-listen", "127.0.0.1:0", "--ready-file", ready, "--log-level", "info"},
                              artifacts_ + "/softmcu.log", {{"SOFTMCU_ADMIN_PASSWORD", kAdminPassword}}));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!std::filesystem::exists(ready) && std::chrono::steady_clock::now() < deadline) {
      ASSERT_FALSE(daemon_.Poll()) << "softmcu exited at start; see " << artifacts_ << "/softmcu.log";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const json info = ReadJsonFile(ready);
    ASSERT_TRUE(info.is_object()) << "no ready file from softmcu within 30 s; see " << artifacts_ << "/softmcu.log";
    base_ = info.value("http", "");
    for (const auto& s : info.value("sip", json::array())) {
      if (s.get<std::string>().rfind("udp:", 0) == 0) sip_ = s.get<std::string>().substr(4);
    }
    ASSERT_FALSE(base_.empty()) << info.dump();
    std::cout << "[ artifact ] daemon log and data: " << artifacts_ << std::endl;
    api_ = std::make_unique<httplib::Client>(base_);
    api_->enable_server_certificate_verification(false);  // the daemon's self-signed certificate
    api_->set_read_timeout(10, 0);
    driver_ = WebDriver::Start(artifacts_, /*accept_insecure_certs=*/true);
    ASSERT_TRUE(driver_);
  }

  void TearDown() override {
    const bool failed_before = HasFailure();
    if (failed_before) KeepScreenshotIfAny();
    driver_.reset();
    loadgen_.Stop();
    if (daemon_.running()) EXPECT_EQ(daemon_.Stop(std::chrono::seconds(20)), 0) << "softmcu did not stop cleanly";
    // After the stop, so a shutdown that failed (or a sanitizer's report) is in the tail.
    if (HasFailure() && !artifacts_.empty()) {
      std::cout << "[ failure ] softmcu.log, last lines:\n" << Tail(artifacts_ + "/softmcu.log", 60)
                << "[ failure ] loadgen.log, last lines:\n" << Tail(artifacts_ + "/loadgen.log", 30) << std::flush;
    }
  }

  void KeepScreenshotIfAny() {
    if (driver_) KeepScreenshot(*driver_, "failure");
  }

  std::string Token() {
    auto r = api_->Post("/api/v1/login", json{{"user", "admin"}, {"password", kAdminPassword}}.dump(),
                        "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r && r->status == 200 ? json::parse(r->body).value("token", "") : "";
  }
  json Get(const std::string& path, const std::string& token) {
    auto r = api_->Get(path, {{"Authorization", "Bearer " + token}});
    return r && r->status == 200 ? json::parse(r->body, nullptr, false) : json();
  }

  // Starts the load generator; false when it cannot place SIP calls in this build.
  bool StartEndpoints() {
    if (sip_.empty()) return false;
    if (!loadgen_.Start({SOFTMCU_LOADGEN, "--target", "sip:1000@" + sip_, "--endpoints", std::to_string(kEndpoints),
                         "--srtp", "on", "--duration", "50", "--renditions", "320x180@300", "--quiet"},
                        artifacts_ + "/loadgen.log")) {
      return false;
    }
    // An early exit means it refused the target (no SIP in this build, or a bad option).
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    if (auto status = loadgen_.Poll()) {
      std::ifstream in(artifacts_ + "/loadgen.log");
      std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << "[ note ] softmcu-loadgen exited with " << *status << " before calling: " << log << std::endl;
      return false;
    }
    return true;
  }

  std::string artifacts_, base_, sip_;
  ChildProcess daemon_, loadgen_;
  std::unique_ptr<httplib::Client> api_;
  std::unique_ptr<WebDriver> driver_;
};

TEST_F(ConsoleDaemonTest, TheChairTechnicianRunsRoom1000) {
  const bool endpoints = StartEndpoints();
  LogInThroughTheForm(*driver_, base_, "admin", kAdminPassword);
  ASSERT_TRUE(driver_->WaitFor("the board of room 1000",
                               "const h = document.querySelector('[data-test=room-header]');"
                               "return h && h.textContent.includes('1000');",
                               std::chrono::seconds(15)));
  if (!endpoints) {
    std::cout << "[ note ] no synthetic endpoints (softmcu-loadgen cannot dial over SIP in this build): checking "
                 "that room 1000 is shown live and empty"
              << std::endl;
    EXPECT_EQ(driver_->Execute("return document.querySelectorAll('[data-test=point]').length;"), 0);
    KeepScreenshot(*driver_, "board-empty");
    return;
  }
  ASSERT_TRUE(driver_->WaitFor("every synthetic endpoint connected",
                               "return [...document.querySelectorAll('[data-test=point]')]"
                               "  .filter(c => c.dataset.state === 'connected').length >= arguments[0];",
                               std::chrono::seconds(30), {kEndpoints}));
  const std::string token = Token();
  json participants = Get("/api/v1/rooms/1000/participants", token);
  ASSERT_TRUE(participants.is_array() && !participants.empty());
  uint32_t branch = 0;
  for (const auto& p : participants) {
    if (p.value("role", "") == "branch" && p.value("state", "") == "connected") branch = p["id"];
  }
  ASSERT_NE(branch, 0u) << participants.dump();
  auto requested = api_->Post("/api/v1/rooms/1000/floor/requests", {{"Authorization", "Bearer " + token}},
                              json{{"participant", branch}}.dump(), "application/json");
  ASSERT_TRUE(requested && requested->status == 200) << (requested ? requested->body : "no answer");
  ASSERT_TRUE(GrantFromTheQueue(*driver_, branch, std::chrono::seconds(20)));
  EXPECT_EQ(Get("/api/v1/rooms/1000/floor", token)["holders"], json::array({branch}));

  const json first = WaitForPreview(*driver_, 0, std::nullopt, std::chrono::seconds(20));
  ASSERT_TRUE(first.is_object()) << "no preview from the daemon";
  const std::string layout = Get("/api/v1/rooms/1000/live", token).value("layout", "") == "2x2" ? "3x3" : "2x2";
  ASSERT_TRUE(PickLayout(*driver_, layout, layout == "2x2" ? 4 : 9));
  EXPECT_TRUE(WaitForPreview(*driver_, first["frames"].get<int>(), first["hash"].get<uint32_t>(),
                             std::chrono::seconds(20))
                  .is_object());
  KeepScreenshot(*driver_, "board");
}

}  // namespace
}  // namespace softmcu::testing
