#pragma once
// A small JSON Schema checker (a subset of draft 2020-12), enough to hold the load
// generator's report to its documented schema without a new dependency:
//   type (a name or a list: object, array, string, number, integer, boolean, null),
//   properties, required, additionalProperties (false only), items, enum,
//   minimum, maximum, $ref to "#/$defs/<name>".
// Anything else in a schema is ignored. Errors name the JSON pointer of the offending
// value ("/endpoints/3/sent/video_kbps: expected number, got string").
//
// Input may be any JSON (a report file from another run): it never throws on documents,
// and a schema that refers to an unknown $ref reports that as an error. Pure; any thread.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace softmcu::loadgen {

class JsonSchema {
 public:
  // Every violation found (empty: the document conforms). Stops after `max_errors`.
  static std::vector<std::string> Validate(const nlohmann::json& schema, const nlohmann::json& document,
                                           size_t max_errors = 20);
};

}  // namespace softmcu::loadgen
