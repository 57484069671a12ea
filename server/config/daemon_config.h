#pragma once
// The daemon's configuration: one TOML file (docs/operations.md lists every option) in
// which every option has a default, so an empty file — or none — is a working MCU on
// loopback. The command line overrides the file (--data-dir, --sip-listen, --http-listen).
//
// Loading is strict: an unknown key, a wrong type or a value out of range is an error
// that names the key and the line, so a typo never silently falls back to a default.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/units.h"

namespace softmcu {

struct SipListen {
  enum class Transport { kUdp, kTcp, kTls };
  Transport transport = Transport::kUdp;
  std::string address = "127.0.0.1";
  uint16_t port = 5060;
  std::string text;  // as written, "udp:127.0.0.1:5060"

  // "udp:IP:PORT", "tcp:IP:PORT", "tls:IP:PORT"; IPv6 as "udp:[::1]:5060".
  static Result<SipListen> Parse(std::string_view text);
};

struct DaemonConfig {
  // [daemon]
  std::string data_dir = "softmcu-data";
  std::string log_level = "info";
  std::string log_file;  // empty: stderr only

  // [sip]
  std::vector<SipListen> sip_listen;  // default: udp, tcp on 5060 and tls on 5061, loopback
  std::string sip_domain;             // our host in URIs; empty: the first listener's address
  std::string tls_certificate;        // PEM; empty: a self-signed one in DATA_DIR/tls/
  std::string tls_private_key;
  double sip_rate_per_source = 20;    // requests/s from one address before 503s
  int auth_failures_before_block = 5;
  int auth_block_seconds = 600;
  int max_calls = 500;                // over this, new calls get 503 + Retry-After
  // Callers not in the address book (and points without an allow list of their own) may
  // call only from these networks; anyone else gets 403 and an audit entry.
  std::vector<std::string> sip_allow_sources{"127.0.0.0/8", "::1"};

  // [http]
  std::string http_listen = "127.0.0.1:8443";
  bool http_tls = true;
  std::string http_static_dir;  // the console's files; empty: the built-in location

  // [media]
  std::string media_address = "127.0.0.1";  // bound for RTP and written in SDP
  uint16_t media_port_min = 20000;
  uint16_t media_port_max = 29999;
  int media_workers = 0;  // 0: one per core
  int rtp_timeout_seconds = 10;

  // [dialout]
  int dialout_retries = 3;
  int dialout_backoff_seconds = 5;
  int redial_initial_seconds = 2;
  int redial_max_seconds = 60;
  int redial_max_attempts = 0;  // 0: keep redialling while the meeting is live

  // [records]
  int retention_days = 180;

  // [capacity]
  double mcu_bandwidth_mbps = 50;  // Hà Giang art. 15.1; bookings may not exceed it

  // [default_room] — created at first start when the database has no room
  std::string default_room_number = "1000";
  std::string default_room_name = "Phòng họp trực tuyến";
  std::string default_room_mode = "chair-controlled";
  std::string default_room_layout = "3x3";
  bool default_room_srtp_required = true;

  static DaemonConfig Defaults();
  // An empty path gives the defaults. Errors name the file, key and line.
  static Result<DaemonConfig> Load(const std::string& path);
  // Cross-field checks (ports in range, listeners parse); also run by Load().
  Result<void> Validate() const;
};

}  // namespace softmcu
