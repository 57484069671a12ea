#include "control/control_plane.h"

#include "control/unix_clock.h"
#include "core/log.h"

namespace softmcu::control {

ControlResult<void> ControlOptions::Validate() const {
  CONTROL_TRY(retention.Validate());
  if (accounts.policy.min_length < 8) {
    return Fail(ErrorKind::kValidation, "config.password_min_length", "min_length", {{"min", "8"}});
  }
  if (accounts.policy.max_age_days < 1 || accounts.policy.max_age_days > 180) {
    return Fail(ErrorKind::kValidation, "config.password_max_age", "max_age_days", {{"max", "180"}});
  }
  if (bookings.mcu_budget_kbps < 100) {
    return Fail(ErrorKind::kValidation, "config.budget", "mcu_budget_mbps");
  }
  if (http.max_event_streams >= http.worker_threads) {
    return Fail(ErrorKind::kValidation, "config.event_streams", "max_event_streams");
  }
  if (http.tls_cert_file.empty() != http.tls_key_file.empty()) {
    return Fail(ErrorKind::kValidation, "config.tls_pair", http.tls_cert_file.empty() ? "tls_cert" : "tls_key");
  }
  if (http.metrics_access == MetricsAccess::kToken && http.metrics_token.size() < 16) {
    return Fail(ErrorKind::kValidation, "config.metrics_token", "metrics_token");
  }
  return {};
}

ControlResult<std::unique_ptr<ControlPlane>> ControlPlane::Open(ControlOptions options, const Clock* unix_clock,
                                                                MetricsRegistry* metrics) {
  CONTROL_TRY(options.Validate());
  std::unique_ptr<ControlPlane> plane(new ControlPlane(std::move(options), unix_clock, metrics));
  const ControlOptions& o = plane->options_;
  DatabaseOptions db_options;
  db_options.path = o.database_path.empty() ? o.data_dir + "/control.db" : o.database_path;
  db_options.durability = o.durability;
  CONTROL_ASSIGN(plane->db_, Database::Open(db_options));
  Database* db = plane->db_.get();
  plane->points_ = std::make_unique<PointStore>(db, unix_clock);
  plane->rooms_ = std::make_unique<RoomStore>(db, unix_clock);
  plane->users_ = std::make_unique<UserStore>(db);
  plane->sessions_ = std::make_unique<SessionStore>(db);
  plane->audit_ = std::make_unique<AuditLog>(db, unix_clock);
  plane->bookings_ = std::make_unique<BookingStore>(db, unix_clock, o.bookings);
  plane->logbook_ = std::make_unique<Logbook>(db, unix_clock);
  plane->accounts_ = std::make_unique<Accounts>(plane->users_.get(), plane->sessions_.get(), plane->audit_.get(),
                                                unix_clock, o.accounts);
  plane->reports_ = std::make_unique<ReportBuilder>(plane->logbook_.get(), plane->bookings_.get(),
                                                    plane->points_.get(), o.utc_offset_minutes);
  plane->pruner_ = std::make_unique<RecordPruner>(plane->audit_.get(), plane->logbook_.get(), plane->sessions_.get(),
                                                  unix_clock, o.retention, o.accounts.session_idle);
  plane->events_ = std::make_unique<EventHub>(o.event_queue_capacity, o.http.max_event_streams);
  ApiServices& s = plane->services_;
  s.accounts = plane->accounts_.get();
  s.points = plane->points_.get();
  s.rooms = plane->rooms_.get();
  s.bookings = plane->bookings_.get();
  s.logbook = plane->logbook_.get();
  s.audit = plane->audit_.get();
  s.reports = plane->reports_.get();
  s.pruner = plane->pruner_.get();
  s.events = plane->events_.get();
  s.metrics = metrics;
  s.clock = unix_clock;
  return plane;
}

ControlPlane::~ControlPlane() { StopHttp(); }

ControlResult<InitialAdmin> ControlPlane::EnsureInitialAdmin(const char* env_password) {
  std::optional<std::string_view> password;
  if (env_password != nullptr) password = env_password;
  return accounts_->EnsureInitialAdmin(password);
}

ControlResult<int> ControlPlane::StartHttp() {
  if (server_) return Fail(ErrorKind::kConflict, "http.already_started");
  server_ = std::make_unique<ControlServer>(services_, options_.http);
  auto port = server_->Start();
  if (!port) server_.reset();
  return port;
}

void ControlPlane::StopHttp() {
  if (server_) server_->Stop();
  server_.reset();
}

ControlResult<std::vector<BookingAction>> ControlPlane::DueBookingActions() {
  const int64_t now = UnixSeconds(*clock_);
  // Every booking that may be running: a meeting lasts at most a day and its test run may
  // be a week ahead, so a window of [now - 1 day, now + 8 days) covers them.
  CONTROL_ASSIGN(auto list, bookings_->List(now - 86400, now + 8 * 86400, /*include_cancelled=*/true));
  return scheduler_.Update(list, now);
}

}  // namespace softmcu::control
