#include "control/api/control_server.h"

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/routes.h"
#include "control/api/static_files.h"
#include "core/log.h"
#include "signaling/tls/tls_context_factory.h"

namespace softmcu::control {
namespace {

bool ChangesState(std::string_view method) { return method != "GET" && method != "HEAD"; }

std::string BearerToken(const ApiCall& call) {
  const std::string header = call.Header("Authorization");
  if (header.size() > 7 && strncasecmp(header.c_str(), "Bearer ", 7) == 0) return header.substr(7);
  return {};
}

nlohmann::json ErrorBody(const ControlError& error, Lang lang) {
  return {{"error",
           {{"code", error.code},
            {"field", error.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field)},
            {"message", RenderMessage(error, lang)}}}};
}

const char* StatusClass(int status) {
  if (status < 300) return "2xx";
  if (status < 400) return "3xx";
  if (status < 500) return "4xx";
  return "5xx";
}

}  // namespace

struct ControlServer::Impl {
  ApiServices services;
  HttpOptions options;
  Router router;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  bool tls = false;
  std::atomic<bool> running{false};
  std::map<std::string, Counter*> requests_by_class;
  Gauge* event_streams = nullptr;
  Counter* audit_failures = nullptr;
  uint64_t audit_failures_seen = 0;  // guarded by metrics_mutex
  std::mutex metrics_mutex;

  Impl(ApiServices s, HttpOptions o) : services(s), options(std::move(o)) {
    services.http = &options;
    AddAccountRoutes(router, services);
    AddAddressBookRoutes(router, services);
    AddLiveRoutes(router, services);
    AddRecordRoutes(router, services);
    if (services.metrics != nullptr) {
      for (const char* c : {"2xx", "3xx", "4xx", "5xx"}) {
        requests_by_class[c] = services.metrics->GetCounter("softmcu_api_requests_total", {{"class", c}},
                                                            "Operator API requests by status class");
      }
      event_streams = services.metrics->GetGauge("softmcu_api_event_streams", {}, "Open /api/v1/events streams");
      audit_failures = services.metrics->GetCounter("softmcu_audit_write_failures_total", {},
                                                    "Audit entries that could not be written");
    }
  }

  void Serve(const httplib::Request& req, httplib::Response& res);
  ControlResult<ApiReply> Dispatch(ApiCall& call);
  ControlResult<void> Authenticate(ApiCall& call, const Route& route);
  ControlResult<ApiReply> Metrics(ApiCall& call);
  void Audit(const Route& route, const ApiCall& call, const ControlResult<ApiReply>& result);
  void Write(const ApiCall& call, ControlResult<ApiReply> result, httplib::Response& res);
  void SecurityHeaders(httplib::Response& res) const;
};

void ControlServer::Impl::SecurityHeaders(httplib::Response& res) const {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set_header("Cache-Control", "no-store");
  if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

void ControlServer::Impl::Serve(const httplib::Request& req, httplib::Response& res) {
  ApiCall call;
  call.method = req.method;
  call.path = req.path;
  for (const auto& [key, value] : req.params) call.query.emplace_back(key, value);
  for (const auto& [key, value] : req.headers) call.headers.emplace_back(key, value);
  call.body = req.body;
  call.source = req.remote_addr;
  call.secure = tls;
  call.lang = PickLanguage(call.Query("lang"), CookieValue(call.Header("Cookie"), "softmcu_lang"),
                           call.Header("Accept-Language"));
  Write(call, Dispatch(call), res);
}

ControlResult<ApiReply> ControlServer::Impl::Dispatch(ApiCall& call) {
  if (call.path == "/metrics") {
    if (call.method != "GET") return Fail(ErrorKind::kMethodNotAllowed, "route.method_not_allowed");
    return Metrics(call);
  }
  if (call.path.rfind("/api/", 0) != 0) {
    if (call.method != "GET") return Fail(ErrorKind::kMethodNotAllowed, "route.method_not_allowed");
    return ServeStatic(options.static_dir, call.path, call.lang);
  }
  CONTROL_ASSIGN(auto match, router.Find(call.method, call.path));
  call.params = std::move(match.params);
  const Route& route = *match.route;
  if (route.permission != Permission::kPublic) {
    if (auto ok = Authenticate(call, route); !ok) return Fail(ok.error());
  }
  ControlResult<ApiReply> result = route.handler(call);
  if (!route.action.empty()) Audit(route, call, result);
  return result;
}

ControlResult<void> ControlServer::Impl::Authenticate(ApiCall& call, const Route& route) {
  std::string token = BearerToken(call);
  const bool via_cookie = token.empty();
  if (via_cookie) token = CookieValue(call.Header("Cookie"), "softmcu_session");
  if (token.empty()) return Fail(ErrorKind::kUnauthorized, "auth.required");
  CONTROL_ASSIGN(auto context, services.accounts->Authenticate(token));
  const std::string action = route.action.empty() ? call.method + " " + route.pattern : route.action;
  if (via_cookie && ChangesState(call.method) &&
      !ConstantTimeEquals(call.Header("X-CSRF-Token"), context.csrf_token)) {
    (void)services.audit->Record(AuditEntry{0, 0, AuditCategory::kSecurity, action, context.user, call.source,
                                            call.path, AuditResult::kDenied, "missing or wrong CSRF token"});
    return Fail(ErrorKind::kForbidden, "auth.csrf");
  }
  if (!Allows(context.role, route.permission)) {
    (void)services.audit->Record(AuditEntry{0, 0, AuditCategory::kSecurity, action, context.user, call.source,
                                            call.path, AuditResult::kDenied,
                                            std::string("role ") + ToString(context.role) + " lacks " +
                                                ToString(route.permission)});
    return Fail(ErrorKind::kForbidden, "auth.forbidden", "", {{"permission", ToString(route.permission)}});
  }
  call.auth = std::move(context);
  return {};
}

void ControlServer::Impl::Audit(const Route& route, const ApiCall& call, const ControlResult<ApiReply>& result) {
  AuditEntry entry;
  entry.category = AuditCategory::kAction;
  entry.action = route.action;
  entry.user = call.user();
  entry.source = call.source;
  entry.target = call.audit_target.empty() ? call.path : call.audit_target;
  if (result) {
    entry.result = AuditResult::kOk;
    entry.detail = call.audit_detail;
  } else {
    entry.result = AuditResult::kFailed;
    entry.detail = result.error().code + (result.error().field.empty() ? "" : " (" + result.error().field + ")");
  }
  (void)services.audit->Record(std::move(entry));
}

ControlResult<ApiReply> ControlServer::Impl::Metrics(ApiCall& call) {
  if (services.metrics == nullptr) return Fail(ErrorKind::kNotFound, "route.not_found");
  bool allowed = options.metrics_access == MetricsAccess::kOpen;
  const std::string bearer = BearerToken(call);
  if (!allowed && options.metrics_access == MetricsAccess::kToken && !options.metrics_token.empty()) {
    allowed = ConstantTimeEquals(bearer, options.metrics_token);
  }
  if (!allowed) {
    std::string token = bearer.empty() ? CookieValue(call.Header("Cookie"), "softmcu_session") : bearer;
    if (token.empty()) return Fail(ErrorKind::kUnauthorized, "auth.required");
    CONTROL_TRY(services.accounts->Authenticate(token));
  }
  {
    std::lock_guard<std::mutex> lock(metrics_mutex);
    if (event_streams != nullptr) event_streams->Set(static_cast<double>(services.events->subscriber_count()));
    const uint64_t failures = services.audit->write_failures();
    if (audit_failures != nullptr && failures > audit_failures_seen) audit_failures->Add(failures - audit_failures_seen);
    audit_failures_seen = failures;
  }
  return ApiReply::Text(services.metrics->RenderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
}

void ControlServer::Impl::Write(const ApiCall& call, ControlResult<ApiReply> result, httplib::Response& res) {
  SecurityHeaders(res);
  if (!result) {
    const ControlError& error = result.error();
    res.status = HttpStatus(error.kind);
    if (res.status >= 500) {
      spdlog::error("api: {} {} from {} failed: {}", call.method, call.path, call.source, error.code);
    }
    if (error.kind == ErrorKind::kRateLimited && !error.Arg("retry_after").empty()) {
      res.set_header("Retry-After", error.Arg("retry_after"));
    }
    if (error.kind == ErrorKind::kUnauthorized) res.set_header("WWW-Authenticate", "Bearer realm=\"softmcu\"");
    res.set_content(ErrorBody(error, call.lang).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json; charset=utf-8");
  } else {
    ApiReply& reply = *result;
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    if (reply.event_stream) {
      auto subscription = reply.event_stream;
      const auto keepalive = std::chrono::seconds(std::max(1, options.sse_keepalive_seconds));
      auto greeted = std::make_shared<bool>(false);
      res.set_header("X-Accel-Buffering", "no");
      res.set_chunked_content_provider(
          "text/event-stream",
          [subscription, keepalive, greeted](size_t, httplib::DataSink& sink) {
            std::string out;
            if (!*greeted) {
              *greeted = true;
              out = "retry: 3000\n: connected\n\n";
              return sink.write(out.data(), out.size());
            }
            auto events = subscription->Wait(keepalive);
            if (subscription->closed()) {
              sink.done();
              return true;
            }
            if (events.empty()) out = ": keepalive\n\n";
            for (const auto& e : events) {
              if (e.id != 0) out += "id: " + std::to_string(e.id) + "\n";
              out += "event: " + e.type + "\ndata: " + e.data + "\n\n";
            }
            return sink.write(out.data(), out.size());
          });
    } else if (!reply.content_type.empty()) {
      res.set_content(reply.body, reply.content_type);
    }
  }
  if (auto it = requests_by_class.find(StatusClass(res.status)); it != requests_by_class.end()) it->second->Add();
}

ControlServer::ControlServer(ApiServices services, HttpOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {}

ControlServer::~ControlServer() { Stop(); }

const Router& ControlServer::router() const { return impl_->router; }
bool ControlServer::tls() const { return impl_->tls; }

ControlResult<int> ControlServer::Start() {
  Impl& impl = *impl_;
  const HttpOptions& o = impl.options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    auto ssl = std::make_unique<httplib::SSLServer>(o.tls_cert_file.c_str(), o.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      spdlog::error("http: cannot load TLS certificate {} / key {}: check the files and their permissions",
                    o.tls_cert_file, o.tls_key_file);
      return Fail(ErrorKind::kUnavailable, "http.tls_failed");
    }
    // The same policy as SIP over TLS (signaling/tls/tls_context_factory.h): TLS 1.2 or
    // newer, forward-secret AEAD suites only for TLS 1.2 (OpenSSL's default list still
    // offers RSA key exchange and CBC suites), no compression, no renegotiation.
    SSL_CTX* ctx = ssl->ssl_context();
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(ctx, sip::TlsContextFactory::kTls12Ciphers) != 1) {
      spdlog::error("http: cannot apply the TLS version and cipher policy (OpenSSL refused it)");
      return Fail(ErrorKind::kUnavailable, "http.tls_failed");
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    impl.server = std::move(ssl);
    impl.tls = true;
  } else {
    impl.server = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *impl.server;
  const size_t threads = std::max<size_t>(2, o.worker_threads);
  // httplib's API takes ownership of a raw pointer here (it deletes the queue on stop).
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(o.max_body_bytes);
  server.set_read_timeout(o.read_timeout_seconds, 0);
  server.set_tcp_nodelay(true);
  auto handler = [&impl](const httplib::Request& req, httplib::Response& res) { impl.Serve(req, res); };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  // Errors httplib produces itself (413 over max_body_bytes, 400 unparsable HTTP, 404 for
  // an unknown method) get the same JSON shape as ours.
  server.set_error_handler([&impl](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.is_chunked_content_provider_) return;
    ControlError error{ErrorKind::kMalformed, "route.not_found", "", {}};
    if (res.status == 413) {
      error = ControlError{ErrorKind::kPayloadTooLarge, "request.body_too_large", "",
                           {{"max", std::to_string(impl.options.max_body_bytes)}}};
    } else if (res.status == 404 || res.status == 405) {
      error.code = "route.method_not_allowed";
    } else if (res.status >= 500) {
      error = ControlError{ErrorKind::kInternal, "internal.error", "", {}};
    } else {
      error.code = "request.malformed_json";
    }
    const Lang lang = PickLanguage("", "", req.get_header_value("Accept-Language"));
    impl.SecurityHeaders(res);
    res.set_content(ErrorBody(error, lang).dump(), "application/json; charset=utf-8");
  });
  server.set_exception_handler([&impl](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("api: {} {} from {}: unexpected exception: {}", req.method, req.path, req.remote_addr, what);
    res.status = 500;
    impl.SecurityHeaders(res);
    res.set_content(ErrorBody(ControlError{ErrorKind::kInternal, "internal.error", "", {}}, Lang::kVi).dump(),
                    "application/json; charset=utf-8");
  });

  int port = o.port;
  if (o.port == 0) {
    port = server.bind_to_any_port(o.listen_address);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(o.listen_address, o.port)) {
    port = 0;
  }
  if (port <= 0) {
    spdlog::error("http: cannot listen on {}:{} (address in use, or not an address of this host)", o.listen_address,
                  o.port);
    return Fail(ErrorKind::kUnavailable, "http.bind_failed");
  }
  impl.running = true;
  impl.thread = std::thread([&server] { server.listen_after_bind(); });
  spdlog::info("http: operator API on {}://{}:{}", impl.tls ? "https" : "http", o.listen_address, port);
  return port;
}

void ControlServer::Stop() {
  Impl& impl = *impl_;
  if (!impl.running.exchange(false)) return;
  if (impl.services.events != nullptr) impl.services.events->Close();
  impl.server->stop();
  if (impl.thread.joinable()) impl.thread.join();
}

}  // namespace softmcu::control
