#include "signaling/ua/call.h"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "signaling/auth/digest_client.h"
#include "signaling/info/dtmf_relay.h"
#include "signaling/info/media_control.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sdp/sdp_writer.h"
#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_text.h"
#include "signaling/transaction/response_factory.h"
#include "signaling/transaction/transaction_key.h"

namespace softmcu::sip {
namespace {

constexpr std::string_view kSdpType = "application/sdp";

// The SDP of a message: nullopt inside when there is no body; an error (with the SIP
// status to answer) for another content type or an SDP that does not parse.
struct BodyError {
  int status;
  std::string reason;
};
tl::expected<std::optional<sdp::SessionDescription>, BodyError> BodySdp(const SipMessage& message) {
  if (message.Body().empty()) return std::nullopt;
  auto type = message.BodyType();
  if (!type || !type->Is("application", "sdp"))
    return tl::unexpected(BodyError{415, "Unsupported Media Type"});
  auto parsed = sdp::SdpParser::Parse(message.Body());
  if (!parsed) return tl::unexpected(BodyError{400, "Bad SDP: " + parsed.error().message});
  return std::optional<sdp::SessionDescription>(std::move(*parsed));
}

bool AllowsMethod(const SipMessage& message, std::string_view method, bool if_absent) {
  if (!message.Find(HeaderId::kAllow)) return if_absent;
  return HasOptionTag(message, HeaderId::kAllow, method);
}

TimeDelta RandomDelay(TimeDelta low, TimeDelta high) {
  uint32_t random = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&random), sizeof random);
  const int64_t span = (high - low).us();
  return low + TimeDelta::Micros(span > 0 ? static_cast<int64_t>(random % static_cast<uint64_t>(span)) : 0);
}

std::string WarningValue(std::string_view text) { return "399 softmcu " + QuoteString(text); }

std::string ReasonValue(std::string_view text) { return "Q.850;cause=16;text=" + QuoteString(text); }

}  // namespace

std::string_view ToString(Call::State state) {
  switch (state) {
    case Call::State::kIncomingPending: return "incoming";
    case Call::State::kCalling: return "calling";
    case Call::State::kRinging: return "ringing";
    case Call::State::kAwaitingAck: return "awaiting-ack";
    case Call::State::kConfirmed: return "confirmed";
  }
  return "?";
}

Call::Call(CallHandle handle, CallHost* host, TransactionId invite_transaction, IncomingMessage invite,
           std::optional<sdp::SessionDescription> offer, SessionTimerNegotiation::UasResult session)
    : handle_(handle),
      host_(host),
      incoming_(true),
      state_(State::kIncomingPending),
      invite_transaction_(invite_transaction),
      invite_(std::move(invite)),
      local_tag_(RandomToken(12)),
      initial_offer_(std::move(offer)),
      initial_session_(std::move(session)) {
  log_name_ = fmt::format("call {} from {} to {}", handle_.value, invite_->source.ToString(),
                          invite_->message.RequestUri());
  remote_sdp_ = initial_offer_;
  peer_allows_info_ = AllowsMethod(invite_->message, "INFO", true);
  peer_allows_update_ = AllowsMethod(invite_->message, "UPDATE", false);
}

Call::Call(CallHandle handle, CallHost* host, std::string target_uri, sdp::SessionDescription offer,
           PlaceCallOptions options)
    : handle_(handle),
      host_(host),
      incoming_(false),
      state_(State::kCalling),
      target_(std::move(target_uri)),
      options_(std::move(options)) {
  log_name_ = fmt::format("call {} to {}", handle_.value, target_);
  local_sdp_.Next(std::move(offer));
}

Call::~Call() {
  // §9.1: an INVITE we cancelled that never got its final response is given up now.
  if (client_invite_ != 0 && cancel_wanted_) host_->transactions().Abandon(client_invite_);
}

void Call::SetState(State state) {
  if (state == state_) return;
  spdlog::debug("SIP {}: {} → {}", log_name_, ToString(state_), ToString(state));
  state_ = state;
}

void Call::End(TerminationReason reason, int status, std::string detail) {
  if (ended_) return;
  ended_ = true;
  ringing_timer_.Stop();
  answer_timer_.Stop();
  retry_timer_.Stop();
  session_timer_.Stop();
  spdlog::info("SIP {}: ended, {}{}{}", log_name_, ToString(reason), status ? fmt::format(" ({})", status) : "",
               detail.empty() ? "" : ": " + detail);
  host_->call_listener().OnSipCallTerminated(handle_, CallEnd{reason, status, std::move(detail)});
  // Linger to finish BYE/CANCEL transactions and absorb retransmissions, then go.
  linger_timer_.Start(host_->config().timers.t1 * 64, [this] { host_->CallFinished(handle_); });
}

void Call::Start() {
  if (incoming_) {
    ringing_timer_.Start(host_->config().ringing_delay, [this] { SendRinging(); });
    answer_timer_.Start(host_->config().answer_timeout, [this] {
      if (state_ != State::kIncomingPending) return;
      Respond(invite_transaction_, 480, "Temporarily Unavailable");
      End(TerminationReason::kNoAnswer, 480, "the conference did not answer in time");
    });
    return;
  }
  destination_ = ResolveSipUri(target_, options_.transport);
  if (!destination_) {
    End(TerminationReason::kFailed, 0,
        "cannot call " + target_ + ": give a SIP URI with an IP address (sip:user@192.0.2.1[:port]); names are not resolved");
    return;
  }
  SendInvite(Attempt::kNew, std::nullopt);
}

// ---------------------------------------------------------------- incoming setup

std::optional<SipMessage> Call::Respond(TransactionId transaction, int status, std::string_view reason,
                                        HeaderList headers, std::string_view sdp) {
  const IncomingMessage* request = host_->transactions().ServerRequest(transaction);
  if (!request) return std::nullopt;
  ResponseOptions options{local_tag_, std::move(headers), {}, {}};
  if (!sdp.empty()) {
    options.content_type = kSdpType;
    options.body = std::string(sdp);
  }
  auto response = BuildResponse(*request, status, reason, options);
  if (!response) {
    spdlog::error("SIP {}: cannot build {} response: {}", log_name_, status, response.error().message);
    return std::nullopt;
  }
  host_->transactions().Respond(transaction, *response);
  return *response;
}

void Call::SendRinging() {
  if (state_ != State::kIncomingPending || ended_) return;
  Respond(invite_transaction_, 180, "Ringing", {{"Contact", host_->ContactFor(invite_->source.kind)}});
}

void Call::Accept(const sdp::SessionDescription& sdp) {
  if (state_ != State::kIncomingPending || ended_) {
    spdlog::warn("SIP {}: Accept ignored, the call is {}", log_name_, ended_ ? "over" : ToString(state_));
    return;
  }
  ringing_timer_.Stop();
  answer_timer_.Stop();
  auto dialog = Dialog::ForUas(*invite_, local_tag_);
  if (!dialog) {
    Respond(invite_transaction_, 400, "Missing Contact");
    End(TerminationReason::kFailed, 400, dialog.error().message);
    return;
  }
  dialog_ = std::move(*dialog);
  host_->BindDialog(dialog_->id(), handle_);
  awaiting_answer_in_ack_ = !initial_offer_;
  HeaderList headers{{"Contact", host_->ContactFor(invite_->source.kind)}};
  for (auto& header : host_->CapabilityHeaders()) headers.push_back(std::move(header));
  for (const auto& header : initial_session_.response_headers) headers.push_back(header);
  auto response = Respond(invite_transaction_, 200, "OK", std::move(headers), sdp::SdpWriter::Write(local_sdp_.Next(sdp)));
  if (!response) {
    End(TerminationReason::kFailed, 0, "the INVITE transaction is gone");
    return;
  }
  SetState(State::kAwaitingAck);
  success_.Start(invite_transaction_, *response, invite_->message.Sequence().number,
                 IsReliable(invite_->source.kind), [this] { OnNoAck(); });
}

void Call::OnNoAck() {
  // §13.3.1.4: the dialog is confirmed, but the session ends with a BYE.
  if (state_ == State::kAwaitingAck) SetState(State::kConfirmed);
  SendBye("no ACK");
  End(TerminationReason::kNoAck, 0, "no ACK for our 200 OK within 64*T1");
}

void Call::Reject(const RejectOptions& options) {
  if (state_ != State::kIncomingPending || ended_) return;
  HeaderList headers;
  if (options.retry_after_seconds) headers.emplace_back("Retry-After", std::to_string(*options.retry_after_seconds));
  if (!options.warning.empty()) headers.emplace_back("Warning", WarningValue(options.warning));
  Respond(invite_transaction_, options.status, options.reason, std::move(headers));
  if (options.security_event) {
    host_->ReportSecurityEvent(SecurityEventKind::kPolicyRejection, invite_->source,
                               fmt::format("{} {}", options.status, options.reason),
                               invite_->message.ParsedRequestUri() ? invite_->message.ParsedRequestUri()->UserUnescaped() : "");
  }
  End(TerminationReason::kLocalHangup, options.status, options.reason);
}

void Call::Challenge(const std::vector<std::string>& www_authenticate) {
  if (state_ != State::kIncomingPending || ended_) return;
  HeaderList headers;
  for (const auto& value : www_authenticate) headers.emplace_back("WWW-Authenticate", value);
  Respond(invite_transaction_, 401, "Unauthorized", std::move(headers));
  End(TerminationReason::kChallenged, 401, "digest challenge sent");
}

void Call::OnCancel(TransactionId invite_transaction) {
  if (invite_transaction == invite_transaction_ && state_ == State::kIncomingPending) {
    Respond(invite_transaction_, 487, "Request Terminated");
    End(TerminationReason::kRemoteCancel, 487, "the caller cancelled");
    return;
  }
  // A cancelled re-INVITE: refused, the session stays as it was (§9.2).
  if (remote_offer_ && remote_offer_->transaction == invite_transaction) {
    AnswerRemoteOffer(nullptr, 487, "Request Terminated");
  }
}

void Call::OnAck(const IncomingMessage& ack) {
  if (!success_.OnAck(ack.message.Sequence().number)) return;  // a retransmitted ACK
  if (state_ == State::kAwaitingAck) SetState(State::kConfirmed);
  if (awaiting_answer_in_ack_) {
    awaiting_answer_in_ack_ = false;
    auto answer = BodySdp(ack.message);
    if (!answer || !*answer) {
      SendBye("no SDP answer in ACK");
      End(TerminationReason::kFailed, 488, "the ACK carried no usable SDP answer to our offer");
      return;
    }
    remote_sdp_ = **answer;
    if (!ended_) host_->call_listener().OnSipCallAnswered(handle_, **answer);
  }
  if (bye_wanted_) {
    bye_wanted_ = false;
    SendBye(bye_reason_);
    return;
  }
  if (!session_) ApplySession(initial_session_.interval);
  initial_session_.interval.reset();  // applied once, at the first ACK
  FinishLocalOffer();
}

// ---------------------------------------------------------------- outgoing setup

void Call::SendInvite(Attempt attempt, std::optional<std::pair<std::string, std::string>> authorization) {
  const TransportKind kind = destination_->kind;
  if (attempt == Attempt::kNew) {
    call_id_ = RandomToken(20) + "@softmcu";
    from_tag_ = RandomToken(12);
    cseq_ = 1;
    auth_tries_ = 0;
    answered_nonce_.clear();
  } else {
    ++cseq_;
  }
  NameAddr from{options_.display_name, true, "sip:" + options_.from_user + "@" + host_->HostPortFor(kind), {}, {}};
  from.params.Set("tag", from_tag_);
  SipMessageBuilder builder = SipMessageBuilder::Request("INVITE", target_);
  builder.AddHeader("Via", host_->ViaFor(kind, NewBranch()))
      .AddHeader("Max-Forwards", "70")
      .AddHeader("From", from.Format())
      .AddHeader("To", "<" + target_ + ">")
      .AddHeader("Call-ID", call_id_)
      .AddHeader("CSeq", std::to_string(cseq_) + " INVITE")
      .AddHeader("Contact", host_->ContactFor(kind))
      .AddHeader("User-Agent", host_->config().user_agent);
  for (const auto& [name, value] : host_->CapabilityHeaders()) builder.AddHeader(name, value);
  for (const auto& [name, value] : host_->session_timers().RequestHeaders(session_expires_sent_))
    builder.AddHeader(name, value);
  if (authorization) builder.AddHeader(authorization->first, authorization->second);
  builder.SetBody(kSdpType, sdp::SdpWriter::Write(*local_sdp_.current()));
  auto built = builder.Build();
  if (!built) {
    End(TerminationReason::kFailed, 0, "cannot build the INVITE: " + built.error().message);
    return;
  }
  invite_request_ = *built;
  provisional_seen_ = false;
  rang_ = false;
  SetState(State::kCalling);
  client_invite_ = host_->transactions().SendRequest(*built, SendTarget{*destination_, 0});
  Bind(client_invite_, Purpose::kInvite);
  answer_timer_.Start(options_.answer_timeout, [this] { OnRingTimeout(); });
  spdlog::info("SIP {}: INVITE sent to {} (attempt {})", log_name_, destination_->ToString(), attempt_ + 1);
}

void Call::Bind(TransactionId transaction, Purpose purpose) {
  client_transactions_[transaction] = purpose;
  host_->BindClientTransaction(transaction, handle_);
}

void Call::OnRingTimeout() {
  if (ended_ || (state_ != State::kCalling && state_ != State::kRinging)) return;
  cancel_wanted_ = true;
  if (provisional_seen_) SendCancel();
  End(TerminationReason::kNoAnswer, 0,
      fmt::format("no answer within {} s", options_.answer_timeout.ms() / 1000));
}

void Call::OnInviteResponse(const IncomingMessage& response) {
  const int code = response.message.StatusCode();
  if (code < 200) {
    provisional_seen_ = true;
    if (cancel_wanted_ && !cancel_sent_) {
      SendCancel();
      return;
    }
    if ((code == 180 || code == 183) && !rang_ && !ended_) {
      rang_ = true;
      SetState(State::kRinging);
      host_->call_listener().OnSipCallRinging(handle_);
    }
    return;
  }
  if (code < 300) {
    OnInvite2xx(response);
    return;
  }
  if (cancel_wanted_ || ended_) return;  // the 487 to our CANCEL, or a late answer
  if ((code == 401 || code == 407) && RetryAfterChallenge(response)) return;
  if (code == 422) {
    const uint32_t sent = session_expires_sent_.value_or(host_->session_timers().config().interval_seconds);
    if (auto retry = host_->session_timers().On422(response.message, sent)) {
      session_expires_sent_ = *retry;
      SendInvite(Attempt::kSameDialog, std::nullopt);
      return;
    }
  }
  OnInviteFailure(code, std::string(response.message.ReasonPhrase()));
}

void Call::OnInvite2xx(const IncomingMessage& response) {
  const auto remote_tag = response.message.ToTag();
  if (dialog_ && remote_tag && dialog_->id().remote_tag == *remote_tag) {
    // A retransmission (our ACK was lost): ACK again (§13.2.2.4).
    if (last_ack_) host_->transactions().SendStateless(*last_ack_target_, *last_ack_);
    return;
  }
  if (dialog_) {
    // A 2xx from another fork: ACK it and end that dialog (we keep the first).
    spdlog::warn("SIP {}: second 2xx from another fork ignored", log_name_);
    return;
  }
  auto dialog = Dialog::ForUac(*invite_request_, response, destination_->kind);
  if (!dialog) {
    End(TerminationReason::kFailed, response.message.StatusCode(), "2xx without a To tag: " + dialog.error().message);
    return;
  }
  dialog_ = std::move(*dialog);
  host_->BindDialog(dialog_->id(), handle_);
  answer_timer_.Stop();
  SendAck(cseq_, destination_->kind);
  peer_allows_info_ = AllowsMethod(response.message, "INFO", true);
  peer_allows_update_ = AllowsMethod(response.message, "UPDATE", false);
  SetState(State::kConfirmed);
  if (cancel_wanted_ || ended_) {
    SendBye("cancelled");  // the answer crossed our CANCEL (§15)
    return;
  }
  auto answer = BodySdp(response.message);
  if (!answer || !*answer) {
    const std::string why = !answer ? answer.error().reason : "no SDP in the 200 OK";
    SendBye(why);
    End(TerminationReason::kFailed, 488, "the answer is unusable: " + why);
    return;
  }
  remote_sdp_ = **answer;
  ApplySession(host_->session_timers().OnSuccess(response.message));
  spdlog::info("SIP {}: answered", log_name_);
  host_->call_listener().OnSipCallAnswered(handle_, **answer);
}

void Call::SendAck(uint32_t cseq, TransportKind kind) {
  SipMessageBuilder ack = dialog_->MakeRequest("ACK", cseq);
  ack.AddHeader("Via", host_->ViaFor(kind, NewBranch()));
  // §13.2.2.4: the ACK carries the INVITE's credentials.
  if (invite_request_ && !incoming_) {
    for (auto id : {HeaderId::kAuthorization, HeaderId::kProxyAuthorization}) {
      if (auto value = invite_request_->Find(id)) ack.AddHeader(CanonicalName(id), Unfold(*value));
    }
  }
  auto wire = ack.Serialize();
  if (!wire) return;
  last_ack_ = std::move(*wire);
  last_ack_target_ = dialog_->NextHop();
  host_->transactions().SendStateless(*last_ack_target_, *last_ack_);
}

void Call::OnStray2xx(const IncomingMessage& response) {
  if (!last_ack_ || !dialog_) return;
  if (response.message.ToTag() != dialog_->id().remote_tag) return;
  host_->transactions().SendStateless(*last_ack_target_, *last_ack_);
}

bool Call::RetryAfterChallenge(const IncomingMessage& response) {
  if (!options_.credentials || auth_tries_ >= 3) return false;
  auto answer = DigestClient::Answer(response.message, "INVITE", target_, *options_.credentials);
  if (!answer || answer->nonce == answered_nonce_) {
    spdlog::warn("SIP {}: {} and our credentials were refused or cannot answer the challenge", log_name_,
                 response.message.StatusCode());
    return false;
  }
  answered_nonce_ = answer->nonce;
  ++auth_tries_;
  SendInvite(Attempt::kSameDialog, std::make_pair(answer->header, answer->value));
  return true;
}

bool Call::MaybeRetry(int status) {
  static constexpr int kRetryable[] = {408, 480, 486, 500, 502, 503, 504, 600};
  if (attempt_ >= options_.retries || std::find(std::begin(kRetryable), std::end(kRetryable), status) == std::end(kRetryable))
    return false;
  ++attempt_;
  TimeDelta delay = options_.backoff;
  for (int i = 1; i < attempt_; ++i) delay = delay * 2;
  spdlog::info("SIP {}: attempt {} failed ({}), retrying in {} s", log_name_, attempt_, status, delay.ms() / 1000.0);
  answer_timer_.Stop();
  retry_timer_.Start(delay, [this] { SendInvite(Attempt::kNew, std::nullopt); });
  return true;
}

void Call::OnInviteFailure(int status, std::string reason) {
  if (MaybeRetry(status)) return;
  End(TerminationReason::kFailed, status, std::move(reason));
}

void Call::SendCancel() {
  if (cancel_sent_ || !invite_request_) return;
  cancel_sent_ = true;
  // §9.1: Request-URI, Call-ID, To, From and CSeq number of the INVITE, its top Via (same
  // branch) and its Route; to the same destination.
  const SipMessage& invite = *invite_request_;
  SipMessageBuilder cancel = SipMessageBuilder::Request("CANCEL", invite.RequestUri());
  cancel.AddHeader("Via", invite.Vias().front().Format())
      .AddHeader("Max-Forwards", "70")
      .AddHeader("From", Unfold(*invite.Find(HeaderId::kFrom)))
      .AddHeader("To", Unfold(*invite.Find(HeaderId::kTo)))
      .AddHeader("Call-ID", std::string(invite.CallId()))
      .AddHeader("CSeq", std::to_string(invite.Sequence().number) + " CANCEL");
  for (std::string_view route : invite.FindAll(HeaderId::kRoute)) cancel.AddHeader("Route", Unfold(route));
  cancel.AddHeader("User-Agent", host_->config().user_agent);
  auto built = cancel.Build();
  if (!built) return;
  Bind(host_->transactions().SendRequest(*built, SendTarget{*destination_, 0}), Purpose::kCancel);
}

// ---------------------------------------------------------------- the conference's requests

void Call::Hangup(std::string_view reason) {
  if (ended_) return;
  switch (state_) {
    case State::kIncomingPending:
      Respond(invite_transaction_, 603, "Decline");
      break;
    case State::kCalling:
    case State::kRinging:
      cancel_wanted_ = true;
      if (provisional_seen_) SendCancel();  // else when a 1xx comes (§9.1)
      break;
    case State::kAwaitingAck:
      bye_wanted_ = true;  // §15: not before the ACK (or its timeout)
      bye_reason_ = std::string(reason);
      break;
    case State::kConfirmed:
      SendBye(reason);
      break;
  }
  End(TerminationReason::kLocalHangup, 0, std::string(reason));
}

void Call::Shutdown() {
  if (ended_) return;
  if (state_ == State::kIncomingPending) {
    Respond(invite_transaction_, 503, "Service Unavailable");
  } else if (state_ == State::kConfirmed) {
    SendBye("shutting down");
  } else if (state_ == State::kCalling || state_ == State::kRinging) {
    cancel_wanted_ = true;
    if (provisional_seen_) SendCancel();
  }
  End(TerminationReason::kShutdown, 0, "the SIP stack is stopping");
}

void Call::SendReInvite(const sdp::SessionDescription& offer) { StartLocalOffer(offer, Purpose::kReInvite); }

void Call::AnswerReInvite(const sdp::SessionDescription& answer) {
  if (!remote_offer_) {
    spdlog::warn("SIP {}: AnswerReInvite with no re-INVITE pending (answered already, or cancelled)", log_name_);
    return;
  }
  AnswerRemoteOffer(&answer, 200, "OK");
}

void Call::RejectReInvite(int status, std::string_view reason) {
  if (remote_offer_) AnswerRemoteOffer(nullptr, status < 300 ? 488 : status, reason);
}

void Call::SendInfo(std::string_view content_type, std::string_view body) {
  if (state_ != State::kConfirmed || ended_) return;
  SendInDialog("INFO", Purpose::kInfo, {}, content_type, body);
}

void Call::RequestKeyframe() {
  if (!peer_allows_info_) {
    spdlog::debug("SIP {}: peer does not allow INFO; keyframe request left to RTCP", log_name_);
    return;
  }
  SendInfo("application/media_control+xml", MediaControl::PictureFastUpdateBody());
}

void Call::Ping(PingDone done) {
  if (state_ != State::kConfirmed || ended_) {
    done(0, TimeDelta::Zero());
    return;
  }
  const TransactionId transaction = SendInDialog("OPTIONS", Purpose::kOptions, {{"Accept", std::string(kSdpType)}});
  if (transaction != 0) pings_[transaction] = {host_->clock()->Now(), std::move(done)};
}

// ---------------------------------------------------------------- in-dialog

TransactionId Call::SendInDialog(std::string_view method, Purpose purpose, HeaderList headers,
                                 std::string_view content_type, std::string_view body) {
  if (!dialog_) return 0;
  SipMessageBuilder builder = dialog_->MakeRequest(method, dialog_->NextLocalCSeq());
  builder.AddHeader("Via", host_->ViaFor(dialog_->transport(), NewBranch()));
  if (method == "INVITE" || method == "UPDATE") builder.AddHeader("Contact", host_->ContactFor(dialog_->transport()));
  builder.AddHeader("User-Agent", host_->config().user_agent);
  for (const auto& [name, value] : headers) builder.AddHeader(name, value);
  if (!body.empty()) builder.SetBody(content_type, body);
  auto built = builder.Build();
  if (!built) {
    spdlog::error("SIP {}: cannot build {}: {}", log_name_, method, built.error().message);
    return 0;
  }
  const TransactionId transaction = host_->transactions().SendRequest(*built, dialog_->NextHop());
  Bind(transaction, purpose);
  return transaction;
}

void Call::SendBye(std::string_view reason) {
  session_timer_.Stop();
  success_.Stop();
  HeaderList headers;
  if (!reason.empty()) headers.emplace_back("Reason", ReasonValue(reason));
  SendInDialog("BYE", Purpose::kBye, std::move(headers));
}

void Call::OnInDialogRequest(TransactionId transaction, const IncomingMessage& request) {
  const SipMessage& message = request.message;
  if (!dialog_) {
    Respond(transaction, 481, "Call/Transaction Does Not Exist");
    return;
  }
  if (!dialog_->AcceptRemoteCSeq(message.Sequence().number)) {
    Respond(transaction, 500, "CSeq Out Of Order");  // §12.2.2
    return;
  }
  const std::string_view method = message.Method();
  if (method == "BYE") return HandleBye(transaction);
  if (ended_) {
    Respond(transaction, 481, "Call/Transaction Does Not Exist");
    return;
  }
  if (method == "INVITE" || method == "UPDATE") return HandleOffer(transaction, request);
  if (method == "INFO") return HandleInfo(transaction, request);
  // OPTIONS (the user agent sends every other method elsewhere).
  Respond(transaction, 200, "OK", host_->CapabilityHeaders());
}

void Call::HandleBye(TransactionId transaction) {
  Respond(transaction, 200, "OK");
  if (remote_offer_ && remote_offer_->is_invite) AnswerRemoteOffer(nullptr, 487, "Request Terminated");
  success_.Stop();
  End(TerminationReason::kRemoteBye, 0, "BYE from the peer");
}

void Call::HandleOffer(TransactionId transaction, const IncomingMessage& request) {
  const SipMessage& message = request.message;
  const bool is_invite = message.Method() == "INVITE";
  auto retry_later = [&] {
    Respond(transaction, 500, "Server Internal Error",
            {{"Retry-After", std::to_string(RandomDelay(TimeDelta::Zero(), TimeDelta::Seconds(10)).ms() / 1000)}});
  };
  if (state_ != State::kConfirmed || success_.active() || remote_offer_) return retry_later();  // §14.2
  if (local_offer_ && !local_offer_->via_update) {
    Respond(transaction, 491, "Request Pending");  // glare, §14.2
    return;
  }
  auto session = host_->session_timers().OnRequest(message);
  if (session.reject_with_min_se) {
    Respond(transaction, 422, "Session Interval Too Small", {{"Min-SE", std::to_string(*session.reject_with_min_se)}});
    return;
  }
  auto offer = BodySdp(message);
  if (!offer) {
    Respond(transaction, offer.error().status, offer.error().reason,
            offer.error().status == 415 ? HeaderList{{"Accept", std::string(kSdpType)}} : HeaderList{});
    return;
  }
  dialog_->UpdateRemoteTarget(message);  // re-INVITE and UPDATE refresh the target
  remote_offer_ = PendingRemoteOffer{transaction, is_invite, offer->has_value(), session.interval,
                                     session.response_headers, *offer};
  if (!offer->has_value() && !is_invite) return AnswerRemoteOffer(nullptr, 200, "OK");  // RFC 4028 refresh by UPDATE
  if (offer->has_value() && remote_sdp_ && SameSdpVersion(*remote_sdp_, **offer)) {
    // Nothing changed (a session refresh): our current description answers it (RFC 3264 §8).
    return AnswerRemoteOffer(&*local_sdp_.current(), 200, "OK");
  }
  answer_timer_.Start(host_->config().answer_timeout, [this] {
    spdlog::warn("SIP {}: the conference did not answer the re-INVITE in time", log_name_);
    AnswerRemoteOffer(nullptr, 500, "No Answer From The Conference");
  });
  host_->mid_call_listener().OnSipCallReInvite(handle_, *offer);
}

void Call::AnswerRemoteOffer(const sdp::SessionDescription* answer, int status, std::string_view reason) {
  if (!remote_offer_) return;
  PendingRemoteOffer pending = std::move(*remote_offer_);
  remote_offer_.reset();
  answer_timer_.Stop();
  if (status >= 300) {
    Respond(pending.transaction, status, reason);
    FinishLocalOffer();
    return;
  }
  HeaderList headers{{"Contact", host_->ContactFor(dialog_->transport())}};
  for (auto& header : host_->CapabilityHeaders()) headers.push_back(std::move(header));
  for (const auto& header : pending.session_headers) headers.push_back(header);
  std::string body = answer ? sdp::SdpWriter::Write(local_sdp_.Next(*answer)) : std::string();
  auto response = Respond(pending.transaction, 200, "OK", std::move(headers), body);
  if (!response) return;
  if (pending.offer) remote_sdp_ = std::move(pending.offer);
  if (pending.is_invite) {
    awaiting_answer_in_ack_ = !pending.has_offer;  // our 2xx carried the offer
    const IncomingMessage* request = host_->transactions().ServerRequest(pending.transaction);
    success_.Start(pending.transaction, *response, request ? request->message.Sequence().number : 0,
                   IsReliable(dialog_->transport()), [this] { OnNoAck(); });
  }
  ApplySession(pending.session);
  if (!pending.is_invite) FinishLocalOffer();
}

void Call::HandleInfo(TransactionId transaction, const IncomingMessage& request) {
  const SipMessage& message = request.message;
  if (message.Body().empty()) {
    Respond(transaction, 200, "OK");  // an INFO keep-alive
    return;
  }
  auto type = message.BodyType();
  auto bad = [&](const Error& error) {
    Respond(transaction, 400, "Bad Request", {{"Warning", WarningValue(error.message)}});
  };
  if (type && type->Is("application", "media_control+xml")) {
    auto control = MediaControl::Parse(message.Body());
    if (!control) return bad(control.error());
    Respond(transaction, 200, "OK");
    if (control->picture_fast_update) host_->mid_call_listener().OnSipCallKeyframeRequest(handle_);
    return;
  }
  const bool relay = type && type->Is("application", "dtmf-relay");
  if (relay || (type && type->Is("application", "dtmf"))) {
    auto key = relay ? DtmfRelay::ParseDtmfRelay(message.Body()) : DtmfRelay::ParseDtmf(message.Body());
    if (!key) return bad(key.error());
    Respond(transaction, 200, "OK");
    host_->mid_call_listener().OnSipCallDtmf(handle_, *key);
    return;
  }
  Respond(transaction, 415, "Unsupported Media Type",
          {{"Accept", "application/media_control+xml, application/dtmf-relay, application/dtmf"}});
}

void Call::StartLocalOffer(const sdp::SessionDescription& sdp, Purpose purpose) {
  if (state_ != State::kConfirmed || ended_) {
    if (purpose == Purpose::kReInvite && !ended_)
      host_->mid_call_listener().OnSipCallReInviteResult(handle_, ReInviteResult{false, 0, std::nullopt});
    return;
  }
  if (local_offer_ || remote_offer_ || success_.active()) {
    // One exchange at a time; a refresh is moot while another exchange runs.
    if (purpose == Purpose::kReInvite) queued_local_offer_ = std::make_pair(sdp, purpose);
    return;
  }
  const bool via_update = purpose == Purpose::kRefresh && peer_allows_update_;
  HeaderList headers = host_->session_timers().RequestHeaders(session_ ? std::optional(session_->seconds) : std::nullopt);
  TransactionId transaction = 0;
  sdp::SessionDescription sent = sdp;
  if (via_update) {
    headers.emplace_back("Supported", "timer");
    transaction = SendInDialog("UPDATE", purpose, std::move(headers));  // RFC 4028 §9: refresh without SDP
  } else {
    sent = local_sdp_.Next(sdp);
    for (auto& header : host_->CapabilityHeaders()) headers.push_back(std::move(header));
    transaction = SendInDialog("INVITE", purpose, std::move(headers), kSdpType, sdp::SdpWriter::Write(sent));
  }
  if (transaction == 0) return;
  local_offer_ = PendingLocalOffer{transaction, std::move(sent), purpose, via_update};
}

void Call::OnLocalOfferResponse(const PendingLocalOffer& offer, const IncomingMessage& response) {
  const int code = response.message.StatusCode();
  if (code < 200) return;
  const PendingLocalOffer done = offer;
  local_offer_.reset();
  if (code < 300) {
    if (!done.via_update) SendAck(response.message.Sequence().number, dialog_->transport());
    dialog_->UpdateRemoteTarget(response.message);
    ApplySession(host_->session_timers().OnSuccess(response.message));
    if (!done.via_update) {
      auto answer = BodySdp(response.message);
      const bool usable = answer && *answer;
      if (usable) remote_sdp_ = **answer;
      if (done.purpose == Purpose::kReInvite && !ended_)
        host_->mid_call_listener().OnSipCallReInviteResult(
            handle_, ReInviteResult{usable, code, usable ? std::optional(**answer) : std::nullopt});
    }
    FinishLocalOffer();
    return;
  }
  if (!done.via_update) local_sdp_.Rollback();
  if (code == 491) {
    // §14.1: the owner of the Call-ID (who sent the initial INVITE) waits 2.1-4 s, the other 0-2 s.
    const bool owner = dialog_->role() == Dialog::Role::kUac;
    const TimeDelta delay = owner ? RandomDelay(TimeDelta::Millis(2100), TimeDelta::Seconds(4))
                                  : RandomDelay(TimeDelta::Zero(), TimeDelta::Seconds(2));
    retry_timer_.Start(delay, [this, done] { StartLocalOffer(done.sdp, done.purpose); });
    return;
  }
  if (code == 408 || code == 481) {
    OnInDialogFailure(done.purpose, code, fmt::format("{} to our {}", code, done.via_update ? "UPDATE" : "re-INVITE"));
    return;
  }
  // Refused: the session stays as it was (§14.1).
  if (done.purpose == Purpose::kReInvite && !ended_)
    host_->mid_call_listener().OnSipCallReInviteResult(handle_, ReInviteResult{false, code, std::nullopt});
  FinishLocalOffer();
}

void Call::FinishLocalOffer() {
  if (!queued_local_offer_ || local_offer_ || remote_offer_ || success_.active()) return;
  auto next = std::move(*queued_local_offer_);
  queued_local_offer_.reset();
  StartLocalOffer(next.first, next.second);
}

void Call::OnInDialogFailure(Purpose purpose, int status, std::string detail) {
  if (ended_) return;
  const TerminationReason reason =
      purpose == Purpose::kRefresh ? TerminationReason::kSessionTimerExpired : TerminationReason::kTransportError;
  // §12.2.1.2: a 481 means the peer has no dialog any more; a 408 or a timeout means it
  // cannot be reached. Either way the dialog ends; a BYE is worth a try after a 408.
  if (status != 481) SendBye(detail);
  End(reason, status, std::move(detail));
}

void Call::OnResponse(TransactionId transaction, const IncomingMessage& response) {
  auto it = client_transactions_.find(transaction);
  if (it == client_transactions_.end()) return;
  const Purpose purpose = it->second;
  const int code = response.message.StatusCode();
  switch (purpose) {
    case Purpose::kInvite:
      if (transaction == client_invite_) OnInviteResponse(response);
      return;
    case Purpose::kReInvite:
    case Purpose::kRefresh:
      if (local_offer_ && local_offer_->transaction == transaction) {
        OnLocalOfferResponse(*local_offer_, response);
      } else if (code >= 200 && code < 300 && dialog_) {
        SendAck(response.message.Sequence().number, dialog_->transport());  // a late 2xx retransmission
      }
      return;
    case Purpose::kOptions:
      if (code >= 200) {
        if (auto ping = pings_.find(transaction); ping != pings_.end()) {
          auto [sent, done] = std::move(ping->second);
          pings_.erase(ping);
          done(code, host_->clock()->Now() - sent);
        }
        if (code == 408 || code == 481) OnInDialogFailure(purpose, code, fmt::format("{} to OPTIONS", code));
      }
      return;
    case Purpose::kInfo:
      if (code == 408 || code == 481) OnInDialogFailure(purpose, code, fmt::format("{} to INFO", code));
      return;
    case Purpose::kCancel:
    case Purpose::kAck:
    case Purpose::kBye:
      return;
  }
}

void Call::OnTransactionFailure(TransactionId transaction, TransactionFailure failure) {
  if (transaction == invite_transaction_ && incoming_) {
    // Our final response to the INVITE could not be delivered, or its ACK never came.
    if (!ended_ && state_ == State::kIncomingPending)
      End(TerminationReason::kTransportError, 0, "cannot answer the caller: " + std::string(ToString(failure)));
    return;
  }
  auto it = client_transactions_.find(transaction);
  if (it == client_transactions_.end()) return;
  const Purpose purpose = it->second;
  const std::string what = std::string(ToString(failure));
  switch (purpose) {
    case Purpose::kInvite:
      if (transaction != client_invite_ || cancel_wanted_ || ended_) return;
      OnInviteFailure(failure == TransactionFailure::kTimeout ? 408 : 503,
                      failure == TransactionFailure::kTimeout ? "no response (timeout)" : "transport error");
      return;
    case Purpose::kReInvite:
    case Purpose::kRefresh:
      if (local_offer_ && local_offer_->transaction == transaction) {
        if (!local_offer_->via_update) local_sdp_.Rollback();
        local_offer_.reset();
        OnInDialogFailure(purpose, 408, "re-INVITE failed: " + what);
      }
      return;
    case Purpose::kOptions:
      if (auto ping = pings_.find(transaction); ping != pings_.end()) {
        auto [sent, done] = std::move(ping->second);
        pings_.erase(ping);
        done(0, host_->clock()->Now() - sent);
      }
      OnInDialogFailure(purpose, 408, "OPTIONS failed: " + what);
      return;
    case Purpose::kInfo:
      OnInDialogFailure(purpose, 408, "INFO failed: " + what);
      return;
    case Purpose::kCancel:
    case Purpose::kAck:
    case Purpose::kBye:
      return;
  }
}

// ---------------------------------------------------------------- session timer

void Call::ApplySession(std::optional<SessionInterval> interval) {
  session_ = interval;
  session_timer_.Stop();
  if (!session_ || ended_) return;
  session_timer_.Start(SessionTimerNegotiation::ActionDelay(*session_), [this] { OnSessionTimer(); });
}

void Call::OnSessionTimer() {
  if (ended_ || !session_) return;
  if (session_->refresher == SessionRefresher::kLocal) {
    spdlog::debug("SIP {}: session refresh", log_name_);
    StartLocalOffer(*local_sdp_.current(), Purpose::kRefresh);
    return;
  }
  // RFC 4028 §10: the peer should have refreshed by now.
  const uint32_t seconds = session_->seconds;
  SendBye("session timer expired");
  End(TerminationReason::kSessionTimerExpired, 0, fmt::format("no session refresh from the peer within {} s", seconds));
}

}  // namespace softmcu::sip
