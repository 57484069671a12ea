#pragma once
// Test scaffolding for control/: a temporary data directory, a simulated Unix clock, a
// ControlPlane on them, and (ApiTest) the real HTTP server on an ephemeral loopback port
// with an httplib client and three accounts (admin, operator, viewer).

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "control/control_plane.h"
#include "control/model/iso_time.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "tests/control/fake_live_control.h"

namespace softmcu::control::testing {

inline constexpr const char* kAdminPassword = "Quan-tri#2027";
inline constexpr const char* kOperatorPassword = "Dieu-hanh#2027";
inline constexpr const char* kViewerPassword = "Xem-only#2027";

// 2027-01-04T01:00:00Z (08:00 in Vietnam), a Monday.
inline Timestamp TestEpoch() { return Timestamp::Seconds(*ParseIsoTime("2027-01-04T01:00:00Z")); }

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "softmcu-control-XXXXXX").string();
    SOFTMCU_CHECK(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline ControlOptions TestOptions(const std::string& dir) {
  ControlOptions o;
  o.data_dir = dir;
  o.durability = Durability::kNormal;       // throw-away databases; production is kFull
  o.accounts.pbkdf2_iterations = 1000;      // production: 600 000
  o.http.port = 0;
  o.http.worker_threads = 8;
  o.http.max_event_streams = 2;
  o.http.sse_keepalive_seconds = 1;
  return o;
}

class ControlTest : public ::testing::Test {
 protected:
  void Open(ControlOptions options) {
    options_ = std::move(options);
    auto plane = ControlPlane::Open(options_, &clock_, &metrics_);
    ASSERT_TRUE(plane) << plane.error().code;
    plane_ = std::move(*plane);
  }
  void Open() { Open(TestOptions(dir_.path())); }
  void Reopen() {
    plane_.reset();
    Open(options_);
  }
  int64_t Now() const { return clock_.Now().us() / 1'000'000; }

  TempDir dir_;
  SimulatedClock clock_{TestEpoch()};
  MetricsRegistry metrics_;
  ControlOptions options_;
  std::unique_ptr<ControlPlane> plane_;
};

struct Reply {
  int status = 0;
  nlohmann::json json;
  std::string body;
  httplib::Headers headers;
  std::string Code() const { return json.contains("error") ? json["error"].value("code", "") : ""; }
  std::string Field() const {
    return json.contains("error") && json["error"]["field"].is_string() ? json["error"]["field"].get<std::string>() : "";
  }
  std::string Message() const { return json.contains("error") ? json["error"].value("message", "") : ""; }
};

class ApiTest : public ControlTest {
 protected:
  void SetUp() override { StartWith(TestOptions(dir_.path())); }

  void StartWith(ControlOptions options) {
    Open(std::move(options));
    ASSERT_TRUE(plane_->EnsureInitialAdmin(kAdminPassword));
    if (!*plane_->users().Find("operator")) {  // a restarted fixture keeps its accounts
      ASSERT_TRUE(plane_->accounts().CreateUser("operator", kOperatorPassword, Role::kOperator));
      ASSERT_TRUE(plane_->accounts().CreateUser("viewer", kViewerPassword, Role::kViewer));
    }
    live_.AddRoom("1000");
    plane_->SetLiveControl(&live_);
    auto port = plane_->StartHttp();
    ASSERT_TRUE(port) << port.error().code;
    port_ = *port;
    admin_ = Login("admin", kAdminPassword);
    operator_ = Login("operator", kOperatorPassword);
    viewer_ = Login("viewer", kViewerPassword);
  }

  std::unique_ptr<httplib::Client> Client() {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(10, 0);
    return client;
  }

  static Reply ToReply(const httplib::Result& result) {
    Reply r;
    if (!result) {
      ADD_FAILURE() << "HTTP request failed: " << httplib::to_string(result.error());
      return r;
    }
    r.status = result->status;
    r.body = result->body;
    r.headers = result->headers;
    if (result->get_header_value("Content-Type").rfind("application/json", 0) == 0) {
      r.json = nlohmann::json::parse(result->body, nullptr, false);
    }
    return r;
  }

  static httplib::Headers Auth(const std::string& token, httplib::Headers extra = {}) {
    if (!token.empty()) extra.emplace("Authorization", "Bearer " + token);
    return extra;
  }

  Reply Get(const std::string& path, const std::string& token, httplib::Headers extra = {}) {
    return ToReply(Client()->Get(path, Auth(token, std::move(extra))));
  }
  Reply Send(const std::string& method, const std::string& path, const std::string& body, const std::string& token,
             httplib::Headers extra = {}) {
    auto client = Client();
    auto headers = Auth(token, std::move(extra));
    if (method == "POST") return ToReply(client->Post(path, headers, body, "application/json"));
    if (method == "PUT") return ToReply(client->Put(path, headers, body, "application/json"));
    if (method == "PATCH") return ToReply(client->Patch(path, headers, body, "application/json"));
    return ToReply(client->Delete(path, headers, body, "application/json"));
  }
  Reply Post(const std::string& path, const nlohmann::json& body, const std::string& token) {
    return Send("POST", path, body.dump(), token);
  }
  Reply Put(const std::string& path, const nlohmann::json& body, const std::string& token) {
    return Send("PUT", path, body.dump(), token);
  }
  Reply Patch(const std::string& path, const nlohmann::json& body, const std::string& token) {
    return Send("PATCH", path, body.dump(), token);
  }
  Reply Delete(const std::string& path, const std::string& token) { return Send("DELETE", path, "", token); }

  std::string Login(const std::string& user, const std::string& password) {
    Reply r = Post("/api/v1/login", {{"user", user}, {"password", password}}, "");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.value("token", "");
  }

  // A point with a unique name and URI; returns its id.
  int64_t CreatePoint(const std::string& name, double mbps = 2.0) {
    const std::string n = std::to_string(++point_counter_);
    Reply r = Post("/api/v1/points",
                   {{"name", name}, {"sip_uri", "sip:" + n + "@10.0.0." + n}, {"tier", "commune"}, {"bandwidth_mbps", mbps}},
                   operator_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", int64_t{0});
  }

  // Audit entries (newest first) whose action is `action`.
  std::vector<AuditEntry> AuditOf(const std::string& action) {
    AuditQuery q;
    q.action_prefix = action;
    q.limit = 1000;
    auto entries = plane_->audit().List(q);
    EXPECT_TRUE(entries);
    std::vector<AuditEntry> out;
    for (auto& e : *entries) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }

  FakeLiveControl live_;
  int port_ = 0;
  int point_counter_ = 0;
  std::string admin_, operator_, viewer_;
};

}  // namespace softmcu::control::testing
