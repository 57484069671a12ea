#include "server/config/daemon_config.h"

#include "control/model/cidr.h"

#include <fmt/format.h>

#include <charconv>
#include <set>

// Header-only, without exceptions: Debian's libtomlplusplus.so is built with exceptions,
// and the daemon reads its config once at start-up (the compile cost is this one file).
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

namespace softmcu {

Result<SipListen> SipListen::Parse(std::string_view text) {
  SipListen out;
  out.text = std::string(text);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("SIP listener '{}': write udp:IP:PORT, tcp:IP:PORT or tls:IP:PORT", text));
  }
  const std::string_view transport = text.substr(0, colon);
  if (transport == "udp") {
    out.transport = Transport::kUdp;
  } else if (transport == "tcp") {
    out.transport = Transport::kTcp;
  } else if (transport == "tls") {
    out.transport = Transport::kTls;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("SIP listener '{}': transport must be udp, tcp or tls", text));
  }
  std::string_view rest = text.substr(colon + 1);
  const auto port_colon = rest.rfind(':');
  if (port_colon == std::string_view::npos || port_colon == 0) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("SIP listener '{}': missing :PORT", text));
  }
  std::string_view host = rest.substr(0, port_colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string_view port = rest.substr(port_colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("SIP listener '{}': port must be 0–65535 (0: any free port)", text));
  }
  out.address = std::string(host);
  out.port = static_cast<uint16_t>(value);
  return out;
}

DaemonConfig DaemonConfig::Defaults() {
  DaemonConfig c;
  c.sip_listen = {*SipListen::Parse("udp:127.0.0.1:5060"), *SipListen::Parse("tcp:127.0.0.1:5060"),
                  *SipListen::Parse("tls:127.0.0.1:5061")};
  return c;
}

namespace {

// Reads the keys of one table into fields, refusing keys nobody reads.
class TableReader {
 public:
  TableReader(const toml::table& root, std::string_view name, const std::string& path)
      : path_(path), name_(name), table_(root[name].as_table()) {}

  bool present() const { return table_ != nullptr; }

  template <typename T>
  void Read(std::string_view key, T& out) {
    known_.insert(std::string(key));
    if (table_ == nullptr || !error_.empty()) return;
    const toml::node* node = table_->get(key);
    if (node == nullptr) return;
    if constexpr (std::is_same_v<T, std::string>) {
      if (auto v = node->value<std::string>()) return void(out = *v);
      Fail(key, *node, "a string");
    } else if constexpr (std::is_same_v<T, bool>) {
      if (auto v = node->value<bool>()) return void(out = *v);
      Fail(key, *node, "true or false");
    } else if constexpr (std::is_same_v<T, double>) {
      if (auto v = node->value<double>()) return void(out = *v);
      Fail(key, *node, "a number");
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const toml::array* array = node->as_array();
      if (array == nullptr) return Fail(key, *node, "an array of strings");
      out.clear();
      for (const toml::node& item : *array) {
        auto v = item.value<std::string>();
        if (!v) return Fail(key, item, "an array of strings");
        out.push_back(*v);
      }
    } else {
      auto v = node->value<int64_t>();
      if (!v) return Fail(key, *node, "an integer");
      if (*v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) {
        return Fail(key, *node, "an integer in range");
      }
      out = static_cast<T>(*v);
    }
  }

  // After the reads: an unknown key is an error (a typo must not fall back silently).
  Result<void> Finish() {
    if (!error_.empty()) return MakeError(ErrorCode::kInvalidArgument, error_);
    if (table_ == nullptr) return {};
    for (const auto& [key, node] : *table_) {
      if (known_.count(std::string(key.str())) == 0) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("{}:{}: unknown option {}.{} (see docs/operations.md)", path_,
                                     node.source().begin.line, name_, key.str()));
      }
    }
    return {};
  }

 private:
  void Fail(std::string_view key, const toml::node& node, std::string_view expected) {
    error_ = fmt::format("{}:{}: {}.{} must be {}", path_, node.source().begin.line, name_, key, expected);
  }

  const std::string& path_;
  const std::string_view name_;
  const toml::table* const table_;
  std::set<std::string> known_;
  std::string error_;
};

}  // namespace

Result<DaemonConfig> DaemonConfig::Load(const std::string& path) {
  DaemonConfig c = Defaults();
  if (path.empty()) return c;
  toml::parse_result parsed = toml::parse_file(path);
  if (!parsed) {
    const auto& error = parsed.error();
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{}:{}:{}: {}", path, error.source().begin.line, error.source().begin.column,
                                 error.description()));
  }
  const toml::table& root = parsed.table();
  static const std::set<std::string_view> kTables = {"daemon", "sip",     "http",     "media",
                                                     "dialout", "records", "capacity", "default_room"};
  for (const auto& [key, node] : root) {
    if (kTables.count(key.str()) == 0 || !node.is_table()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}:{}: unknown section [{}] (see docs/operations.md)", path,
                                   node.source().begin.line, key.str()));
    }
  }
  std::vector<std::string> listen;
  for (const auto& l : c.sip_listen) listen.push_back(l.text);

  TableReader daemon(root, "daemon", path);
  daemon.Read("data_dir", c.data_dir);
  daemon.Read("log_level", c.log_level);
  daemon.Read("log_file", c.log_file);
  TableReader sip(root, "sip", path);
  sip.Read("listen", listen);
  sip.Read("domain", c.sip_domain);
  sip.Read("tls_certificate", c.tls_certificate);
  sip.Read("tls_private_key", c.tls_private_key);
  sip.Read("rate_per_source", c.sip_rate_per_source);
  sip.Read("auth_failures_before_block", c.auth_failures_before_block);
  sip.Read("auth_block_seconds", c.auth_block_seconds);
  sip.Read("max_calls", c.max_calls);
  sip.Read("allow_sources", c.sip_allow_sources);
  TableReader http(root, "http", path);
  http.Read("listen", c.http_listen);
  http.Read("tls", c.http_tls);
  http.Read("static_dir", c.http_static_dir);
  TableReader media(root, "media", path);
  media.Read("address", c.media_address);
  media.Read("port_min", c.media_port_min);
  media.Read("port_max", c.media_port_max);
  media.Read("workers", c.media_workers);
  media.Read("rtp_timeout_seconds", c.rtp_timeout_seconds);
  TableReader dialout(root, "dialout", path);
  dialout.Read("retries", c.dialout_retries);
  dialout.Read("backoff_seconds", c.dialout_backoff_seconds);
  dialout.Read("redial_initial_seconds", c.redial_initial_seconds);
  dialout.Read("redial_max_seconds", c.redial_max_seconds);
  dialout.Read("redial_max_attempts", c.redial_max_attempts);
  TableReader records(root, "records", path);
  records.Read("retention_days", c.retention_days);
  TableReader capacity(root, "capacity", path);
  capacity.Read("mcu_bandwidth_mbps", c.mcu_bandwidth_mbps);
  TableReader room(root, "default_room", path);
  room.Read("number", c.default_room_number);
  room.Read("name", c.default_room_name);
  room.Read("mode", c.default_room_mode);
  room.Read("layout", c.default_room_layout);
  room.Read("srtp_required", c.default_room_srtp_required);
  for (TableReader* t : {&daemon, &sip, &http, &media, &dialout, &records, &capacity, &room}) {
    if (auto ok = t->Finish(); !ok) return tl::unexpected(ok.error());
  }
  c.sip_listen.clear();
  for (const auto& text : listen) {
    auto parsed_listen = SipListen::Parse(text);
    if (!parsed_listen) return tl::unexpected(Error{parsed_listen.error().code, path + ": sip.listen: " + parsed_listen.error().message});
    c.sip_listen.push_back(*parsed_listen);
  }
  if (auto ok = c.Validate(); !ok) return MakeError(ok.error().code, path + ": " + ok.error().message);
  return c;
}

Result<void> DaemonConfig::Validate() const {
  auto range = [](std::string_view key, int64_t value, int64_t min, int64_t max) -> Result<void> {
    if (value < min || value > max) {
      return MakeError(ErrorCode::kOutOfRange, fmt::format("{} = {} is outside {}–{}", key, value, min, max));
    }
    return {};
  };
  if (data_dir.empty()) return MakeError(ErrorCode::kInvalidArgument, "daemon.data_dir must not be empty");
  if (sip_listen.empty()) return MakeError(ErrorCode::kInvalidArgument, "sip.listen needs at least one listener");
  if (media_port_min < 1024 || media_port_max < media_port_min + 4) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("media.port_min..port_max = {}..{}: a range of at least 4 ports above 1023",
                                 media_port_min, media_port_max));
  }
  for (auto check : {range("media.workers", media_workers, 0, 64),
                     range("media.rtp_timeout_seconds", rtp_timeout_seconds, 2, 600),
                     range("sip.max_calls", max_calls, 1, 100000),
                     range("sip.auth_failures_before_block", auth_failures_before_block, 1, 1000),
                     range("sip.auth_block_seconds", auth_block_seconds, 1, 86400 * 7),
                     range("dialout.retries", dialout_retries, 0, 100),
                     range("dialout.backoff_seconds", dialout_backoff_seconds, 1, 3600),
                     range("dialout.redial_initial_seconds", redial_initial_seconds, 1, 3600),
                     range("dialout.redial_max_seconds", redial_max_seconds, redial_initial_seconds, 86400),
                     range("dialout.redial_max_attempts", redial_max_attempts, 0, 100000),
                     range("records.retention_days", retention_days, 1, 3650)}) {
    if (!check) return check;
  }
  if (!(sip_rate_per_source > 0)) return MakeError(ErrorCode::kOutOfRange, "sip.rate_per_source must be > 0");
  if (!(mcu_bandwidth_mbps > 0)) return MakeError(ErrorCode::kOutOfRange, "capacity.mcu_bandwidth_mbps must be > 0");
  if (default_room_mode != "chair-controlled" && default_room_mode != "open") {
    return MakeError(ErrorCode::kInvalidArgument, "default_room.mode must be \"chair-controlled\" or \"open\"");
  }
  for (const auto& source : sip_allow_sources) {
    std::string suggestion;
    if (!control::Cidr::Parse(source, nullptr, &suggestion)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("sip.allow_sources: \"{}\" is not an address or network{}", source,
                                   suggestion.empty() ? "" : " (did you mean " + suggestion + "?)"));
    }
  }
  if (tls_certificate.empty() != tls_private_key.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "sip.tls_certificate and sip.tls_private_key go together (leave both empty for a "
                     "self-signed certificate)");
  }
  return {};
}

}  // namespace softmcu
