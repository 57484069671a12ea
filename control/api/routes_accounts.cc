// Routes: login, logout, session, password, users, audit (docs/api.md "Accounts", "Audit").
#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/routes.h"
#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/records/csv_writer.h"

namespace softmcu::control {
namespace {

std::string CookieAttributes(const ApiServices& s, const ApiCall& call, int64_t max_age) {
  std::string attributes = "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Strict";
  if (s.http->cookie_secure == CookieSecure::kAlways || call.secure) attributes += "; Secure";
  return attributes;
}

nlohmann::json SessionJson(const AuthContext& context) {
  nlohmann::json permissions = nlohmann::json::array();
  for (auto p : {Permission::kView, Permission::kOwnAccount, Permission::kControlLive, Permission::kEditConfig,
                 Permission::kEditBookings, Permission::kWriteLogbook, Permission::kManageUsers, Permission::kViewAudit,
                 Permission::kManageRecords}) {
    if (Allows(context.role, p)) permissions.push_back(ToString(p));
  }
  return {{"user", context.user},
          {"role", ToString(context.role)},
          {"csrf_token", context.csrf_token},
          {"expires_at", FormatIsoTime(context.expires_at)},
          {"password_expires_at", FormatIsoTime(context.password_expires_at)},
          {"permissions", permissions}};
}

nlohmann::json UserJson(const User& u, const PasswordPolicy& policy) {
  return {{"user", u.name},
          {"role", ToString(u.role)},
          {"disabled", u.disabled},
          {"must_change_password", u.must_change},
          {"created_at", FormatIsoTime(u.created_at)},
          {"last_login_at", u.last_login_at ? nlohmann::json(FormatIsoTime(*u.last_login_at)) : nlohmann::json(nullptr)},
          {"password_changed_at", FormatIsoTime(u.password_changed_at)},
          {"password_expires_at", FormatIsoTime(policy.ExpiresAt(u.password_changed_at))}};
}

// An optional "role" field, checked.
std::optional<Role> ReadRole(JsonReader& r, Presence presence) {
  auto text = r.Text("role", presence, 16);
  if (!text) return std::nullopt;
  auto role = ParseRole(*text);
  if (!role) r.Reject(ControlError{ErrorKind::kValidation, "user.role_invalid", "role", {}});
  return role;
}

ControlResult<ApiReply> Login(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto user = r.Text("user", Presence::kRequired, 64);
  auto password = r.TextAllowEmpty("password", Presence::kRequired, 1024);
  CONTROL_TRY(r.Finish());
  CONTROL_ASSIGN(auto login, s.accounts->Login(*user, *password, call.source));
  call.audit_target = login.context.user;
  nlohmann::json out = SessionJson(login.context);
  out["token"] = login.token;
  ApiReply reply = ApiReply::Json(out);
  const int64_t ttl = s.accounts->options().session_ttl.ms() / 1000;
  reply.headers.emplace_back("Set-Cookie", "softmcu_session=" + login.token + CookieAttributes(s, call, ttl) + "; HttpOnly");
  // Readable by the console's script, which echoes it in X-CSRF-Token (the server compares
  // it with the token stored in the session, not with this cookie).
  reply.headers.emplace_back("Set-Cookie", "softmcu_csrf=" + login.context.csrf_token + CookieAttributes(s, call, ttl));
  return reply;
}

ControlResult<ApiReply> Logout(const ApiServices& s, ApiCall& call) {
  CONTROL_TRY(s.accounts->Logout(*call.auth));
  ApiReply reply = ApiReply::NoContent();
  reply.headers.emplace_back("Set-Cookie", "softmcu_session=" + CookieAttributes(s, call, 0) + "; HttpOnly");
  reply.headers.emplace_back("Set-Cookie", "softmcu_csrf=" + CookieAttributes(s, call, 0));
  return reply;
}

ControlResult<ApiReply> ChangePassword(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto user = r.Text("user", Presence::kRequired, 64);
  auto current = r.TextAllowEmpty("password", Presence::kRequired, 1024);
  auto next = r.TextAllowEmpty("new_password", Presence::kRequired, 1024);
  CONTROL_TRY(r.Finish());
  CONTROL_TRY(s.accounts->ChangePassword(*user, *current, *next, call.source));
  return ApiReply::NoContent();
}

ControlResult<ApiReply> CreateUser(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto name = r.Text("user", Presence::kRequired, 64);
  auto password = r.TextAllowEmpty("password", Presence::kRequired, 1024);
  auto role = ReadRole(r, Presence::kRequired);
  CONTROL_TRY(r.Finish());
  call.audit_target = "user " + *name;
  CONTROL_ASSIGN(auto user, s.accounts->CreateUser(*name, *password, *role));
  call.audit_detail = std::string("role ") + ToString(user.role);
  return ApiReply::Json(UserJson(user, s.accounts->options().policy), 201);
}

ControlResult<ApiReply> UpdateUser(const ApiServices& s, ApiCall& call) {
  const std::string& name = call.params.at("name");
  call.audit_target = "user " + name;
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto role = ReadRole(r, Presence::kOptional);
  auto disabled = r.Bool("disabled", Presence::kOptional);
  CONTROL_TRY(r.Finish());
  if (role) CONTROL_TRY(s.accounts->SetRole(name, *role, call.user()));
  if (disabled) CONTROL_TRY(s.accounts->SetDisabled(name, *disabled, call.user()));
  call.audit_detail = (role ? std::string("role ") + ToString(*role) + " " : "") +
                      (disabled ? (*disabled ? "disabled" : "enabled") : "");
  CONTROL_ASSIGN(auto user, s.accounts->users()->Get(name));
  return ApiReply::Json(UserJson(user, s.accounts->options().policy));
}

ControlResult<ApiReply> ListAudit(const ApiServices& s, ApiCall& call) {
  AuditQuery q;
  CONTROL_ASSIGN(q.from, TimeQuery(call, "from"));
  CONTROL_ASSIGN(q.to, TimeQuery(call, "to"));
  CONTROL_ASSIGN(q.before_id, IntQuery(call, "before", 1, INT64_MAX));
  CONTROL_ASSIGN(auto limit, IntQuery(call, "limit", 1, 10'000));
  q.limit = static_cast<size_t>(limit.value_or(100));
  q.user = call.Query("user");
  q.action_prefix = call.Query("action");
  if (call.HasQuery("category")) {
    const std::string category = call.Query("category");
    if (category == "action") {
      q.category = AuditCategory::kAction;
    } else if (category == "security") {
      q.category = AuditCategory::kSecurity;
    } else {
      return Fail(ErrorKind::kMalformed, "request.bad_query", "category");
    }
  }
  CONTROL_ASSIGN(auto entries, s.audit->List(q));
  if (call.WantsCsv()) {
    CsvWriter csv(call.Query("bom") == "0" ? CsvBom::kWithout : CsvBom::kWith);
    for (const char* h : {"id", "time", "category", "action", "user", "source", "target", "result", "detail"}) csv.Text(h);
    csv.EndRow();
    for (const auto& e : entries) {
      csv.Number(e.id).Text(FormatIsoTime(e.time)).Text(ToString(e.category)).Text(e.action).Text(e.user);
      csv.Text(e.source).Text(e.target).Text(ToString(e.result)).Text(e.detail);
      csv.EndRow();
    }
    return ApiReply::Text(csv.data(), "text/csv; charset=utf-8");
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries) {
    out.push_back({{"id", e.id},
                   {"time", FormatIsoTime(e.time)},
                   {"category", ToString(e.category)},
                   {"action", e.action},
                   {"user", e.user},
                   {"source", e.source},
                   {"target", e.target},
                   {"result", ToString(e.result)},
                   {"detail", e.detail}});
  }
  return ApiReply::Json(out);
}

}  // namespace

void AddAccountRoutes(Router& router, const ApiServices& services) {
  const ApiServices* s = &services;
  router.Add({"POST", "/api/v1/login", Permission::kPublic, "", [s](ApiCall& c) { return Login(*s, c); }});
  router.Add({"POST", "/api/v1/logout", Permission::kOwnAccount, "logout", [s](ApiCall& c) { return Logout(*s, c); }});
  router.Add({"GET", "/api/v1/session", Permission::kOwnAccount, "",
              [](ApiCall& c) -> ControlResult<ApiReply> { return ApiReply::Json(SessionJson(*c.auth)); }});
  router.Add({"POST", "/api/v1/password", Permission::kPublic, "",
              [s](ApiCall& c) { return ChangePassword(*s, c); }});
  router.Add({"GET", "/api/v1/users", Permission::kManageUsers, "", [s](ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto users, s->accounts->users()->List());
                nlohmann::json out = nlohmann::json::array();
                for (const auto& u : users) out.push_back(UserJson(u, s->accounts->options().policy));
                return ApiReply::Json(out);
              }});
  router.Add({"POST", "/api/v1/users", Permission::kManageUsers, "user.create",
              [s](ApiCall& c) { return CreateUser(*s, c); }});
  router.Add({"GET", "/api/v1/users/{name}", Permission::kManageUsers, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto user, s->accounts->users()->Get(c.params.at("name")));
                return ApiReply::Json(UserJson(user, s->accounts->options().policy));
              }});
  router.Add({"PATCH", "/api/v1/users/{name}", Permission::kManageUsers, "user.update",
              [s](ApiCall& c) { return UpdateUser(*s, c); }});
  router.Add({"POST", "/api/v1/users/{name}/password", Permission::kManageUsers, "user.reset_password",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                c.audit_target = "user " + c.params.at("name");
                CONTROL_ASSIGN(auto body, BodyObject(c));
                JsonReader r(body);
                auto password = r.TextAllowEmpty("password", Presence::kRequired, 1024);
                CONTROL_TRY(r.Finish());
                CONTROL_TRY(s->accounts->ResetPassword(c.params.at("name"), *password));
                return ApiReply::NoContent();
              }});
  router.Add({"DELETE", "/api/v1/users/{name}", Permission::kManageUsers, "user.delete",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                c.audit_target = "user " + c.params.at("name");
                CONTROL_TRY(s->accounts->DeleteUser(c.params.at("name"), c.user()));
                return ApiReply::NoContent();
              }});
  router.Add({"GET", "/api/v1/audit", Permission::kViewAudit, "", [s](ApiCall& c) { return ListAudit(*s, c); }});
}

}  // namespace softmcu::control
