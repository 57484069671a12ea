// The HTTP API over loopback: login and sessions, accounts and the password policy, roles,
// CSRF, audit, rate limiting, errors, languages, headers, static files, metrics, HTTPS.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

using nlohmann::json;

TEST_F(ApiTest, LoginReturnsATokenAndSecureCookies) {
  Reply r = Post("/api/v1/login", {{"user", "operator"}, {"password", kOperatorPassword}}, "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["token"].get<std::string>().size(), 64u);
  EXPECT_EQ(r.json["role"], "operator");
  std::string session_cookie, csrf_cookie;
  for (const auto& [name, value] : r.headers) {
    if (name != "Set-Cookie") continue;
    if (value.rfind("softmcu_session=", 0) == 0) session_cookie = value;
    if (value.rfind("softmcu_csrf=", 0) == 0) csrf_cookie = value;
  }
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("Secure"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(csrf_cookie.find("HttpOnly"), std::string::npos);  // the console's script reads it
  Reply session = Get("/api/v1/session", r.json["token"]);
  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(session.json["user"], "operator");
}

TEST_F(ApiTest, EveryEndpointButLoginAndHealthNeedsASession) {
  EXPECT_EQ(Get("/api/v1/health", "").status, 200);
  for (const char* path : {"/api/v1/points", "/api/v1/rooms", "/api/v1/bookings", "/api/v1/audit", "/api/v1/users",
                           "/api/v1/rooms/1000/participants", "/api/v1/logbook", "/api/v1/reports/meetings",
                           "/api/v1/events", "/metrics"}) {
    Reply r = Get(path, "");
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.Code(), "auth.required") << path;
  }
  Reply bad = Get("/api/v1/points", std::string(64, 'f'));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.Code(), "auth.invalid_token");
}

TEST_F(ApiTest, WrongPasswordsAreRefusedAuditedAndRateLimited) {
  for (int i = 0; i < 5; ++i) {
    Reply r = Post("/api/v1/login", {{"user", "viewer"}, {"password", "Wrong#2027x"}}, "");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Code(), "auth.bad_credentials");
  }
  Reply locked = Post("/api/v1/login", {{"user", "viewer"}, {"password", kViewerPassword}}, "");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.Code(), "auth.rate_limited");
  EXPECT_EQ(locked.headers.find("Retry-After")->second, "900");
  auto failures = AuditOf("login");
  int failed = 0;
  for (const auto& e : failures) failed += e.result == AuditResult::kFailed ? 1 : 0;
  EXPECT_EQ(failed, 5);
  EXPECT_EQ(failures.front().source, "127.0.0.1");
  EXPECT_EQ(AuditOf("login.locked").size(), 1u);
}

TEST_F(ApiTest, TokensExpire) {
  clock_.Advance(TimeDelta::Seconds(31 * 60));
  Reply r = Get("/api/v1/points", operator_);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Code(), "auth.session_expired");
}

TEST_F(ApiTest, AnExpiredPasswordIsChangedThroughThePasswordEndpoint) {
  clock_.Advance(TimeDelta::Seconds(181 * 86400));
  Reply login = Post("/api/v1/login", {{"user", "operator"}, {"password", kOperatorPassword}}, "");
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(login.Code(), "auth.password_expired");
  Reply weak = Post("/api/v1/password", {{"user", "operator"}, {"password", kOperatorPassword}, {"new_password", "x"}}, "");
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.Field(), "new_password");
  Reply changed = Post("/api/v1/password",
                       {{"user", "operator"}, {"password", kOperatorPassword}, {"new_password", "Dieu-hanh#2028"}}, "");
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_FALSE(Login("operator", "Dieu-hanh#2028").empty());
  EXPECT_FALSE(AuditOf("password.change").empty());
}

TEST_F(ApiTest, CreatingAUserAppliesEachPasswordRuleWithItsOwnMessage) {
  struct Case {
    const char* password;
    const char* code;
    const char* english;
  };
  const Case cases[] = {
      {"Ab1#xyz", "password.too_short", "at least 8 characters"},
      {"Abcdefg#h", "password.no_digit", "digit"},
      {"ABCDEFG#1", "password.no_lower", "lower-case"},
      {"abcdefg#1", "password.no_upper", "upper-case"},
      {"Abcdefgh1", "password.no_special", "special character"},
      {"Xyz-nguyenvana-1", "password.contains_user", "user name"},
  };
  for (const auto& c : cases) {
    Reply r = Send("POST", "/api/v1/users?lang=en",
                   json{{"user", "nguyenvana"}, {"password", c.password}, {"role", "operator"}}.dump(), admin_);
    EXPECT_EQ(r.status, 422) << c.password;
    EXPECT_EQ(r.Code(), c.code) << c.password;
    EXPECT_EQ(r.Field(), "password");
    EXPECT_NE(r.Message().find(c.english), std::string::npos) << r.Message();
  }
  Reply vi = Post("/api/v1/users", {{"user", "nguyenvana"}, {"password", "abc"}, {"role", "operator"}}, admin_);
  EXPECT_EQ(vi.Message(), "Mật khẩu phải có ít nhất 8 ký tự.");  // Vietnamese by default
  Reply ok = Post("/api/v1/users", {{"user", "nguyenvana"}, {"password", "Hop-tinh#2027"}, {"role", "operator"}}, admin_);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json["role"], "operator");
  EXPECT_EQ(ok.json.count("password_hash"), 0u);
  Reply dup = Post("/api/v1/users", {{"user", "NguyenVanA"}, {"password", "Hop-tinh#2027"}, {"role", "viewer"}}, admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "user.exists");
  Reply role = Post("/api/v1/users", {{"user", "x1"}, {"password", "Hop-tinh#2027"}, {"role", "root"}}, admin_);
  EXPECT_EQ(role.Code(), "user.role_invalid");
  EXPECT_EQ(AuditOf("user.create").size(), 10u);  // every attempt, failed or not
}

TEST_F(ApiTest, OnlyAdminsManageAccountsAndReadTheAudit) {
  EXPECT_EQ(Get("/api/v1/users", operator_).status, 403);
  EXPECT_EQ(Get("/api/v1/audit", viewer_).status, 403);
  Reply created = Post("/api/v1/users", {{"user", "x1"}, {"password", "Hop-tinh#2027"}, {"role", "admin"}}, operator_);
  EXPECT_EQ(created.status, 403);
  EXPECT_EQ(created.Code(), "auth.forbidden");
  Reply users = Get("/api/v1/users", admin_);
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.json.size(), 3u);
  Reply audit = Get("/api/v1/audit", admin_);
  ASSERT_EQ(audit.status, 200);
  // The refused attempt is a security event naming who tried what.
  bool found = false;
  for (const auto& e : audit.json) {
    if (e["action"] == "user.create" && e["result"] == "denied" && e["user"] == "operator") found = true;
  }
  EXPECT_TRUE(found) << audit.body;
}

TEST_F(ApiTest, AdminsChangeRolesDisableResetAndDeleteAccounts) {
  Reply patched = Patch("/api/v1/users/viewer", {{"role", "operator"}}, admin_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["role"], "operator");
  EXPECT_EQ(Patch("/api/v1/users/viewer", {{"disabled", true}}, admin_).status, 200);
  EXPECT_EQ(Get("/api/v1/points", viewer_).status, 401);  // its sessions ended
  EXPECT_EQ(Post("/api/v1/users/viewer/password", {{"password", "Xem-lai#2027"}}, admin_).status, 204);
  EXPECT_EQ(Patch("/api/v1/users/admin", {{"disabled", true}}, admin_).Code(), "user.self");
  EXPECT_EQ(Patch("/api/v1/users/admin", {{"role", "viewer"}}, admin_).Code(), "user.last_admin");
  EXPECT_EQ(Delete("/api/v1/users/viewer", admin_).status, 204);
  EXPECT_EQ(Get("/api/v1/users/viewer", admin_).status, 404);
  EXPECT_EQ(AuditOf("user.update").size(), 4u);
  EXPECT_EQ(AuditOf("user.delete").size(), 1u);
}

TEST_F(ApiTest, CookieSessionsNeedTheCsrfTokenToChangeAnything) {
  Reply login = Post("/api/v1/login", {{"user", "operator"}, {"password", kOperatorPassword}}, "");
  const std::string cookie = "softmcu_session=" + login.json["token"].get<std::string>();
  const std::string csrf = login.json["csrf_token"];
  const std::string body = json{{"name", "Xã A"}, {"sip_uri", "sip:a@10.0.0.1"}}.dump();
  // Reads work with the cookie alone.
  EXPECT_EQ(Get("/api/v1/points", "", {{"Cookie", cookie}}).status, 200);
  Reply forged = Send("POST", "/api/v1/points", body, "", {{"Cookie", cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.Code(), "auth.csrf");
  Reply wrong = Send("POST", "/api/v1/points", body, "", {{"Cookie", cookie}, {"X-CSRF-Token", std::string(32, '0')}});
  EXPECT_EQ(wrong.Code(), "auth.csrf");
  EXPECT_TRUE(plane_->points().List()->empty());
  Reply ok = Send("POST", "/api/v1/points", body, "", {{"Cookie", "softmcu_lang=en; " + cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // A bearer token is not ambient, so it needs no CSRF token.
  EXPECT_EQ(Post("/api/v1/points", {{"name", "Xã B"}, {"sip_uri", "sip:b@10.0.0.2"}}, operator_).status, 201);
  bool audited = false;
  AuditQuery q;
  q.category = AuditCategory::kSecurity;
  auto security = plane_->audit().List(q);
  for (const auto& e : *security) audited = audited || e.detail == "missing or wrong CSRF token";
  EXPECT_TRUE(audited);
}

TEST_F(ApiTest, LogoutEndsTheSession) {
  EXPECT_EQ(Send("POST", "/api/v1/logout", "", operator_).status, 204);
  EXPECT_EQ(Get("/api/v1/points", operator_).status, 401);
}

TEST_F(ApiTest, MalformedRequestsGetJsonErrorsWithoutInternals) {
  Reply malformed = Send("POST", "/api/v1/points", "{\"name\": ", operator_);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Code(), "request.malformed_json");
  EXPECT_FALSE(malformed.Message().empty());
  Reply array = Send("POST", "/api/v1/login", "[]", "");
  EXPECT_EQ(array.Code(), "request.not_object");
  Reply unknown_route = Get("/api/v1/nothing", operator_);
  EXPECT_EQ(unknown_route.status, 404);
  EXPECT_EQ(unknown_route.Code(), "route.not_found");
  Reply wrong_method = Send("PATCH", "/api/v1/points", "{}", operator_);
  EXPECT_EQ(wrong_method.status, 405);
  Reply bad_id = Get("/api/v1/points/abc", operator_);
  EXPECT_EQ(bad_id.status, 400);
  EXPECT_EQ(bad_id.Code(), "request.bad_id");
  Reply missing = Get("/api/v1/points/4242", operator_);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Code(), "point.not_found");
  for (const Reply& r : {malformed, array, unknown_route, wrong_method, bad_id, missing}) {
    EXPECT_EQ(r.body.find("/work"), std::string::npos);
    EXPECT_EQ(r.body.find(".cc"), std::string::npos);
    EXPECT_EQ(r.body.find("SQLite"), std::string::npos);
  }
}

TEST_F(ApiTest, OversizedBodiesAreRefusedWith413) {
  std::string big = "{\"name\": \"" + std::string(100 * 1024, 'x') + "\"}";
  Reply r = Send("POST", "/api/v1/points", big, operator_);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Code(), "request.body_too_large");
}

TEST_F(ApiTest, ResponsesCarrySecurityHeaders) {
  Reply r = Get("/api/v1/points", operator_);
  EXPECT_EQ(r.headers.find("X-Content-Type-Options")->second, "nosniff");
  EXPECT_EQ(r.headers.find("X-Frame-Options")->second, "DENY");
  EXPECT_EQ(r.headers.find("Cache-Control")->second, "no-store");
  EXPECT_NE(r.headers.find("Content-Security-Policy"), r.headers.end());
}

TEST_F(ApiTest, LanguageFollowsQueryCookieAndAcceptLanguage) {
  EXPECT_EQ(Get("/api/v1/points/9", operator_).Message(), "Không có điểm cầu số 9.");
  EXPECT_EQ(Get("/api/v1/points/9?lang=en", operator_).Message(), "No bridge point 9.");
  EXPECT_EQ(Get("/api/v1/points/9", operator_, {{"Accept-Language", "en-GB,en;q=0.8"}}).Message(), "No bridge point 9.");
  EXPECT_EQ(Get("/api/v1/points/9", operator_, {{"Cookie", "softmcu_lang=en"}}).Message(), "No bridge point 9.");
}

TEST_F(ApiTest, TheConsoleRootServesAPage) {
  auto r = Client()->Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("softmcu"), std::string::npos);
  EXPECT_EQ(Client()->Get("/secret.txt")->status, 404);
}

TEST_F(ApiTest, StaticAssetsComeFromTheirDirectoryOnly) {
  plane_.reset();
  TempDir assets;
  std::ofstream(assets.path() + "/index.html") << "<html>console</html>";
  std::ofstream(assets.path() + "/app.js") << "console.log(1)";
  std::ofstream(dir_.path() + "/outside.txt") << "secret";
  ControlOptions options = TestOptions(dir_.path());
  options.http.static_dir = assets.path();
  StartWith(options);
  auto client = Client();
  EXPECT_EQ(client->Get("/")->body, "<html>console</html>");
  auto js = client->Get("/app.js");
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  for (const char* path : {"/../outside.txt", "/%2e%2e/outside.txt", "/.hidden", "/nothing.js"}) {
    auto r = client->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("secret"), std::string::npos) << path;
  }
}

TEST_F(ApiTest, MetricsNeedASessionOrTheScrapeToken) {
  Reply r = Get("/metrics", viewer_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("softmcu_api_requests_total{class=\"2xx\"}"), std::string::npos) << r.body;
  plane_.reset();
  ControlOptions options = TestOptions(dir_.path());
  options.http.metrics_access = MetricsAccess::kToken;
  options.http.metrics_token = "scrape-token-0123456789";
  StartWith(options);
  EXPECT_EQ(Get("/metrics", "scrape-token-0123456789").status, 200);
  EXPECT_EQ(Get("/metrics", "scrape-token-wrong-00000").status, 401);
}

// A throw-away self-signed certificate for the HTTPS test.
void WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  ASSERT_GT(X509_sign(cert, key, EVP_sha256()), 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
}

TEST_F(ApiTest, ServesHttpsWithHsts) {
  plane_.reset();
  ControlOptions options = TestOptions(dir_.path());
  options.http.tls_cert_file = dir_.path() + "/cert.pem";
  options.http.tls_key_file = dir_.path() + "/key.pem";
  WriteSelfSigned(options.http.tls_cert_file, options.http.tls_key_file);
  Open(options);
  plane_->SetLiveControl(&live_);
  auto port = plane_->StartHttp();
  ASSERT_TRUE(port);
  httplib::SSLClient client("127.0.0.1", *port);
  client.enable_server_certificate_verification(false);
  client.set_connection_timeout(5, 0);
  auto r = client.Post("/api/v1/login", json{{"user", "admin"}, {"password", kAdminPassword}}.dump(), "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  // Plain HTTP to the TLS port gets nothing useful.
  httplib::Client plain("127.0.0.1", *port);
  plain.set_connection_timeout(2, 0);
  plain.set_read_timeout(2, 0);
  auto p = plain.Get("/api/v1/health");
  EXPECT_TRUE(!p || p->status != 200);
}

TEST_F(ApiTest, UnreadableTlsFilesFailToStartWithAClearError) {
  plane_.reset();
  ControlOptions options = TestOptions(dir_.path());
  options.http.tls_cert_file = dir_.path() + "/missing-cert.pem";
  options.http.tls_key_file = dir_.path() + "/missing-key.pem";
  Open(options);
  auto port = plane_->StartHttp();
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, "http.tls_failed");
}

}  // namespace
}  // namespace softmcu::control::testing
