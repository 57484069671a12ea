#include "control/api/router.h"

namespace softmcu::control {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    out.push_back(path.substr(pos, next - pos));
    pos = next;
  }
  return out;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(Route route) {
  Compiled compiled;
  for (auto segment : Split(route.pattern)) {
    compiled.segments.emplace_back(segment);
    if (!IsPlaceholder(segment)) ++compiled.literals;
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(compiled));
}

ControlResult<Router::Match> Router::Find(std::string_view method, std::string_view path) const {
  const auto segments = Split(path);
  // A trailing slash or an empty path segment ("//") is a different resource.
  if (path.empty() || path.find("//") != std::string_view::npos || (path.size() > 1 && path.back() == '/')) {
    return Fail(ErrorKind::kNotFound, "route.not_found");
  }
  bool path_known = false;
  const Route* best = nullptr;
  size_t best_literals = 0;
  std::map<std::string, std::string> best_params;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = compiled_[i].segments;
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t s = 0; s < pattern.size() && match; ++s) {
      if (IsPlaceholder(pattern[s])) {
        params[pattern[s].substr(1, pattern[s].size() - 2)] = std::string(segments[s]);
      } else {
        match = pattern[s] == segments[s];
      }
    }
    if (!match) continue;
    path_known = true;
    if (routes_[i].method != method) continue;
    if (best == nullptr || compiled_[i].literals > best_literals) {
      best = &routes_[i];
      best_literals = compiled_[i].literals;
      best_params = std::move(params);
    }
  }
  if (best != nullptr) return Match{best, std::move(best_params)};
  if (path_known) return Fail(ErrorKind::kMethodNotAllowed, "route.method_not_allowed");
  return Fail(ErrorKind::kNotFound, "route.not_found");
}

}  // namespace softmcu::control
