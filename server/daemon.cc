#include "server/daemon.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "conference/call/call_controller.h"
#include "conference/manager/conference_manager.h"
#include "control/api/messages.h"
#include "control/control_plane.h"
#include "control/unix_clock.h"
#include "core/metrics.h"
#include "server/engine/engine_events.h"
#include "server/engine/live_engine.h"
#include "server/engine/meeting_book.h"
#include "server/engine/store_directory.h"
#include "signaling/sip_stack.h"
#include "signaling/tls/self_signed_certificate.h"
#include "transport/security/security_alarm_queue.h"

namespace softmcu {

namespace fs = std::filesystem;

namespace {

std::string Describe(const control::ControlError& error) {
  return control::RenderMessage(error, control::Lang::kEn);
}

// "127.0.0.1:8443", "[::1]:8443" → address and port.
Result<std::pair<std::string, int>> ParseHostPort(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return MakeError(ErrorCode::kInvalidArgument, "http.listen: expected IP:PORT, got " + text);
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(text.substr(colon + 1));
  } catch (...) {
    return MakeError(ErrorCode::kInvalidArgument, "http.listen: bad port in " + text);
  }
  if (port < 0 || port > 65535) return MakeError(ErrorCode::kInvalidArgument, "http.listen: bad port in " + text);
  return std::make_pair(host, port);
}

Result<void> MakePrivateDir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, fmt::format("cannot create {}: {}", path, ec.message()));
  // The directory holds the database and the TLS key: the daemon's user only.
  ::chmod(path.c_str(), 0700);
  return {};
}

template <typename F>
void RunOn(EventLoop& loop, F&& fn) {
  std::promise<void> done;
  auto future = done.get_future();
  loop.Post([&] {
    fn();
    done.set_value();
  });
  future.wait();
}

}  // namespace

struct Daemon::Parts {
  DaemonConfig config;
  DaemonOptions options;
  DaemonReady ready;
  std::string certificate;
  std::string private_key;

  std::unique_ptr<control::ControlPlane> control;
  std::unique_ptr<MeetingBook> meetings;
  std::unique_ptr<EngineEvents> events;
  std::unique_ptr<ConferenceManager> manager;
  std::unique_ptr<StoreDirectory> directory;
  std::unique_ptr<EventLoopThread> signalling;
  std::unique_ptr<CallController> calls;
  std::unique_ptr<sip::SipStack> stack;
  std::unique_ptr<LiveEngine> live;
  std::unique_ptr<EventLoop::RepeatingTask> bookings_timer;
  std::unique_ptr<EventLoop::RepeatingTask> prune_timer;
  std::unique_ptr<EventLoop::RepeatingTask> alarms_timer;
  SecurityAlarmQueue alarms;
  bool stopped = false;

  Result<void> OpenControl();
  Result<void> EnsureDefaults();
  Result<void> StartEngine();
  Result<void> StartSip();
  Result<void> StartHttp();
  void StartTimers();
  void RestoreMeetings();
  void RunBookings();
  Result<void> WriteReady() const;
};

Result<void> Daemon::Parts::OpenControl() {
  if (auto made = MakePrivateDir(config.data_dir); !made) return made;
  if (config.tls_certificate.empty()) {
    certificate = config.data_dir + "/tls/softmcu.crt";
    private_key = config.data_dir + "/tls/softmcu.key";
    if (auto made = MakePrivateDir(config.data_dir + "/tls"); !made) return made;
    sip::SelfSignedOptions self_signed;
    auto made = sip::SelfSignedCertificate::Ensure(self_signed, certificate, private_key);
    if (!made) return MakeError(made.error().code, "TLS certificate: " + made.error().message);
    if (*made) spdlog::info("generated a self-signed TLS certificate in {}/tls (replace it: docs/operations.md)", config.data_dir);
  } else {
    certificate = config.tls_certificate;
    private_key = config.tls_private_key;
  }

  control::ControlOptions options;
  options.data_dir = config.data_dir;
  options.retention.retention_days = config.retention_days;
  options.bookings.mcu_budget_kbps = static_cast<int64_t>(config.mcu_bandwidth_mbps * 1000);
  auto http = ParseHostPort(config.http_listen);
  if (!http) return tl::unexpected(http.error());
  options.http.listen_address = http->first;
  options.http.port = http->second;
  if (config.http_tls) {
    options.http.tls_cert_file = certificate;
    options.http.tls_key_file = private_key;
  } else {
    options.http.cookie_secure = control::CookieSecure::kWhenTls;
  }
  if (!config.http_static_dir.empty()) options.http.static_dir = config.http_static_dir;
  if (auto valid = options.Validate(); !valid) return MakeError(ErrorCode::kInvalidArgument, Describe(valid.error()));
  auto opened = control::ControlPlane::Open(options, control::UnixClock::Instance(), &MetricsRegistry::Global());
  if (!opened) return MakeError(ErrorCode::kUnavailable, "database: " + Describe(opened.error()));
  control = std::move(*opened);
  return {};
}

Result<void> Daemon::Parts::EnsureDefaults() {
  auto admin = control->EnsureInitialAdmin(std::getenv("SOFTMCU_ADMIN_PASSWORD"));
  if (!admin) return MakeError(ErrorCode::kInvalidArgument, "first admin account: " + Describe(admin.error()));
  if (admin->created && admin->generated) {
    std::fprintf(options.announce,
                 "\nsoftmcu: first start — the console's admin account is \"admin\" with the one-time password\n\n"
                 "    %s\n\nIt is shown only now; you must change it at the first login.\n\n",
                 admin->password.c_str());
    std::fflush(options.announce);
  } else if (admin->created) {
    spdlog::info("created the admin account with the password from SOFTMCU_ADMIN_PASSWORD");
  }
  auto rooms = control->rooms().List();
  if (!rooms) return MakeError(ErrorCode::kUnavailable, "database: " + Describe(rooms.error()));
  if (rooms->empty()) {
    control::Room room;
    room.number = config.default_room_number;
    room.name = config.default_room_name;
    room.mode = *control::ParseRoomMode(config.default_room_mode);
    room.layout = config.default_room_layout;
    room.srtp_required = config.default_room_srtp_required;
    auto created = control->rooms().Create(room);
    if (!created) return MakeError(ErrorCode::kInvalidArgument, "default room: " + Describe(created.error()));
    spdlog::info("created the default room {} \"{}\" ({}, layout {})", room.number, room.name,
                 config.default_room_mode, room.layout);
  }
  return {};
}

Result<void> Daemon::Parts::StartEngine() {
  meetings = std::make_unique<MeetingBook>(&control->logbook());
  events = std::make_unique<EngineEvents>(&control->events(), &control->audit(), meetings.get(),
                                          SystemClock::Instance(), control::UnixClock::Instance());
  ConferenceConfig conference;
  conference.workers = static_cast<size_t>(config.media_workers);
  conference.media.address = config.media_address;
  conference.media.port_min = config.media_port_min;
  conference.media.port_max = config.media_port_max;
  conference.media_timeout = TimeDelta::Seconds(config.rtp_timeout_seconds);
  conference.metrics = &MetricsRegistry::Global();
  conference.security_alarms = &alarms;
  manager = std::make_unique<ConferenceManager>(conference, events.get(), SystemClock::Instance());

  std::vector<control::Cidr> allow;
  for (const auto& text : config.sip_allow_sources) allow.push_back(*control::Cidr::Parse(text));
  directory = std::make_unique<StoreDirectory>(&control->rooms(), &control->points(), std::move(allow), RoomConfig{});

  CallControllerConfig calls_config;
  calls_config.max_calls = static_cast<size_t>(config.max_calls);
  calls_config.metrics = &MetricsRegistry::Global();
  calls_config.dialout_retries = config.dialout_retries;
  calls_config.dialout_backoff = TimeDelta::Seconds(config.dialout_backoff_seconds);
  calls_config.redial = RedialPolicy{.initial = TimeDelta::Seconds(config.redial_initial_seconds),
                                     .max = TimeDelta::Seconds(config.redial_max_seconds),
                                     .max_attempts = config.redial_max_attempts};
  signalling = std::make_unique<EventLoopThread>("sip");
  calls = std::make_unique<CallController>(calls_config, &signalling->loop(), manager.get(), directory.get(),
                                           events.get(), SystemClock::Instance());
  events->SetEngine(manager.get(), calls.get());
  live = std::make_unique<LiveEngine>(manager.get(), calls.get(), &control->rooms(), meetings.get(),
                                      &control->events(), SystemClock::Instance(), control::UnixClock::Instance());
  control->SetLiveControl(live.get());
  return {};
}

Result<void> Daemon::Parts::StartSip() {
  sip::SipStackConfig sip_config;
  for (const auto& l : config.sip_listen) {
    auto address = sip::TransportAddress::Parse(l.text);
    if (!address) return MakeError(ErrorCode::kInvalidArgument, "sip.listen: cannot use " + l.text);
    sip_config.listen.push_back(*address);
  }
  sip_config.transport.tls.certificate_file = certificate;
  sip_config.transport.tls.private_key_file = private_key;
  sip_config.transport.advertised_host = config.sip_domain;
  sip_config.user_agent.max_calls = static_cast<size_t>(config.max_calls) + 16;
  sip_config.user_agent.rate_limit.requests_per_second = config.sip_rate_per_source;
  sip_config.user_agent.auth_block.max_failures = config.auth_failures_before_block;
  sip_config.user_agent.auth_block.block_duration = TimeDelta::Seconds(config.auth_block_seconds);
  Result<std::vector<sip::TransportAddress>> bound = MakeError(ErrorCode::kInternal, "not started");
  RunOn(signalling->loop(), [&] {
    stack = std::make_unique<sip::SipStack>(&signalling->loop(), sip_config, calls.get(), calls.get(), events.get());
    bound = stack->Start();
  });
  if (!bound) return MakeError(bound.error().code, "SIP listeners: " + bound.error().message);
  calls->SetStack(stack.get());
  calls->Start();
  for (const auto& b : *bound) ready.sip.push_back(b.ToString());
  return {};
}

Result<void> Daemon::Parts::StartHttp() {
  auto port = control->StartHttp();
  if (!port) return MakeError(ErrorCode::kUnavailable, "HTTP listener: " + Describe(port.error()));
  auto http = ParseHostPort(config.http_listen);
  const std::string host = http->first.find(':') != std::string::npos ? "[" + http->first + "]" : http->first;
  ready.http = fmt::format("{}://{}:{}", config.http_tls ? "https" : "http", host, *port);
  spdlog::info("console and API on {}/ (API: {}/api/v1, docs/api.md)", ready.http, ready.http);
  return {};
}

void Daemon::Parts::RunBookings() {
  auto actions = control->DueBookingActions();
  if (!actions) return;
  for (const auto& action : *actions) {
    spdlog::info("booking {}: {} in room {}", action.booking_id, control::ToString(action.kind), action.room);
    control::LiveResult<void> done;
    switch (action.kind) {
      case control::BookingActionKind::kOpenTestRun:
        done = live->StartMeeting(action.room, control::MeetingRequest{.phase = control::MeetingPhase::kTest,
                                                                       .booking_id = action.booking_id,
                                                                       .point_ids = action.point_ids});
        break;
      case control::BookingActionKind::kGoLive:
        done = live->StartMeeting(action.room, control::MeetingRequest{.phase = control::MeetingPhase::kLive,
                                                                       .booking_id = action.booking_id,
                                                                       .point_ids = action.point_ids});
        break;
      case control::BookingActionKind::kEnd:
        done = live->EndMeeting(action.room);
        break;
    }
    if (!done) spdlog::warn("booking {}: {} failed: {}", action.booking_id, control::ToString(action.kind), done.error().message);
  }
}

void Daemon::Parts::StartTimers() {
  RunOn(events->loop(), [this] {
    bookings_timer = events->loop().Every(TimeDelta::Seconds(10), [this] { RunBookings(); });
    // Media threads queue their security alarms; the audit log (SQLite) is written here.
    alarms_timer = events->loop().Every(TimeDelta::Seconds(1), [this] {
      for (const auto& alarm : alarms.Drain()) {
        control->audit().RecordSecurityEvent(alarm.AuditAction(), alarm.source, alarm.Target(), alarm.Describe());
        std::string room;
        for (const auto& [key, value] : alarm.point) {
          if (key == "room") room = value;
        }
        control->events().PublishJson("security_alarm", room,
                                      nlohmann::json{{"action", alarm.AuditAction()}, {"target", alarm.Target()},
                                                     {"detail", alarm.Describe()}});
      }
    });
    prune_timer = events->loop().Every(TimeDelta::Seconds(3600), [this] {
      if (auto pruned = control->PruneRecords(); pruned && (pruned->meetings > 0 || pruned->audit_entries > 0)) {
        spdlog::info("retention: removed {} meetings and {} audit entries older than {} days", pruned->meetings,
                     pruned->audit_entries, config.retention_days);
      }
    });
  });
  events->Start();
}

void Daemon::Parts::RestoreMeetings() {
  // A meeting the logbook shows without an end was running when the daemon died: reopen
  // its room in the same phase and call its points again.
  const int64_t now = control::UnixSeconds(*control::UnixClock::Instance());
  auto meetings_running = control->logbook().ListMeetings(now - 2 * 86400, now + 1);
  if (!meetings_running) return;
  for (const auto& m : *meetings_running) {
    if (m.ended_at) continue;
    if (meetings->Current(m.start.room_number)) continue;
    if (!control->rooms().Get(m.start.room_number)) {
      (void)control->logbook().EndMeeting(m.id);
      continue;
    }
    spdlog::warn("room {}: meeting {} was running when softmcu stopped; restoring it and redialling its points",
                 m.start.room_number, m.id);
    meetings->Adopt(m.start.room_number, RunningMeeting{.id = m.id, .kind = m.start.kind,
                                                        .booking_id = m.start.booking_id});
    (void)control->logbook().RecordIncident(m.id, control::PointRef{.name = "softmcu"}, control::IncidentCause::kOther,
                                            "the MCU restarted; points redialled", "softmcu");
    if (calls->EnsureRoomOpen(m.start.room_number)) {
      const bool test = m.start.kind == control::MeetingKind::kTest;
      (void)manager->Run<bool>(m.start.room_number, [test](Room& r) -> Result<bool> {
        if (auto s = r.SetPhase(test ? RoomPhase::kTestRun : RoomPhase::kLive); !s) return tl::unexpected(s.error());
        return true;
      });
      std::vector<int64_t> booked;
      if (m.start.booking_id) {
        if (auto booking = control->bookings().Get(*m.start.booking_id)) booked = booking->point_ids;
      }
      (void)calls->DialMembers(m.start.room_number, /*keep_trying=*/true, std::move(booked));
    }
  }
}

Result<void> Daemon::Parts::WriteReady() const {
  if (options.ready_file.empty()) return {};
  nlohmann::json j{{"pid", static_cast<int64_t>(::getpid())},
                   {"sip", ready.sip},
                   {"http", ready.http},
                   {"data_dir", ready.data_dir},
                   {"version", options.version}};
  const std::string tmp = options.ready_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, options.ready_file, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, fmt::format("cannot write {}: {}", options.ready_file, ec.message()));
  return {};
}

Result<std::unique_ptr<Daemon>> Daemon::Start(const DaemonConfig& config, const DaemonOptions& options) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  parts->options = options;
  parts->ready.data_dir = fs::absolute(config.data_dir).string();
  std::unique_ptr<Daemon> daemon(new Daemon(std::move(parts)));
  Parts& p = *daemon->parts_;
  for (auto step : {&Parts::OpenControl, &Parts::EnsureDefaults, &Parts::StartEngine, &Parts::StartSip,
                    &Parts::StartHttp}) {
    if (auto done = (p.*step)(); !done) return tl::unexpected(done.error());
  }
  p.RestoreMeetings();
  p.StartTimers();
  if (auto written = p.WriteReady(); !written) return tl::unexpected(written.error());
  spdlog::info("softmcu {} ready: room {} answers at sip:{}@{}", options.version, config.default_room_number,
               config.default_room_number, p.ready.sip.empty() ? "?" : p.ready.sip.front().substr(4));
  return daemon;
}

Daemon::Daemon(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Daemon::~Daemon() { Shutdown(); }

const DaemonReady& Daemon::ready() const { return parts_->ready; }

void Daemon::Shutdown() {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  spdlog::info("shutting down: ending every call");
  if (p.calls && p.stack) {
    p.calls->Stop();
    p.stack->StopCalls();
    // Give the BYEs a moment to be answered; the stack retransmits them meanwhile.
    for (int i = 0; i < 30 && p.calls->stats().calls > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (p.control) p.control->StopHttp();
  if (p.events) {
    RunOn(p.events->loop(), [&p] {
      p.bookings_timer.reset();
      p.prune_timer.reset();
      p.alarms_timer.reset();
    });
    p.events->Stop();
  }
  // A clean stop ends the meetings: a restart after it starts idle (a crash does not).
  if (p.meetings && p.manager) {
    for (const auto& room : p.manager->OpenRooms()) p.meetings->End(room);
  }
  if (p.control) p.control->SetLiveControl(nullptr);
  // Teardown order: nothing may call into a part after it is gone. The events thread
  // forgets the engine first (on its own thread, so no task of it is half-way through a
  // call); the SIP stack goes on its loop; the rooms stop (joining the media workers)
  // while the signalling loop and call control still exist to absorb their last events.
  if (p.events) RunOn(p.events->loop(), [&p] { p.events->SetEngine(nullptr, nullptr); });
  if (p.signalling) RunOn(p.signalling->loop(), [&p] { p.stack.reset(); });
  p.live.reset();
  p.manager.reset();
  p.signalling.reset();
  p.calls.reset();
  p.events.reset();
  p.directory.reset();
  p.meetings.reset();
  p.control.reset();
  spdlog::info("stopped cleanly");
}

}  // namespace softmcu
