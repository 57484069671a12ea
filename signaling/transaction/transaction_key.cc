#include "signaling/transaction/transaction_key.h"

#include <openssl/rand.h>

#include <array>
#include <cctype>

namespace softmcu::sip {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string SentBy(const Via& via) {
  std::string out = Lower(via.host);
  out += ':';
  out += std::to_string(via.port.value_or(0));
  return out;
}

}  // namespace

std::string ServerTransactionKey(const SipMessage& request, std::string_view method) {
  const Via via = request.TopVia();
  std::string key;
  if (via.HasMagicCookie()) {
    key = std::string(*via.Branch());
  } else {
    // RFC 2543 peers: no usable branch.
    key = "2543|" + std::string(request.CallId()) + "|" + std::string(request.From().Tag().value_or("")) + "|" +
          std::to_string(request.Sequence().number);
  }
  key += "|" + SentBy(via) + "|";
  key += method == "ACK" ? std::string_view("INVITE") : method;
  return key;
}

std::string ServerTransactionKey(const SipMessage& request) {
  return ServerTransactionKey(request, request.Method());
}

std::string ClientTransactionKey(std::string_view branch, std::string_view method) {
  std::string key(branch);
  key += '|';
  key += method;
  return key;
}

std::string ClientTransactionKey(const SipMessage& response) {
  const Via via = response.TopVia();
  return ClientTransactionKey(via.Branch().value_or(""), response.Sequence().method);
}

std::string RandomToken(size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  std::string out(length, 'x');
  std::array<unsigned char, 64> random{};
  size_t used = random.size();
  for (char& c : out) {
    if (used == random.size()) {
      RAND_bytes(random.data(), static_cast<int>(random.size()));
      used = 0;
    }
    c = kAlphabet[random[used++] & 63];
  }
  return out;
}

std::string NewBranch() { return "z9hG4bK" + RandomToken(22); }

}  // namespace softmcu::sip
