#pragma once
// The control plane as the daemon mounts it: opens (creates, migrates) the database in the
// data directory, builds the stores and services on it, and serves the operator API.
//
//   ControlOptions options;                 // from the config file (docs/operations.md)
//   options.data_dir = "/var/lib/softmcu";
//   auto control = ControlPlane::Open(options, UnixClock::Instance(), &MetricsRegistry::Global());
//   auto admin = control->EnsureInitialAdmin(getenv("SOFTMCU_ADMIN_PASSWORD"));  // print once if generated
//   control->SetLiveControl(&engine_adapter);   // before StartHttp; null → live routes answer 503
//   control->StartHttp();
//   every hour:   control->PruneRecords();
//   every 10 s:   for (auto& action : control->DueBookingActions()) engine.Execute(action);
//   security events from the SIP stack: control->audit().RecordSecurityEvent(...)
//   live events from the conference:    control->events().PublishJson(...)
//
// Owns everything it builds; the injected clock (Unix time), metrics registry, live-control
// implementation and config listener are borrowed and must outlive it. The stores are
// thread-safe; DueBookingActions() is for one thread (the daemon's timer).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/api/api_services.h"
#include "control/api/control_server.h"
#include "control/auth/accounts.h"
#include "control/live/event_hub.h"
#include "control/live/live_control.h"
#include "control/records/booking_scheduler.h"
#include "control/records/record_pruner.h"
#include "control/records/report_builder.h"
#include "control/store/audit_log.h"
#include "control/store/booking_store.h"
#include "control/store/database.h"
#include "control/store/logbook.h"
#include "control/store/point_store.h"
#include "control/store/room_store.h"
#include "control/store/session_store.h"
#include "control/store/user_store.h"
#include "core/clock.h"
#include "core/metrics.h"

namespace softmcu::control {

struct ControlOptions {
  std::string data_dir = "softmcu-data";  // the database is <data_dir>/control.db
  std::string database_path;              // overrides data_dir when set (":memory:" for tests)
  Durability durability = Durability::kFull;
  AccountOptions accounts;
  BookingLimits bookings;
  RetentionOptions retention;
  int utc_offset_minutes = 7 * 60;  // reports' calendar (Vietnam, UTC+7)
  HttpOptions http;
  size_t event_queue_capacity = 256;  // per event-stream subscriber

  // Checks the values an operator may get wrong in the config file (config.* errors).
  ControlResult<void> Validate() const;
};

class ControlPlane {
 public:
  static ControlResult<std::unique_ptr<ControlPlane>> Open(ControlOptions options, const Clock* unix_clock,
                                                           MetricsRegistry* metrics);
  ~ControlPlane();

  // First start: see Accounts::EnsureInitialAdmin. `env_password` is SOFTMCU_ADMIN_PASSWORD
  // (nullptr when unset).
  ControlResult<InitialAdmin> EnsureInitialAdmin(const char* env_password);

  // Wiring, before StartHttp().
  void SetLiveControl(LiveControl* live) { services_.live = live; }
  void SetConfigListener(ControlConfigListener* listener) { services_.config_listener = listener; }

  ControlResult<int> StartHttp();  // returns the bound port
  void StopHttp();

  // The retention job (record_pruner.h).
  ControlResult<PruneReport> PruneRecords() { return pruner_->Prune(); }
  // The bookings whose test run / live start / end is due now (booking_scheduler.h).
  ControlResult<std::vector<BookingAction>> DueBookingActions();

  Database& database() { return *db_; }
  PointStore& points() { return *points_; }
  RoomStore& rooms() { return *rooms_; }
  UserStore& users() { return *users_; }
  SessionStore& sessions() { return *sessions_; }
  AuditLog& audit() { return *audit_; }
  BookingStore& bookings() { return *bookings_; }
  Logbook& logbook() { return *logbook_; }
  Accounts& accounts() { return *accounts_; }
  ReportBuilder& reports() { return *reports_; }
  EventHub& events() { return *events_; }
  const ControlOptions& options() const { return options_; }

 private:
  ControlPlane(ControlOptions options, const Clock* clock, MetricsRegistry* metrics)
      : options_(std::move(options)), clock_(clock) {}

  const ControlOptions options_;
  const Clock* const clock_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<PointStore> points_;
  std::unique_ptr<RoomStore> rooms_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<BookingStore> bookings_;
  std::unique_ptr<Logbook> logbook_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<ReportBuilder> reports_;
  std::unique_ptr<RecordPruner> pruner_;
  std::unique_ptr<EventHub> events_;
  BookingScheduler scheduler_;
  ApiServices services_;
  std::unique_ptr<ControlServer> server_;
};

}  // namespace softmcu::control
