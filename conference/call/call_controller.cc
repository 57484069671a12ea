#include "conference/call/call_controller.h"

#include <algorithm>
#include <future>
#include <limits>

#include <fmt/format.h>

#include "conference/call/reoffer_change.h"
#include "core/log.h"
#include "signaling/sdp/sdp_parser.h"

namespace softmcu {

namespace {

std::string UserOf(std::string_view uri) {
  auto colon = uri.find(':');
  auto at = uri.find('@');
  if (colon == std::string_view::npos || at == std::string_view::npos || at < colon) return std::string(uri);
  return std::string(uri.substr(colon + 1, at - colon - 1));
}

// Ends that mean "the point dropped" rather than "it hung up on purpose or never came".
bool IsDrop(sip::TerminationReason reason) {
  switch (reason) {
    case sip::TerminationReason::kRemoteBye:
    case sip::TerminationReason::kSessionTimerExpired:
    case sip::TerminationReason::kNoAck:
    case sip::TerminationReason::kTransportError:
      return true;
    default:
      return false;
  }
}

}  // namespace

CallController::CallController(CallControllerConfig config, EventLoop* signalling_loop, ConferenceManager* manager,
                               CallDirectory* directory, CallControllerObserver* observer, const Clock* clock)
    : config_(std::move(config)),
      loop_(signalling_loop),
      manager_(manager),
      directory_(directory),
      observer_(observer),
      clock_(clock) {
  if (config_.metrics != nullptr) {
    calls_gauge_ = config_.metrics->GetGauge("softmcu_sip_calls", {}, "SIP calls set up or in progress");
    refused_counter_ = config_.metrics->GetCounter("softmcu_calls_refused_total", {},
                                                   "incoming calls refused (allow list, room, capacity, SDP)");
    redials_counter_ = config_.metrics->GetCounter("softmcu_redials_total", {}, "calls placed again to lost points");
  }
}

CallController::~CallController() = default;

template <typename T>
Result<T> CallController::OnLoop(std::function<Result<T>()> fn) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  loop_->Post([promise, fn = std::move(fn)] { promise->set_value(fn()); });
  if (future.wait_for(std::chrono::microseconds(config_.api_timeout.us())) != std::future_status::ready) {
    return MakeError(ErrorCode::kUnavailable, "call control did not answer in time");
  }
  return future.get();
}

void CallController::Start() {
  loop_->Post([this] {
    redial_timer_ = loop_->Every(TimeDelta::Millis(250), [this] { RedialDue(); });
  });
}

void CallController::Stop() {
  (void)OnLoop<bool>([this]() -> Result<bool> {
    stopped_ = true;
    redial_timer_.reset();
    redials_.clear();
    for (auto& [handle, leg] : legs_) {
      if (leg.phase == LegPhase::kEnding) continue;
      leg.phase = LegPhase::kEnding;
      stack_->Hangup(leg.call, "MCU shutting down");
    }
    return true;
  });
}

CallControllerStats CallController::stats() {
  auto s = OnLoop<CallControllerStats>([this]() -> Result<CallControllerStats> {
    CallControllerStats out = stats_;
    out.calls = legs_.size();
    out.pending_redials = redials_.size();
    return out;
  });
  return s ? *s : CallControllerStats{};
}

sdp::MediaCapabilities CallController::CapsFor(bool srtp_required, DataRate bandwidth) const {
  sdp::MediaCapabilities caps = config_.caps;
  caps.srtp = srtp_required ? sdp::SrtpPolicy::kRequired : sdp::SrtpPolicy::kAllowPlainRtp;
  caps.receive_budget = bandwidth;
  return caps;
}

Result<void> CallController::EnsureRoomOpen(std::string_view number) {
  return OnLoop<void>([this, number = std::string(number)] { return OpenFromDirectory(number); });
}

Result<void> CallController::OpenFromDirectory(std::string_view number) {
  if (manager_->IsOpen(number)) return {};
  auto room = directory_->FindRoom(number);
  if (!room) return MakeError(ErrorCode::kNotFound, fmt::format("no room {}", number));
  auto opened = manager_->OpenRoom(room->config);
  if (!opened && !manager_->IsOpen(number)) return opened;
  spdlog::info("room {}: opened ({})", number, room->config.name);
  return {};
}

// --- incoming calls ---------------------------------------------------------------------

void CallController::Refuse(const sip::IncomingCall& call, int status, std::string reason, std::string detail,
                            bool security, std::optional<uint32_t> retry_after) {
  ++stats_.refused;
  if (refused_counter_ != nullptr) refused_counter_->Add();
  spdlog::info("room {}: refused call from {} ({}): {} {} — {}", call.request_user, call.source.HostPort(),
           call.from_uri, status, reason, detail);
  sip::RejectOptions options{.status = status, .reason = reason, .retry_after_seconds = retry_after,
                             .warning = security ? std::string() : detail, .security_event = security};
  stack_->Reject(call.handle, options);
  observer_->OnCallRefused(CallRefusal{.room = call.request_user, .from_uri = call.from_uri,
                                       .source = call.source.HostPort(), .sip_status = status,
                                       .reason = reason + ": " + detail, .security = security});
}

void CallController::OnSipIncomingCall(const sip::IncomingCall& call) {
  if (stopped_) return Refuse(call, 503, "Service Unavailable", "the MCU is shutting down", false, 60);
  // The source is checked before the room: a scanner learns nothing about which rooms exist.
  const std::string source_ip = call.source.address.to_string();
  CallerCheck caller = directory_->CheckCaller(call.from_uri, source_ip);
  if (!caller.source_allowed) {
    return Refuse(call, 403, "Forbidden", fmt::format("source {} is not on the allow list", source_ip), true);
  }
  auto room = directory_->FindRoom(call.request_user);
  if (!room) return Refuse(call, 404, "Not Found", fmt::format("no room {}", call.request_user), false);
  if (legs_.size() >= config_.max_calls) {
    return Refuse(call, 503, "Service Unavailable", "the MCU is at its call capacity", false,
                  config_.busy_retry_after_seconds);
  }
  if (auto opened = OpenFromDirectory(call.request_user); !opened) {
    return Refuse(call, 500, "Server Internal Error", opened.error().message, false);
  }

  const DirectoryPoint* member = caller.point ? room->Member(caller.point->id) : nullptr;
  Leg leg;
  leg.room = call.request_user;
  leg.call = call.handle;
  leg.peer = call.source.HostPort();
  leg.bandwidth = caller.point ? caller.point->bandwidth : config_.default_bandwidth;
  leg.caps = CapsFor(room->srtp_required && !(member && member->allow_plain_rtp), leg.bandwidth);
  leg.redial_allowed = caller.point.has_value() && !caller.point->sip_uri.empty();
  leg.uri = caller.point ? caller.point->sip_uri : call.from_uri;
  leg.name = caller.point ? caller.point->name
             : !call.from_display_name.empty() ? call.from_display_name
                                               : UserOf(call.from_uri);

  // A lost point calling back by itself takes its old place (tile, floor rights).
  std::optional<ParticipantId> id;
  if (caller.point) {
    for (auto it = redials_.begin(); it != redials_.end(); ++it) {
      if (it->first.first == leg.room && it->second.uri == caller.point->sip_uri) {
        id = it->first.second;
        redials_.erase(it);
        break;
      }
    }
  }
  if (id) {
    (void)manager_->Run<bool>(leg.room, [pid = *id](Room& r) -> Result<bool> {
      if (auto s = r.SetRinging(pid); !s) return tl::unexpected(s.error());
      return true;
    });
  } else {
    ParticipantInfo info{.name = leg.name,
                         .uri = leg.uri,
                         .role = member && member->chair ? ParticipantRole::kChair : ParticipantRole::kBranch,
                         .direction = CallDirection::kDialIn,
                         .point_id = caller.point ? std::optional<int64_t>(caller.point->id) : std::nullopt,
                         .address = leg.peer,
                         .pin_required = !room->config.pin.empty() && member == nullptr};
    auto added = manager_->Run<ParticipantId>(leg.room, [&info](Room& r) { return r.AddParticipant(info); });
    if (!added) {
      if (added.error().code == ErrorCode::kFailedPrecondition) {
        return Refuse(call, 480, "Temporarily Unavailable", "the room is locked", false);
      }
      if (added.error().code == ErrorCode::kUnavailable) {
        return Refuse(call, 503, "Service Unavailable", added.error().message, false,
                      config_.busy_retry_after_seconds);
      }
      return Refuse(call, 500, "Server Internal Error", added.error().message, false);
    }
    id = *added;
  }
  leg.participant = *id;
  spdlog::info("room {}: call from {} ({}, {}) as participant {}", leg.room, leg.peer, leg.name, call.from_uri, *id);

  if (!call.offer) {
    // No SDP in the INVITE: we offer in the 200 OK and the answer comes with the ACK.
    auto pending = manager_->media_factory().CreateOffer(leg.caps);
    if (!pending) {
      RemoveFromRoom(leg.room, *id, pending.error().reason);
      return Refuse(call, pending.error().sip_status, "Not Acceptable Here", pending.error().reason, false);
    }
    auto offer = sdp::SdpParser::Parse(pending->sdp);
    leg.local = *offer;
    leg.pending = std::move(*pending);
    const uint64_t handle = leg.call.value;
    by_participant_[{leg.room, *id}] = handle;
    legs_.emplace(handle, std::move(leg));
    CountCalls();
    stack_->Accept(call.handle, *offer);
    return;
  }
  auto answered = manager_->media_factory().AnswerOffer(*call.offer, leg.caps);
  if (!answered) {
    RemoveFromRoom(leg.room, *id, answered.error().reason);
    return Refuse(call, answered.error().sip_status,
                  answered.error().sip_status == 488 ? "Not Acceptable Here" : "Service Unavailable",
                  answered.error().reason, false);
  }
  auto answer = sdp::SdpParser::Parse(answered->second);
  if (!answer) {
    RemoveFromRoom(leg.room, *id, "our answer did not parse");
    return Refuse(call, 500, "Server Internal Error", answer.error().message, false);
  }
  leg.local = *answer;
  leg.remote = *call.offer;
  const uint64_t handle = leg.call.value;
  by_participant_[{leg.room, *id}] = handle;
  auto [it, inserted] = legs_.emplace(handle, std::move(leg));
  CountCalls();
  StartLegMedia(it->second, std::move(answered->first), std::move(*answer));
}

void CallController::StartLegMedia(Leg& leg, CallMedia media, std::optional<sdp::SessionDescription> answer) {
  leg.phase = LegPhase::kStartingMedia;
  MediaStartOptions options;
  options.policer.rate = std::clamp(leg.bandwidth, PolicerConfig::kMinRate, PolicerConfig::kMaxRate);
  const uint64_t handle = leg.call.value;
  manager_->StartMedia(leg.room, leg.participant, leg.name, std::move(media), options,
                       [this, handle, answer = std::move(answer)](Result<void> started) mutable {
                         loop_->Post([this, handle, started = std::move(started), answer = std::move(answer)]() mutable {
                           OnMediaStarted(handle, std::move(started), std::move(answer));
                         });
                       });
}

void CallController::OnMediaStarted(uint64_t handle, Result<void> started,
                                    std::optional<sdp::SessionDescription> answer) {
  auto it = legs_.find(handle);
  if (it == legs_.end() || it->second.phase == LegPhase::kEnding) return;
  Leg& leg = it->second;
  if (!started) {
    spdlog::warn("room {}: media of participant {} ({}) did not start: {}", leg.room, leg.participant, leg.peer,
             started.error().message);
    if (answer) {
      stack_->Reject(leg.call, sip::RejectOptions{.status = 500, .reason = "Server Internal Error",
                                                  .warning = "media could not start"});
    } else {
      stack_->Hangup(leg.call, "media could not start");
    }
    leg.phase = LegPhase::kEnding;
    RemoveFromRoom(leg.room, leg.participant, "media could not start");
    return;
  }
  leg.phase = LegPhase::kUp;
  if (answer) stack_->Accept(leg.call, *answer);
  spdlog::info("room {}: participant {} ({}, {}) connected", leg.room, leg.participant, leg.name, leg.peer);
}

// --- dial-out ---------------------------------------------------------------------------

Result<ParticipantId> CallController::Dial(std::string_view room, const DialRequest& request) {
  return OnLoop<ParticipantId>(
      [this, room = std::string(room), request] { return DialOnLoop(room, request); });
}

Result<ParticipantId> CallController::DialOnLoop(const std::string& room_number, const DialRequest& request) {
  if (stopped_) return MakeError(ErrorCode::kUnavailable, "the MCU is shutting down");
  auto room = directory_->FindRoom(room_number);
  if (!room) return MakeError(ErrorCode::kNotFound, "no room " + room_number);
  if (auto opened = OpenFromDirectory(room_number); !opened) return tl::unexpected(opened.error());
  if (legs_.size() >= config_.max_calls) return MakeError(ErrorCode::kUnavailable, "the MCU is at its call capacity");

  Leg leg;
  leg.room = room_number;
  leg.dial_out = true;
  leg.redial_allowed = true;
  leg.redial = request.keep_trying;
  const DirectoryPoint* member = nullptr;
  std::optional<DirectoryPoint> guest;
  std::optional<int64_t> point_id;
  if (request.point_id) {
    member = room->Member(*request.point_id);
    if (member == nullptr && request.guest) {
      guest = directory_->FindPoint(*request.point_id);
      if (!guest) return MakeError(ErrorCode::kNotFound, fmt::format("no point {} in the address book", *request.point_id));
      member = &*guest;
    }
    if (member == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("point {} is not a member of room {}", *request.point_id, room_number));
    }
    point_id = member->id;
    leg.uri = member->sip_uri;
    leg.name = member->name;
    leg.bandwidth = member->bandwidth;
  } else {
    if (request.uri.rfind("sip:", 0) != 0 && request.uri.rfind("sips:", 0) != 0) {
      return MakeError(ErrorCode::kInvalidArgument, "a SIP URI starts with sip: or sips:");
    }
    leg.uri = request.uri;
    leg.name = UserOf(request.uri);
    leg.bandwidth = config_.default_bandwidth;
  }
  leg.caps = CapsFor(room->srtp_required && !(member && member->allow_plain_rtp), leg.bandwidth);
  leg.peer = leg.uri;
  // One call per point: dialling a point that is already in the room is the caller's error.
  auto existing = manager_->Run<bool>(room_number, [uri = leg.uri](Room& r) -> Result<bool> {
    auto id = r.FindByUri(uri);
    return id && r.Participant(*id) && r.Participant(*id)->state != ParticipantState::kDisconnected;
  });
  if (existing && *existing) {
    return MakeError(ErrorCode::kFailedPrecondition, leg.name + " is already in the room");
  }
  ParticipantInfo info{.name = leg.name,
                       .uri = leg.uri,
                       .role = member && member->chair ? ParticipantRole::kChair : ParticipantRole::kBranch,
                       .direction = CallDirection::kDialOut,
                       .point_id = point_id};
  auto added = manager_->Run<ParticipantId>(room_number, [&info](Room& r) { return r.AddParticipant(info); });
  if (!added) return added;
  leg.participant = *added;
  if (auto placed = PlaceLeg(std::move(leg)); !placed) {
    RemoveFromRoom(room_number, *added, placed.error().message);
    return tl::unexpected(placed.error());
  }
  return *added;
}

Result<void> CallController::PlaceLeg(Leg leg) {
  auto pending = manager_->media_factory().CreateOffer(leg.caps);
  if (!pending) return MakeError(ErrorCode::kUnavailable, pending.error().reason);
  auto offer = sdp::SdpParser::Parse(pending->sdp);
  if (!offer) return MakeError(ErrorCode::kInternal, "our offer did not parse: " + offer.error().message);
  sip::PlaceCallOptions options;
  options.answer_timeout = config_.answer_timeout;
  options.retries = config_.dialout_retries;
  options.backoff = config_.dialout_backoff;
  options.display_name = config_.display_name;
  leg.local = *offer;
  leg.pending = std::move(*pending);
  leg.phase = LegPhase::kInviting;
  leg.call = stack_->PlaceCall(leg.uri, *offer, options);
  spdlog::info("room {}: calling {} ({}) as participant {}", leg.room, leg.uri, leg.name, leg.participant);
  const uint64_t handle = leg.call.value;
  by_participant_[{leg.room, leg.participant}] = handle;
  legs_.emplace(handle, std::move(leg));
  CountCalls();
  return {};
}

Result<std::vector<ParticipantId>> CallController::DialMembers(std::string_view room, bool keep_trying,
                                                               std::vector<int64_t> guests) {
  return OnLoop<std::vector<ParticipantId>>([this, keep_trying, guests = std::move(guests),
                                             number = std::string(room)]() -> Result<std::vector<ParticipantId>> {
    auto found = directory_->FindRoom(number);
    if (!found) return MakeError(ErrorCode::kNotFound, "no room " + number);
    if (auto opened = OpenFromDirectory(number); !opened) return tl::unexpected(opened.error());
    auto present = manager_->Run<std::vector<int64_t>>(number, [](Room& r) -> Result<std::vector<int64_t>> {
      std::vector<int64_t> ids;
      for (const auto& p : r.Snapshot().participants) {
        if (p.info.point_id) ids.push_back(*p.info.point_id);
      }
      return ids;
    });
    if (!present) return tl::unexpected(present.error());
    std::vector<ParticipantId> dialled;
    for (const auto& member : found->members) {
      if (std::find(present->begin(), present->end(), member.id) != present->end()) continue;
      if (member.sip_uri.empty()) continue;
      present->push_back(member.id);
      auto id = DialOnLoop(number, DialRequest{.point_id = member.id, .keep_trying = keep_trying});
      if (id) {
        dialled.push_back(*id);
      } else {
        spdlog::warn("room {}: cannot dial {}: {}", number, member.name, id.error().message);
      }
    }
    for (int64_t guest : guests) {
      if (std::find(present->begin(), present->end(), guest) != present->end()) continue;
      present->push_back(guest);
      auto id = DialOnLoop(number, DialRequest{.point_id = guest, .keep_trying = keep_trying, .guest = true});
      if (id) {
        dialled.push_back(*id);
      } else {
        spdlog::warn("room {}: cannot dial booked point {}: {}", number, guest, id.error().message);
      }
    }
    return dialled;
  });
}

void CallController::OnSipCallAnswered(sip::CallHandle call, const sdp::SessionDescription& answer) {
  auto it = legs_.find(call.value);
  if (it == legs_.end() || it->second.phase != LegPhase::kInviting || !it->second.pending) return;
  Leg& leg = it->second;
  leg.remote = answer;
  auto media = manager_->media_factory().AcceptAnswer(std::move(*leg.pending), answer, leg.caps);
  leg.pending.reset();
  if (!media) {
    spdlog::warn("room {}: answer from {} not usable: {}", leg.room, leg.peer, media.error().reason);
    stack_->Hangup(leg.call, media.error().reason);
    leg.phase = LegPhase::kEnding;
    observer_->OnCallIncident(CallIncident{.room = leg.room, .participant = leg.participant,
                                           .sip_status = media.error().sip_status,
                                           .detail = "answer not usable: " + media.error().reason},
                              0);
    RemoveFromRoom(leg.room, leg.participant, media.error().reason);
    return;
  }
  StartLegMedia(leg, std::move(*media), std::nullopt);
}

// --- ends, drops and redials --------------------------------------------------------------

void CallController::RemoveFromRoom(const std::string& room, ParticipantId id, std::string reason) {
  manager_->StopMedia(room, id, ParticipantEvent::kLeft, std::move(reason));
}

void CallController::OnSipCallTerminated(sip::CallHandle call, const sip::CallEnd& end) {
  auto it = legs_.find(call.value);
  if (it == legs_.end()) return;
  Leg leg = std::move(it->second);
  legs_.erase(it);
  CountCalls();
  const Key key{leg.room, leg.participant};
  if (auto p = by_participant_.find(key); p != by_participant_.end() && p->second == call.value) {
    by_participant_.erase(p);
  }
  if (leg.phase == LegPhase::kEnding) return;  // we ended it and dealt with the room already
  std::string detail = std::string(sip::ToString(end.reason));
  if (end.status != 0) detail = fmt::format("{} ({} {})", detail, end.status, end.detail);
  else if (!end.detail.empty()) detail += ": " + end.detail;
  spdlog::info("room {}: call of participant {} ({}, {}) ended: {}", leg.room, leg.participant, leg.name, leg.peer,
           detail);
  if (stopped_ || end.reason == sip::TerminationReason::kShutdown) return RemoveFromRoom(leg.room, leg.participant, detail);

  const bool was_up = leg.phase == LegPhase::kUp || leg.phase == LegPhase::kStartingMedia;
  CallIncident incident{.room = leg.room, .participant = leg.participant, .sip_status = end.status, .detail = detail};
  // A drop of a point we know how to call back → lost and redialled. A redial that did not
  // come up → the next one. A first dial-out the point refused, or an anonymous caller that
  // went away → it leaves the room, with the SIP reason in the logbook.
  if ((was_up && IsDrop(end.reason) && leg.redial_allowed) || (!was_up && leg.redial)) {
    return LegLost(leg, std::move(incident));
  }
  observer_->OnCallIncident(incident, 0);
  RemoveFromRoom(leg.room, leg.participant, detail);
}

void CallController::LegLost(const Leg& leg, CallIncident incident) {
  manager_->StopMedia(leg.room, leg.participant, ParticipantEvent::kMediaLost, incident.detail);
  int attempt = 1;
  if (auto r = redials_.find({leg.room, leg.participant}); r != redials_.end()) attempt = r->second.attempt + 1;
  auto delay = RedialDelay(config_.redial, attempt);
  observer_->OnCallIncident(incident, delay ? delay->seconds() : 0);
  if (!delay) {
    spdlog::warn("room {}: giving up on {} after {} redials", leg.room, leg.name, attempt - 1);
    RemoveFromRoom(leg.room, leg.participant, "no answer to redials");
    return;
  }
  spdlog::info("room {}: {} is lost ({}); redial {} in {:.1f} s", leg.room, leg.name, incident.detail, attempt,
           delay->seconds());
  redials_[{leg.room, leg.participant}] =
      Redial{.uri = leg.uri, .name = leg.name, .bandwidth = leg.bandwidth, .caps = leg.caps, .attempt = attempt,
             .due = clock_->Now() + *delay};
}

void CallController::RedialDue() {
  if (stopped_) return;
  const Timestamp now = clock_->Now();
  std::vector<Key> due;
  for (const auto& [key, redial] : redials_) {
    if (redial.due <= now) due.push_back(key);
  }
  for (const auto& key : due) {
    auto node = redials_.extract(key);
    Redial& redial = node.mapped();
    if (!manager_->IsOpen(key.first)) continue;
    auto ringing = manager_->Run<bool>(key.first, [id = key.second](Room& r) -> Result<bool> {
      if (auto s = r.SetRinging(id); !s) return tl::unexpected(s.error());
      return true;
    });
    if (!ringing) continue;  // it left meanwhile
    ++stats_.redials;
    if (redials_counter_ != nullptr) redials_counter_->Add();
    Leg leg;
    leg.room = key.first;
    leg.participant = key.second;
    leg.dial_out = true;
    leg.redial_allowed = true;
    leg.uri = redial.uri;
    leg.name = redial.name;
    leg.bandwidth = redial.bandwidth;
    leg.caps = redial.caps;
    leg.peer = redial.uri;
    leg.redial = true;
    const int attempt = redial.attempt;
    // Keep the attempt count while the call is in progress (LegLost reads it).
    redials_.insert(std::move(node));
    redials_[key].due = Timestamp::Micros(std::numeric_limits<int64_t>::max());
    if (auto placed = PlaceLeg(std::move(leg)); !placed) {
      spdlog::warn("room {}: redial {} of participant {} failed: {}", key.first, attempt, key.second,
               placed.error().message);
      auto delay = RedialDelay(config_.redial, attempt + 1);
      if (!delay) {
        redials_.erase(key);
        RemoveFromRoom(key.first, key.second, "redial failed");
        continue;
      }
      redials_[key].attempt = attempt + 1;
      redials_[key].due = now + *delay;
    }
  }
}

void CallController::OnMediaLost(std::string_view room, ParticipantId id) {
  loop_->Post([this, id, key = Key{std::string(room), id}] {
    if (stopped_) return;
    Leg* leg = LegOf(key);
    if (leg == nullptr || leg->phase != LegPhase::kUp) return;
    CallIncident incident{.room = key.first, .participant = id, .rtp_timeout = true,
                          .detail = "no RTP for the media timeout"};
    leg->phase = LegPhase::kEnding;
    stack_->Hangup(leg->call, "no media");
    if (!leg->redial_allowed) {
      observer_->OnCallIncident(incident, 0);
      return RemoveFromRoom(key.first, id, incident.detail);
    }
    LegLost(*leg, std::move(incident));
  });
}

void CallController::OnHangupWanted(std::string_view room, ParticipantId id, std::string_view reason) {
  (void)Disconnect(room, id);
  spdlog::info("room {}: participant {} hung up by the room: {}", room, id, reason);
}

void CallController::RequestBandwidth(std::string_view room, ParticipantId id, int64_t kbps) {
  loop_->Post([this, id, kbps, key = Key{std::string(room), id}] {
    if (stopped_) return;
    Leg* leg = LegOf(key);
    if (leg == nullptr || leg->phase != LegPhase::kUp || !leg->local) return;
    // Our SDP in force, as an offer: the same keys, ports and codecs, so the peer's answer
    // changes nothing but its encoder's rate. Unchanged, it asks for the full rate again.
    sdp::SessionDescription offer = *leg->local;
    for (sdp::MediaDescription& m : offer.media) {
      if (kbps <= 0 || m.media != "video" || m.port == 0) continue;
      std::erase_if(m.bandwidths, [](const sdp::Bandwidth& b) { return b.type == "TIAS" || b.type == "AS"; });
      m.bandwidths.push_back({"TIAS", static_cast<uint64_t>(kbps) * 1000});
      m.bandwidths.push_back({"AS", static_cast<uint64_t>(kbps)});
    }
    spdlog::info("room {}: participant {} ({}): re-INVITE asking for {}", key.first, id, leg->peer,
                 kbps > 0 ? fmt::format("{} kbps of video", kbps) : std::string("the full video rate"));
    stack_->SendReInvite(leg->call, offer);
  });
}

void CallController::OnSipCallReInviteResult(sip::CallHandle call, const sip::ReInviteResult& result) {
  auto it = legs_.find(call.value);
  if (it == legs_.end()) return;
  const Leg& leg = it->second;
  if (!result.accepted) {
    spdlog::info("room {}: participant {} ({}) refused our re-INVITE ({}): it keeps its rate", leg.room,
                 leg.participant, leg.peer, result.status);
    return;
  }
  if (result.answer && leg.remote && leg.local) {
    if (auto change = ReofferChange(*leg.remote, *leg.local, *result.answer)) {
      spdlog::warn("room {}: participant {} ({}) answered our re-INVITE with media other than the call's ({}): "
                   "its media may fail until the call is set up again",
                   leg.room, leg.participant, leg.peer, *change);
    }
  }
}

CallController::Leg* CallController::LegOf(const Key& key) {
  auto p = by_participant_.find(key);
  if (p == by_participant_.end()) return nullptr;
  auto it = legs_.find(p->second);
  return it == legs_.end() ? nullptr : &it->second;
}

Result<void> CallController::Disconnect(std::string_view room, ParticipantId id) {
  return OnLoop<void>([this, id, key = Key{std::string(room), id}]() -> Result<void> {
    const bool had_redial = redials_.erase(key) > 0;
    if (Leg* leg = LegOf(key)) {
      if (leg->phase != LegPhase::kEnding) {
        leg->phase = LegPhase::kEnding;
        stack_->Hangup(leg->call, "disconnected by the operator");
      }
      RemoveFromRoom(key.first, id, "disconnected by the operator");
      return {};
    }
    auto removed = manager_->Run<bool>(key.first, [id](Room& r) -> Result<bool> {
      if (auto s = r.RemoveParticipant(id, "disconnected by the operator"); !s) return tl::unexpected(s.error());
      return true;
    });
    if (!removed && had_redial) return {};
    if (!removed) return tl::unexpected(removed.error());
    return {};
  });
}

Result<void> CallController::DisconnectAll(std::string_view room) {
  auto ids = manager_->Run<std::vector<ParticipantId>>(room, [](Room& r) -> Result<std::vector<ParticipantId>> {
    std::vector<ParticipantId> out;
    for (const auto& p : r.Snapshot().participants) out.push_back(p.id);
    return out;
  });
  if (!ids) return tl::unexpected(ids.error());
  for (ParticipantId id : *ids) (void)Disconnect(room, id);
  return {};
}

// --- inside a call ----------------------------------------------------------------------

void CallController::OnSipCallReInvite(sip::CallHandle call, const std::optional<sdp::SessionDescription>& offer) {
  auto it = legs_.find(call.value);
  if (it == legs_.end() || !it->second.local) {
    stack_->RejectReInvite(call, 488, "Not Acceptable Here");
    return;
  }
  // Hold/resume and bitrate changes keep the media as it is; our last SDP still describes
  // it (the stack bumps the origin version). New keys, ports or codecs would need a new
  // transport: refused, so the peer keeps the session it has (reoffer_change.h).
  const Leg& leg = it->second;
  if (offer && leg.remote) {
    if (auto change = ReofferChange(*leg.remote, *leg.local, *offer)) {
      const std::string reason = "a mid-call media change softmcu cannot make (" + *change + "): the call keeps its media";
      spdlog::warn("room {}: participant {} ({}): re-INVITE refused with 488: {}", leg.room, leg.participant, leg.peer,
                   reason);
      stack_->RejectReInvite(call, 488, reason);
      return;
    }
  }
  stack_->AnswerReInvite(call, *leg.local);
}

void CallController::OnSipCallKeyframeRequest(sip::CallHandle call) {
  auto it = legs_.find(call.value);
  if (it == legs_.end()) return;
  (void)manager_->Run<bool>(it->second.room, [id = it->second.participant](Room& r) -> Result<bool> {
    r.OnKeyframeRequested(id);
    return true;
  });
}

void CallController::OnSipCallDtmf(sip::CallHandle call, const sip::DtmfKey& key) {
  auto it = legs_.find(call.value);
  if (it == legs_.end()) return;
  (void)manager_->Run<bool>(it->second.room, [id = it->second.participant, k = key.key](Room& r) -> Result<bool> {
    r.OnDtmf(id, k);
    return true;
  });
}

}  // namespace softmcu
