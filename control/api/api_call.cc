#include "control/api/api_call.h"

#include <strings.h>

namespace softmcu::control {

std::string ApiCall::Query(std::string_view key) const {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return {};
}

bool ApiCall::HasQuery(std::string_view key) const {
  for (const auto& [k, v] : query) {
    if (k == key) return true;
  }
  return false;
}

std::string ApiCall::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return {};
}

bool ApiCall::WantsCsv() const {
  return Query("format") == "csv" || Header("Accept").find("text/csv") != std::string::npos;
}

const std::string& ApiCall::user() const {
  static const std::string kNobody;
  return auth ? auth->user : kNobody;
}

ApiReply ApiReply::Json(const nlohmann::json& value, int status) {
  ApiReply reply;
  reply.status = status;
  // Invalid UTF-8 cannot reach here from validated input; replace rather than throw if it does.
  reply.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply;
}

ApiReply ApiReply::NoContent() {
  ApiReply reply;
  reply.status = 204;
  reply.content_type.clear();
  return reply;
}

ApiReply ApiReply::Text(std::string body, std::string content_type, int status) {
  ApiReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.content_type = std::move(content_type);
  return reply;
}

}  // namespace softmcu::control
