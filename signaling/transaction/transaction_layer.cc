#include "signaling/transaction/transaction_layer.h"

#include "signaling/transaction/transaction_key.h"

namespace softmcu::sip {

TransactionLayer::TransactionLayer(SipMessageSender* sender, TimerQueue* timers, TransactionTimers values,
                                   TransactionUser* user)
    : sender_(sender), timers_(timers), values_(values), user_(user), reaper_(timers) {}

TransactionLayer::~TransactionLayer() {
  // Transactions own Timers on the queue; they go before the queue does.
  entries_.clear();
  dead_.clear();
}

void TransactionLayer::Receive(const IncomingMessage& message) {
  if (message.message.IsRequest()) {
    ReceiveRequest(message);
  } else {
    ReceiveResponse(message);
  }
}

void TransactionLayer::ReceiveRequest(const IncomingMessage& request) {
  const std::string key = ServerTransactionKey(request.message);
  if (auto it = server_keys_.find(key); it != server_keys_.end()) {
    ++stats_.retransmissions_absorbed;
    entries_.at(it->second).server->OnRequest(request);
    return;
  }
  const std::string_view method = request.message.Method();
  if (method == "ACK") {
    user_->OnTransactionAck(request);
    return;
  }
  if (!user_->OnTransactionAdmission(request)) return;
  const TransactionId id = next_id_++;
  ++stats_.server_created;
  Entry entry;
  entry.key = key;
  InviteServerTransaction* invite = nullptr;
  if (method == "INVITE") {
    auto transaction = std::make_unique<InviteServerTransaction>(id, host(), request);
    invite = transaction.get();
    entry.server = transaction.get();
    entry.transaction = std::move(transaction);
  } else {
    auto transaction = std::make_unique<NonInviteServerTransaction>(id, host(), request);
    entry.server = transaction.get();
    entry.transaction = std::move(transaction);
  }
  entries_.emplace(id, std::move(entry));
  server_keys_.emplace(key, id);
  if (invite) invite->Start();
  user_->OnTransactionRequest(id, request);
}

void TransactionLayer::ReceiveResponse(const IncomingMessage& response) {
  auto it = client_keys_.find(ClientTransactionKey(response.message));
  if (it == client_keys_.end()) {
    ++stats_.stray_responses;
    user_->OnTransactionStrayResponse(response);
    return;
  }
  entries_.at(it->second).client->OnResponse(response);
}

void TransactionLayer::OnTransportFailure(const TransportAddress& destination) {
  std::vector<TransactionId> affected;
  for (const auto& [id, entry] : entries_) {
    if (entry.transaction->target().destination == destination) affected.push_back(id);
  }
  for (TransactionId id : affected) {
    if (auto it = entries_.find(id); it != entries_.end()) it->second.transaction->OnTransportFailure();
  }
}

TransactionId TransactionLayer::SendRequest(SipMessage request, SendTarget target) {
  const TransactionId id = next_id_++;
  ++stats_.client_created;
  Entry entry;
  entry.key = ClientTransactionKey(request.TopVia().Branch().value_or(""), request.Method());
  std::unique_ptr<ClientTransaction> transaction;
  if (request.Method() == "INVITE") {
    transaction = std::make_unique<InviteClientTransaction>(id, host(), std::move(target), std::move(request));
  } else {
    transaction = std::make_unique<NonInviteClientTransaction>(id, host(), std::move(target), std::move(request));
  }
  ClientTransaction* client = transaction.get();
  entry.client = client;
  entry.transaction = std::move(transaction);
  client_keys_[entry.key] = id;
  entries_.emplace(id, std::move(entry));
  client->Start();
  return id;
}

bool TransactionLayer::Respond(TransactionId server, const SipMessage& response) {
  auto it = entries_.find(server);
  if (it == entries_.end() || !it->second.server) return false;
  return it->second.server->Respond(response);
}

const IncomingMessage* TransactionLayer::ServerRequest(TransactionId server) const {
  auto it = entries_.find(server);
  if (it == entries_.end() || !it->second.server) return nullptr;
  return &it->second.server->request();
}

bool TransactionLayer::ServerFinalSent(TransactionId server) const {
  auto it = entries_.find(server);
  return it == entries_.end() || !it->second.server || it->second.server->final_sent();
}

std::optional<TransactionId> TransactionLayer::FindInviteServerTransaction(const SipMessage& cancel) const {
  auto it = server_keys_.find(ServerTransactionKey(cancel, "INVITE"));
  if (it == server_keys_.end()) return std::nullopt;
  return it->second;
}

void TransactionLayer::Abandon(TransactionId client) {
  auto it = entries_.find(client);
  if (it == entries_.end() || it->second.server) return;
  Terminated(client);
}

void TransactionLayer::SendStateless(const SendTarget& target, const std::string& wire) {
  SendForTransaction(target, wire);
}

void TransactionLayer::SendForTransaction(const SendTarget& target, const std::string& wire) {
  ++stats_.sent;
  sender_->SendSip(target, wire);
}

void TransactionLayer::DeliverResponse(TransactionId id, const IncomingMessage& response) {
  user_->OnTransactionResponse(id, response);
}

void TransactionLayer::DeliverAck(TransactionId, const IncomingMessage& ack) { user_->OnTransactionAck(ack); }

void TransactionLayer::DeliverFailure(TransactionId id, TransactionFailure failure) {
  user_->OnTransactionFailure(id, failure);
}

void TransactionLayer::Terminated(TransactionId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  auto& keys = it->second.server ? server_keys_ : client_keys_;
  if (auto key = keys.find(it->second.key); key != keys.end() && key->second == id) keys.erase(key);
  dead_.push_back(std::move(it->second.transaction));
  entries_.erase(it);
  if (!reaper_.running()) reaper_.Start(TimeDelta::Zero(), [this] { dead_.clear(); });
}

}  // namespace softmcu::sip
