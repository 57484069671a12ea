#pragma once
// The operator API's HTTP(S) server: cpp-httplib underneath (Debian's 0.11.4, a detail of
// this file's .cc), the route table above (router.h, routes.h). Per request it:
//   1. picks the language (messages.h),
//   2. finds the route (404 route.not_found / 405 route.method_not_allowed),
//   3. authenticates: `Authorization: Bearer <token>`, or the console's HttpOnly
//      `softmcu_session` cookie; a cookie-authenticated request that changes anything
//      (POST, PUT, PATCH, DELETE) must carry the session's CSRF token in X-CSRF-Token
//      (synchronizer token: compared with the one stored with the session, so a forged
//      cross-site request that carries the cookie still fails),
//   4. checks the route's permission against the account's role (403, audited),
//   5. runs the handler, audits the action (success or failure) when the route names one,
//   6. answers JSON (or CSV, or an event stream) with security headers; errors are
//      {"error": {"code", "field", "message"}} in the chosen language, never a stack trace
//      or a path.
// Outside /api: GET /metrics (Prometheus text, access per HttpOptions::metrics_access) and
// the web console's static files (HttpOptions::static_dir, by default the console/ folder;
// a built-in placeholder page at / when there is none).
//
// Threads: Start() runs the listener on its own thread; requests are served by a pool of
// HttpOptions::worker_threads (an open event stream holds one worker). Stop() closes the
// event hub (for good: it is the daemon's shutdown path), stops listening and joins; the
// destructor calls it.

#include <memory>

#include "control/api/api_services.h"
#include "control/api/router.h"
#include "control/control_error.h"

namespace softmcu::control {

class ControlServer {
 public:
  // `services` pointers must outlive the server. `services.http` is ignored: the server
  // points it at its own copy of `options`.
  ControlServer(ApiServices services, HttpOptions options);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Binds and starts serving. Returns the bound port (useful with port 0). Errors:
  // http.bind_failed (address in use, bad address), http.tls_failed (unreadable cert/key).
  ControlResult<int> Start();
  void Stop();

  const Router& router() const;
  bool tls() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace softmcu::control
