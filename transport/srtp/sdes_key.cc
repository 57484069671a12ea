#include "transport/srtp/sdes_key.h"

#include <openssl/rand.h>
#include <string.h>  // explicit_bzero

#include <cstring>

namespace softmcu {
namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// RFC 4648 §4 encoding with padding.
std::string Base64Encode(std::span<const uint8_t> in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = uint32_t{in[i]} << 16;
    if (i + 1 < in.size()) n |= uint32_t{in[i + 1]} << 8;
    if (i + 2 < in.size()) n |= in[i + 2];
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64Alphabet[n & 63] : '=';
  }
  return out;
}

// Strict RFC 4648 §4 decoding into `out`, which must be exactly the decoded size: only the
// alphabet, padding only at the end and only to a multiple of 4 (unpadded input is
// accepted, as some SDES implementations strip '='), unused trailing bits zero (RFC 4648
// §3.5), so that each key has exactly one spelling.
bool Base64DecodeExact(std::string_view in, std::span<uint8_t> out) {
  size_t padding = 0;
  while (!in.empty() && in.back() == '=' && padding < 2) {
    in.remove_suffix(1);
    ++padding;
  }
  if (padding > 0 && (in.size() + padding) % 4 != 0) return false;
  if (in.size() % 4 == 1) return false;
  if (in.size() * 3 / 4 != out.size()) return false;
  uint32_t acc = 0;
  int bits = 0;
  size_t pos = 0;
  for (char c : in) {
    int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[pos++] = static_cast<uint8_t>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  return acc == 0;  // leftover bits must be zero
}

// Decoded size of base64 text, for the error message; 0 when the text is not base64-shaped.
size_t Base64DecodedSize(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  return in.size() * 3 / 4;
}

bool ParseDecimal(std::string_view digits, size_t max_digits, uint64_t* value) {
  if (digits.empty() || digits.size() > max_digits) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *value = v;
  return true;
}

// lifetime = ["2^"] 1*(DIGIT)  (RFC 4568 §6.1), 1 ≤ packets ≤ 2^48.
std::optional<uint64_t> ParseLifetime(std::string_view text) {
  uint64_t v = 0;
  if (text.starts_with("2^")) {
    if (!ParseDecimal(text.substr(2), 2, &v) || v > 48) return std::nullopt;
    return uint64_t{1} << v;
  }
  // 15 digits hold 2^48 = 281474976710656 and cannot overflow.
  if (!ParseDecimal(text, 15, &v) || v == 0 || v > SdesKey::kMaxLifetimePackets) return std::nullopt;
  return v;
}

// mki = mki-value ":" mki-length  (RFC 4568 §6.1).
bool LooksLikeMki(std::string_view text) {
  return text.find(':') != std::string_view::npos;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string Bounded(std::string_view text) {
  return std::string(text.substr(0, 32));
}

}  // namespace

SdesKey::~SdesKey() {
  explicit_bzero(bytes_.data(), bytes_.size());
}

std::string SdesKey::Redact(std::string_view text) {
  constexpr std::string_view kInline = "inline:";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= kInline.size() && StartsWithIgnoreCase(text.substr(i), kInline)) {
      out.append(text.substr(i, kInline.size()));
      i += kInline.size();
      // The key-salt runs to the next '|' (lifetime/MKI), ';' (next key-params), blank or
      // line end; whatever it holds, valid base64 or not, is dropped.
      size_t end = i;
      while (end < text.size() && text[end] != '|' && text[end] != ';' && text[end] != ' ' && text[end] != '\t' &&
             text[end] != '\r' && text[end] != '\n')
        ++end;
      if (end > i) out += "<redacted>";
      i = end;
      continue;
    }
    out += text[i++];
  }
  return out;
}

Result<SdesKey> SdesKey::Parse(CryptoSuite suite, std::string_view key_params) {
  // "inline" is an ABNF literal, hence case-insensitive (RFC 5234 §2.3).
  constexpr std::string_view kInline = "inline:";
  if (!StartsWithIgnoreCase(key_params, kInline)) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto key-params must start with 'inline:'");
  }
  std::string_view info = key_params.substr(kInline.size());

  size_t bar = info.find('|');
  std::string_view key_salt = info.substr(0, bar);
  std::optional<std::string_view> lifetime;
  std::optional<std::string_view> mki;
  while (bar != std::string_view::npos) {
    info.remove_prefix(bar + 1);
    bar = info.find('|');
    std::string_view field = info.substr(0, bar);
    if (LooksLikeMki(field)) {
      if (mki) return MakeError(ErrorCode::kInvalidArgument, "crypto key-params has two MKI fields");
      mki = field;
    } else {
      if (lifetime || mki) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "crypto key-params has an unexpected field '" + Bounded(field) + "'");
      }
      lifetime = field;
    }
  }
  if (mki) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "crypto key-params carries an MKI ('" + Bounded(*mki) + "'), which is not supported");
  }

  SdesKey key(suite);
  const size_t needed = MasterKeyAndSaltSize(suite);
  if (key_salt.empty()) return MakeError(ErrorCode::kInvalidArgument, "crypto key is empty");
  if (Base64DecodedSize(key_salt) != needed) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "crypto key is " + std::to_string(Base64DecodedSize(key_salt)) + " bytes, " +
                         std::string(ToString(suite)) + " needs " + std::to_string(needed));
  }
  if (!Base64DecodeExact(key_salt, std::span<uint8_t>(key.bytes_.data(), needed))) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto key is not valid base64");
  }
  if (lifetime) {
    auto packets = ParseLifetime(*lifetime);
    if (!packets) {
      return MakeError(ErrorCode::kInvalidArgument, "crypto key lifetime '" + Bounded(*lifetime) +
                                                        "' is not 2^N or a packet count in 1..2^48");
    }
    key.lifetime_text_ = std::string(*lifetime);
    key.lifetime_packets_ = *packets;
  }
  return key;
}

Result<SdesKey> SdesKey::Generate(CryptoSuite suite) {
  SdesKey key(suite);
  if (RAND_bytes(key.bytes_.data(), static_cast<int>(MasterKeyAndSaltSize(suite))) != 1) {
    return MakeError(ErrorCode::kUnavailable, "OpenSSL RAND_bytes failed to produce an SRTP master key");
  }
  return key;
}

Result<SdesKey> SdesKey::FromKeyAndSalt(CryptoSuite suite, std::span<const uint8_t> key_and_salt) {
  if (key_and_salt.size() != MasterKeyAndSaltSize(suite)) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto key is " + std::to_string(key_and_salt.size()) +
                                                      " bytes, " + std::string(ToString(suite)) + " needs " +
                                                      std::to_string(MasterKeyAndSaltSize(suite)));
  }
  SdesKey key(suite);
  std::memcpy(key.bytes_.data(), key_and_salt.data(), key_and_salt.size());
  return key;
}

std::string SdesKey::Format() const {
  std::string out = "inline:" + Base64Encode(key_and_salt());
  if (lifetime_text_) out += "|" + *lifetime_text_;
  return out;
}

}  // namespace softmcu
