#include "signaling/ua/sip_user_agent.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "signaling/dialog/dialog.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sip/error_response.h"
#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_text.h"
#include "signaling/transaction/response_factory.h"
#include "signaling/transaction/transaction_key.h"

namespace softmcu::sip {
namespace {

constexpr std::string_view kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";
constexpr std::string_view kAccept = "application/sdp, application/media_control+xml, application/dtmf-relay, application/dtmf";

// Methods a SIP element may know (RFC 3261, 3262, 3265, 3311, 3428, 3515, 3903, 6086, 6665)
// that softmcu does not serve: 405 with Allow. Anything else is unknown: 501 (§8.2.1).
bool IsKnownMethod(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
                                                "MESSAGE",  "REFER", "INFO",      "UPDATE", "BYE"};
  return std::find(std::begin(kKnown), std::end(kKnown), method) != std::end(kKnown);
}

std::string MergeKey(const SipMessage& m) {
  return std::string(m.CallId()) + "|" + std::string(m.From().Tag().value_or("")) + "|" +
         std::to_string(m.Sequence().number);
}

}  // namespace

SipUserAgent::SipUserAgent(UserAgentConfig config, SipMessageSender* sender, TimerQueue* timers, const Clock* clock,
                           SipCallListener* call_listener, SipMidCallListener* mid_call_listener,
                           SipSecurityListener* security_listener)
    : config_(std::move(config)),
      sender_(sender),
      timers_(timers),
      clock_(clock),
      call_listener_(call_listener),
      mid_call_listener_(mid_call_listener),
      security_listener_(security_listener),
      transactions_(sender, timers, config_.timers, this),
      session_timers_(config_.session_timer),
      rate_limiter_(config_.rate_limit),
      authenticator_(config_.digest, clock),
      auth_failures_(config_.auth_block),
      reaper_(timers),
      log_limiter_(clock, TimeDelta::Seconds(10), 10) {}

SipUserAgent::~SipUserAgent() { calls_.clear(); }

bool SipUserAgent::LogAllowed() {
  uint64_t suppressed = 0;
  const bool allowed = log_limiter_.Allow(&suppressed);
  if (allowed && suppressed > 0) spdlog::warn("SIP: {} similar lines suppressed", suppressed);
  return allowed;
}

// ---------------------------------------------------------------- our addresses

std::string SipUserAgent::HostPortFor(TransportKind kind) const {
  if (auto sent_by = sender_->SentBy(kind)) return *sent_by;
  // Not listening on that transport: any address we have (the peer answers on our
  // connection anyway).
  for (TransportKind other : {TransportKind::kUdp, TransportKind::kTcp, TransportKind::kTls}) {
    if (auto sent_by = sender_->SentBy(other)) return *sent_by;
  }
  return "127.0.0.1";
}

std::string SipUserAgent::ViaFor(TransportKind kind, std::string_view branch) const {
  return fmt::format("SIP/2.0/{} {};branch={};rport", ToString(kind), HostPortFor(kind), branch);
}

std::string SipUserAgent::ContactFor(TransportKind kind) const {
  std::string contact = "<sip:" + config_.contact_user + "@" + HostPortFor(kind);
  if (kind != TransportKind::kUdp) contact += ";transport=" + std::string(UriParam(kind));
  return contact + ">";
}

HeaderList SipUserAgent::CapabilityHeaders() const {
  return {{"Allow", std::string(kAllow)}, {"Accept", std::string(kAccept)}, {"Supported", "timer"}};
}

// ---------------------------------------------------------------- incoming messages

void SipUserAgent::OnSipTransportMessage(IncomingMessage message) { transactions_.Receive(message); }

void SipUserAgent::OnSipTransportParseError(const TransportAddress& source, ConnectionId connection,
                                            const SipError& error) {
  ++stats_.malformed;
  // Junk costs the sender its rate like any request, so a flood of it is never answered
  // datagram for datagram.
  const auto decision = rate_limiter_.Check(source.address, clock_->Now());
  auto answer = decision.verdict == SourceRateLimiter::Verdict::kAllow
                    ? BuildErrorResponse(error, RandomToken(10))
                    : std::nullopt;
  if (LogAllowed())
    spdlog::warn("SIP {}: malformed message ({}{}), {}", source.ToString(), error.message,
                 error.header.empty() ? "" : ", header " + error.header, answer ? "answered" : "dropped");
  if (!answer) return;
  ++stats_.malformed_answered;
  // The Via may be unusable for routing; answer where it came from (RFC 3581 style).
  transactions_.SendStateless(SendTarget{source, connection}, *answer);
}

void SipUserAgent::OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) {
  if (LogAllowed()) spdlog::warn("SIP {}: cannot deliver: {}", destination.ToString(), reason);
  transactions_.OnTransportFailure(destination);
}

void SipUserAgent::OnSipTransportViolation(const TransportAddress& source, std::string_view what) {
  ReportSecurityEvent(SecurityEventKind::kTransportViolation, source, std::string(what), "");
}

bool SipUserAgent::OnTransactionAdmission(const IncomingMessage& request) {
  const Timestamp now = clock_->Now();
  if (auth_failures_.IsBlocked(request.source.address, now)) {
    ++stats_.blocked;
    return false;
  }
  // Requests in an existing dialog come from a peer we already talk to.
  if (request.message.To().Tag() && CallForDialog(request.message, /*we_are_uas=*/true)) return true;
  const auto decision = rate_limiter_.Check(request.source.address, now);
  if (decision.verdict == SourceRateLimiter::Verdict::kAllow) return true;
  ++stats_.rate_limited;
  if (decision.new_episode) {
    ReportSecurityEvent(SecurityEventKind::kRateLimited, request.source,
                        fmt::format("over {} requests/s (burst {}), {} refused", config_.rate_limit.requests_per_second,
                                    config_.rate_limit.burst, request.message.Method()),
                        "");
  }
  if (decision.verdict == SourceRateLimiter::Verdict::kAnswer503 && request.message.Method() != "ACK")
    RespondStateless(request, 503, "Service Unavailable", {{"Retry-After", "5"}});
  return false;
}

void SipUserAgent::OnTransactionRequest(TransactionId transaction, const IncomingMessage& request) {
  const SipMessage& message = request.message;
  const std::string_view method = message.Method();
  if (method == "CANCEL") return HandleCancel(transaction, request);
  if (message.To().Tag()) {
    Call* call = CallForDialog(message, /*we_are_uas=*/true);
    const bool dialog_method = method == "BYE" || method == "INVITE" || method == "UPDATE" || method == "INFO" ||
                               method == "OPTIONS";
    if (call && dialog_method) return call->OnInDialogRequest(transaction, request);
    if (!call && method != "OPTIONS" && method != "INVITE")
      return RespondTo(transaction, request, 481, "Call/Transaction Does Not Exist");
    if (call) {
      if (IsKnownMethod(method))
        return RespondTo(transaction, request, 405, "Method Not Allowed", {{"Allow", std::string(kAllow)}});
      return RespondTo(transaction, request, 501, "Not Implemented", {{"Allow", std::string(kAllow)}});
    }
    // An INVITE or OPTIONS with a To tag we do not know: §12.2.2 wants 481 for the
    // INVITE; OPTIONS is answered like any other.
    if (method == "INVITE") return RespondTo(transaction, request, 481, "Call/Transaction Does Not Exist");
  }
  if (method == "INVITE") return HandleNewInvite(transaction, request);
  HandleOutOfDialog(transaction, request);
}

void SipUserAgent::HandleOutOfDialog(TransactionId transaction, const IncomingMessage& request) {
  const std::string_view method = request.message.Method();
  if (method == "OPTIONS") {
    HeaderList headers = CapabilityHeaders();
    headers.emplace_back("Server", config_.user_agent);
    return RespondTo(transaction, request, 200, "OK", std::move(headers));
  }
  if (method == "BYE" || method == "INFO" || method == "UPDATE" || method == "PRACK")
    return RespondTo(transaction, request, 481, "Call/Transaction Does Not Exist");
  // REGISTER included: softmcu is no registrar, and every user gets the same answer.
  if (IsKnownMethod(method))
    return RespondTo(transaction, request, 405, "Method Not Allowed", {{"Allow", std::string(kAllow)}});
  RespondTo(transaction, request, 501, "Not Implemented", {{"Allow", std::string(kAllow)}});
}

void SipUserAgent::HandleNewInvite(TransactionId transaction, const IncomingMessage& request) {
  const SipMessage& message = request.message;
  auto reject = [&](int status, std::string_view reason, HeaderList headers = {}) {
    ++stats_.rejected_by_stack;
    spdlog::info("SIP {}: INVITE {} refused: {} {}", request.source.ToString(), message.RequestUri(), status, reason);
    RespondTo(transaction, request, status, reason, std::move(headers));
  };
  // §8.2.2.2: the same request reaching us twice by different paths.
  const std::string merge_key = MergeKey(message);
  if (auto it = pending_invites_.find(merge_key); it != pending_invites_.end() && it->second != transaction)
    return reject(482, "Loop Detected");
  if (message.ContactList().entries.empty()) return reject(400, "Missing Contact");
  // §8.2.2.3: extensions we do not support.
  if (auto required = message.Tokens(HeaderId::kRequire); required && !required->empty()) {
    std::string unsupported;
    for (const auto& option : *required) {
      if (!EqualsIgnoreCase(option, "timer")) unsupported += (unsupported.empty() ? "" : ", ") + option;
    }
    if (!unsupported.empty()) return reject(420, "Bad Extension", {{"Unsupported", unsupported}});
  }
  if (calls_.size() >= config_.max_calls)
    return reject(503, "Service Unavailable", {{"Retry-After", std::to_string(config_.busy_retry_after_seconds)}});
  std::optional<sdp::SessionDescription> offer;
  if (!message.Body().empty()) {
    auto type = message.BodyType();
    if (!type || !type->Is("application", "sdp"))
      return reject(415, "Unsupported Media Type", {{"Accept", "application/sdp"}});
    auto parsed = sdp::SdpParser::Parse(message.Body());
    if (!parsed)
      return reject(400, "Bad SDP", {{"Warning", "399 softmcu " + QuoteString(parsed.error().message)}});
    offer = std::move(*parsed);
  }
  auto session = session_timers_.OnRequest(message);
  if (session.reject_with_min_se)
    return reject(422, "Session Interval Too Small", {{"Min-SE", std::to_string(*session.reject_with_min_se)}});
  auto user = CheckCredentials(transaction, request);
  if (!user) return;  // challenged again
  const CallHandle handle = NewHandle();
  auto call = std::make_unique<Call>(handle, host(), transaction, request, offer, std::move(session));
  Call* raw = call.get();
  calls_.emplace(handle.value, std::move(call));
  invite_owner_[transaction] = handle;
  pending_invites_[merge_key] = transaction;
  ++stats_.incoming_calls;

  IncomingCall info;
  info.handle = handle;
  auto request_uri = message.ParsedRequestUri();
  info.request_user = request_uri ? request_uri->UserUnescaped() : "";
  info.request_uri = std::string(message.RequestUri());
  const NameAddr from = message.From();
  info.from_uri = from.uri;
  info.from_display_name = from.display_name;
  info.to_uri = message.To().uri;
  info.source = request.source;
  info.offer = std::move(offer);
  info.authenticated_user = *user;
  info.user_agent = std::string(message.Find(HeaderId::kUserAgent).value_or(""));
  info.call_id = std::string(message.CallId());
  spdlog::info("SIP {}: incoming, from \"{}\" <{}>{}", raw->log_name(), info.from_display_name, info.from_uri,
               user->has_value() ? " authenticated as " + **user : "");
  raw->Start();
  call_listener_->OnSipIncomingCall(info);
}

std::optional<std::optional<std::string>> SipUserAgent::CheckCredentials(TransactionId transaction,
                                                                         const IncomingMessage& request) {
  const auto lookup = password_lookup_ ? password_lookup_
                                       : DigestAuthenticator::PasswordLookup(
                                             [](std::string_view, std::string_view) { return std::nullopt; });
  auto verification = authenticator_.Verify(request.message, lookup);
  if (!verification) return std::optional<std::string>();  // no credentials: the conference decides
  const auto& v = *verification;
  auto challenge = [&](std::string_view realm, bool stale) {
    HeaderList headers;
    for (auto& value : authenticator_.Challenge(realm, stale)) headers.emplace_back("WWW-Authenticate", std::move(value));
    RespondTo(transaction, request, 401, "Unauthorized", std::move(headers));
  };
  switch (v.outcome) {
    case DigestAuthenticator::Outcome::kOk:
      auth_failures_.RecordSuccess(request.source.address);
      return std::optional<std::string>(v.username);
    case DigestAuthenticator::Outcome::kStale:
      challenge(v.realm, /*stale=*/true);
      return std::nullopt;
    case DigestAuthenticator::Outcome::kFailed:
      break;
  }
  ++stats_.auth_failures;
  ReportSecurityEvent(SecurityEventKind::kAuthFailure, request.source, v.reason, v.username);
  if (auth_failures_.RecordFailure(request.source.address, clock_->Now())) {
    ReportSecurityEvent(SecurityEventKind::kSourceBlocked, request.source,
                        fmt::format("{} failed authentications: ignored for {} s", config_.auth_block.max_failures,
                                    config_.auth_block.block_duration.ms() / 1000),
                        v.username);
  }
  // The realm is ours only if the nonce proves it; a forged one gets the default realm.
  challenge(v.reason.rfind("nonce not issued", 0) == 0 ? std::string_view(config_.default_realm)
                                                          : std::string_view(v.realm),
            /*stale=*/false);
  return std::nullopt;
}

void SipUserAgent::HandleCancel(TransactionId transaction, const IncomingMessage& request) {
  auto invite = transactions_.FindInviteServerTransaction(request.message);
  Call* call = nullptr;
  if (invite) {
    if (auto owner = invite_owner_.find(*invite); owner != invite_owner_.end()) {
      call = Find(owner->second, "");
    } else if (request.message.To().Tag()) {
      call = CallForDialog(request.message, /*we_are_uas=*/true);  // a re-INVITE
    }
  }
  if (!call) return RespondTo(transaction, request, 481, "Call/Transaction Does Not Exist");
  // §9.2: 200 to the CANCEL, then 487 to the INVITE if it had no final response yet.
  RespondTo(transaction, request, 200, "OK");
  call->OnCancel(*invite);
}

void SipUserAgent::OnTransactionAck(const IncomingMessage& ack) {
  if (Call* call = CallForDialog(ack.message, /*we_are_uas=*/true)) call->OnAck(ack);
}

void SipUserAgent::OnTransactionResponse(TransactionId client, const IncomingMessage& response) {
  if (auto ping = pings_.find(client); ping != pings_.end()) {
    if (response.message.StatusCode() < 200) return;
    auto [sent, done] = std::move(ping->second);
    pings_.erase(ping);
    done(response.message.StatusCode(), clock_->Now() - sent);
    return;
  }
  auto owner = client_owner_.find(client);
  if (owner == client_owner_.end()) return;
  if (Call* call = Find(owner->second, "")) call->OnResponse(client, response);
}

void SipUserAgent::OnTransactionStrayResponse(const IncomingMessage& response) {
  // A 2xx retransmission after the INVITE transaction ended: the dialog re-ACKs it.
  const SipMessage& message = response.message;
  if (message.StatusCode() < 200 || message.StatusCode() >= 300 || message.Sequence().method != "INVITE") return;
  if (Call* call = CallForDialog(message, /*we_are_uas=*/false)) call->OnStray2xx(response);
}

void SipUserAgent::OnTransactionFailure(TransactionId id, TransactionFailure failure) {
  if (auto ping = pings_.find(id); ping != pings_.end()) {
    auto [sent, done] = std::move(ping->second);
    pings_.erase(ping);
    done(0, clock_->Now() - sent);
    return;
  }
  std::optional<CallHandle> owner;
  if (auto it = client_owner_.find(id); it != client_owner_.end()) owner = it->second;
  if (auto it = invite_owner_.find(id); !owner && it != invite_owner_.end()) owner = it->second;
  if (!owner) return;
  if (Call* call = Find(*owner, "")) call->OnTransactionFailure(id, failure);
}

Call* SipUserAgent::CallForDialog(const SipMessage& message, bool we_are_uas) {
  // A request to us carries our tag in To; a response to our request carries it in From.
  const auto to_tag = message.ToTag();
  const auto from_tag = message.FromTag();
  DialogId id{std::string(message.CallId()), (we_are_uas ? to_tag : from_tag).value_or(""),
              (we_are_uas ? from_tag : to_tag).value_or("")};
  auto it = dialogs_.find(id);
  return it == dialogs_.end() ? nullptr : Find(it->second, "");
}

void SipUserAgent::RespondTo(TransactionId transaction, const IncomingMessage& request, int status,
                             std::string_view reason, HeaderList headers) {
  auto response = BuildResponse(request, status, reason, {RandomToken(10), std::move(headers), {}, {}});
  if (response) transactions_.Respond(transaction, *response);
}

void SipUserAgent::RespondStateless(const IncomingMessage& request, int status, std::string_view reason,
                                    HeaderList headers) {
  auto response = BuildResponse(request, status, reason, {RandomToken(10), std::move(headers), {}, {}});
  if (response) transactions_.SendStateless(ResponseTarget(request), response->Serialize());
}

// ---------------------------------------------------------------- calls

Call* SipUserAgent::Find(CallHandle call, std::string_view action) {
  auto it = calls_.find(call.value);
  if (it == calls_.end()) {
    if (!action.empty()) spdlog::warn("SIP: {} for unknown or finished call {}", action, call.value);
    return nullptr;
  }
  return it->second.get();
}

void SipUserAgent::Accept(CallHandle call, const sdp::SessionDescription& answer) {
  if (Call* c = Find(call, "Accept")) c->Accept(answer);
}

void SipUserAgent::Reject(CallHandle call, const RejectOptions& options) {
  if (Call* c = Find(call, "Reject")) c->Reject(options);
}

void SipUserAgent::Challenge(CallHandle call, std::string_view realm) {
  if (Call* c = Find(call, "Challenge")) c->Challenge(authenticator_.Challenge(realm, false));
}

void SipUserAgent::PlaceCall(CallHandle call, std::string target_uri, sdp::SessionDescription offer,
                             PlaceCallOptions options) {
  auto placed = std::make_unique<Call>(call, host(), std::move(target_uri), std::move(offer), std::move(options));
  Call* raw = placed.get();
  calls_.emplace(call.value, std::move(placed));
  ++stats_.outgoing_calls;
  raw->Start();
}

void SipUserAgent::Hangup(CallHandle call, std::string_view reason) {
  if (Call* c = Find(call, "Hangup")) c->Hangup(reason);
}

void SipUserAgent::SendReInvite(CallHandle call, const sdp::SessionDescription& offer) {
  if (Call* c = Find(call, "SendReInvite")) c->SendReInvite(offer);
}

void SipUserAgent::AnswerReInvite(CallHandle call, const sdp::SessionDescription& answer) {
  if (Call* c = Find(call, "AnswerReInvite")) c->AnswerReInvite(answer);
}

void SipUserAgent::RejectReInvite(CallHandle call, int status, std::string_view reason) {
  if (Call* c = Find(call, "RejectReInvite")) c->RejectReInvite(status, reason);
}

void SipUserAgent::SendInfo(CallHandle call, std::string_view content_type, std::string_view body) {
  if (Call* c = Find(call, "SendInfo")) c->SendInfo(content_type, body);
}

void SipUserAgent::RequestKeyframe(CallHandle call) {
  if (Call* c = Find(call, "RequestKeyframe")) c->RequestKeyframe();
}

void SipUserAgent::PingCall(CallHandle call, Call::PingDone done) {
  if (Call* c = Find(call, "PingCall")) {
    c->Ping(std::move(done));
  } else {
    done(0, TimeDelta::Zero());
  }
}

void SipUserAgent::Ping(std::string_view target_uri, TransportKind transport, Call::PingDone done) {
  auto destination = ResolveSipUri(target_uri, transport);
  if (!destination) {
    done(0, TimeDelta::Zero());
    return;
  }
  const TransportKind kind = destination->kind;
  auto options = SipMessageBuilder::Request("OPTIONS", target_uri)
                     .AddHeader("Via", ViaFor(kind, NewBranch()))
                     .AddHeader("Max-Forwards", "70")
                     .AddHeader("From", "<sip:" + config_.contact_user + "@" + HostPortFor(kind) + ">;tag=" + RandomToken(10))
                     .AddHeader("To", "<" + std::string(target_uri) + ">")
                     .AddHeader("Call-ID", RandomToken(20) + "@softmcu")
                     .AddHeader("CSeq", "1 OPTIONS")
                     .AddHeader("Accept", "application/sdp")
                     .AddHeader("User-Agent", config_.user_agent)
                     .Build();
  if (!options) {
    done(0, TimeDelta::Zero());
    return;
  }
  const TransactionId id = transactions_.SendRequest(*options, SendTarget{*destination, 0});
  pings_[id] = {clock_->Now(), std::move(done)};
}

void SipUserAgent::Shutdown() {
  for (auto& [value, call] : calls_) call->Shutdown();
}

void SipUserAgent::CallFinished(CallHandle call) {
  finished_.push_back(call);
  if (!reaper_.running()) reaper_.Start(TimeDelta::Zero(), [this] { Reap(); });
}

void SipUserAgent::Reap() {
  std::vector<CallHandle> finished;
  finished.swap(finished_);
  for (CallHandle handle : finished) {
    auto it = calls_.find(handle.value);
    if (it == calls_.end()) continue;
    Call& call = *it->second;
    if (call.dialog()) dialogs_.erase(call.dialog()->id());
    if (call.incoming()) {
      invite_owner_.erase(call.invite_transaction());
      std::erase_if(pending_invites_, [&](const auto& entry) { return entry.second == call.invite_transaction(); });
    }
    std::erase_if(client_owner_, [&](const auto& entry) { return entry.second == handle; });
    calls_.erase(it);
  }
}

void SipUserAgent::ReportSecurityEvent(SecurityEventKind kind, const TransportAddress& source, std::string detail,
                                       std::string user) {
  if (LogAllowed())
    spdlog::warn("SIP security {}: {} {}{}", ToString(kind), source.ToString(), detail,
                 user.empty() ? "" : " (user " + user + ")");
  if (security_listener_)
    security_listener_->OnSipSecurityEvent(SecurityEvent{kind, source, std::move(detail), std::move(user), clock_->Now()});
}

}  // namespace softmcu::sip
