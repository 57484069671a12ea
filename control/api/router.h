#pragma once
// The route table (CONVENTIONS.md §13): one row per endpoint — method, path pattern, the
// permission it needs, the audit action it records (empty: not audited by the router,
// e.g. reads, or login which Accounts audits itself) and the handler. Dispatch is a table
// lookup, never an if/else chain; docs/api.md lists the same table.
//
// Patterns are literal segments and {name} placeholders ("/api/v1/rooms/{number}/floor/{id}");
// a placeholder matches one non-empty segment. When two patterns match, the one with more
// literal segments wins. Built once at start, then read-only: thread-safe for lookups.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "control/api/api_call.h"
#include "control/auth/role.h"
#include "control/control_error.h"

namespace softmcu::control {

using ApiHandler = std::function<ControlResult<ApiReply>(ApiCall&)>;

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;
  Permission permission = Permission::kView;
  std::string action;   // audit action, "" for none
  ApiHandler handler;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
  };
  // route.not_found (404) when no pattern matches the path, route.method_not_allowed (405)
  // when some does but not for this method.
  ControlResult<Match> Find(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;
    size_t literals = 0;
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace softmcu::control
