#pragma once
// One API request as the route handlers see it, and the reply they build — free of the HTTP
// library, so handlers are plain functions over values (and the library stays a detail of
// ControlServer). Handlers return ControlResult<ApiReply>: an error becomes the uniform
// JSON error body {"error": {"code", "field", "message", "detail"?}} with its HTTP status.
//
// A call lives on the HTTP worker thread that serves it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/api/messages.h"
#include "control/auth/accounts.h"
#include "control/live/event_hub.h"

namespace softmcu::control {

struct ApiCall {
  std::string method;
  std::string path;
  std::map<std::string, std::string> params;                // from the route pattern ({number}, {id})
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers; // as received
  std::string body;
  std::string source;  // peer IP address
  bool secure = false; // arrived over TLS
  Lang lang = Lang::kVi;
  std::optional<AuthContext> auth;  // set on every route that needs a session

  // What a changing request did, for its audit entry (the router writes it).
  std::string audit_target;
  std::string audit_detail;

  // First value of a query parameter, "" if absent.
  std::string Query(std::string_view key) const;
  bool HasQuery(std::string_view key) const;
  // Case-insensitive header lookup, "" if absent.
  std::string Header(std::string_view name) const;
  // The client asked for CSV: "Accept: text/csv" or "format=csv".
  bool WantsCsv() const;
  const std::string& user() const;
};

struct ApiReply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  // Set for GET /api/v1/events: the server streams this subscription as text/event-stream.
  std::shared_ptr<EventHub::Subscription> event_stream;

  static ApiReply Json(const nlohmann::json& value, int status = 200);
  static ApiReply NoContent();
  static ApiReply Text(std::string body, std::string content_type, int status = 200);
};

}  // namespace softmcu::control
