#pragma once
// What the route handlers work with: the stores and services of the control plane, the
// live-control interface and the event hub, and the HTTP options they need. Non-owning
// pointers, all owned by ControlPlane (control_plane.h) and alive while the server runs.

#include <cstdint>
#include <string>
#include <string_view>

#include "control/api/static_files.h"
#include "control/auth/accounts.h"
#include "control/live/event_hub.h"
#include "control/live/live_control.h"
#include "control/records/record_pruner.h"
#include "control/records/report_builder.h"
#include "control/store/audit_log.h"
#include "control/store/booking_store.h"
#include "control/store/logbook.h"
#include "control/store/point_store.h"
#include "control/store/room_store.h"
#include "core/clock.h"
#include "core/metrics.h"

namespace softmcu::control {

// Told after the address book or a room changed through the API, so the daemon can hand
// the new configuration to the conference engine. Called on an HTTP worker thread after
// the change is committed; must not block for long. Lifetime: outlives the server.
class ControlConfigListener {
 public:
  virtual ~ControlConfigListener() = default;
  virtual void OnControlPointChanged(int64_t point_id) = 0;   // created, changed or deleted
  virtual void OnControlRoomChanged(std::string_view number) = 0;
};

// Who may read /metrics (docs/operations.md "Metrics"):
//  kSession: any logged-in account (the default; a scraper logs in like a person would);
//  kToken: `Authorization: Bearer <metrics_token>` (a static secret in the config file, for
//          Prometheus' bearer_token_file) or any session;
//  kOpen: nobody is asked (only when the listener is on a management network).
enum class MetricsAccess { kSession, kToken, kOpen };

enum class CookieSecure { kAlways, kWhenTls };

struct HttpOptions {
  std::string listen_address = "127.0.0.1";
  int port = 8443;                  // 0: any free port (tests)
  std::string tls_cert_file;        // both set: HTTPS; both empty: plain HTTP
  std::string tls_key_file;
  size_t worker_threads = 16;       // each open event stream holds one
  size_t max_event_streams = 8;     // must stay below worker_threads
  size_t max_body_bytes = 64 * 1024;
  // Console assets (config key [http] static_dir). Default: DefaultConsoleDir() — the
  // source tree's console/ or the installed one; empty: the built-in placeholder page.
  std::string static_dir = DefaultConsoleDir();
  CookieSecure cookie_secure = CookieSecure::kAlways;
  MetricsAccess metrics_access = MetricsAccess::kSession;
  std::string metrics_token;
  int sse_keepalive_seconds = 15;
  int read_timeout_seconds = 10;
};

struct ApiServices {
  Accounts* accounts = nullptr;
  PointStore* points = nullptr;
  RoomStore* rooms = nullptr;
  BookingStore* bookings = nullptr;
  Logbook* logbook = nullptr;
  AuditLog* audit = nullptr;
  ReportBuilder* reports = nullptr;
  RecordPruner* pruner = nullptr;
  LiveControl* live = nullptr;          // null until the conference engine is wired: 503
  EventHub* events = nullptr;
  MetricsRegistry* metrics = nullptr;
  ControlConfigListener* config_listener = nullptr;  // optional
  const Clock* clock = nullptr;         // Unix time
  const HttpOptions* http = nullptr;
};

}  // namespace softmcu::control
