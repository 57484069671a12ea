#include "tools/loadgen/json_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace softmcu::loadgen {
namespace {

using nlohmann::json;

// Deep enough for any schema we write; a self-referencing $ref stops here.
constexpr int kMaxDepth = 64;

std::string TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::null:
      return "null";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    default:
      return "unsupported";
  }
}

bool HasType(const json& v, const std::string& type) {
  const std::string actual = TypeName(v);
  if (type == "number") return actual == "number" || actual == "integer";
  // A float with no fraction is an integer too (JSON does not tell them apart).
  if (type == "integer" && actual == "number") {
    const double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return actual == type;
}

// dump() throws on invalid UTF-8; messages replace it instead.
std::string Dump(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

class Checker {
 public:
  Checker(const json& root, size_t max_errors) : root_(root), max_errors_(max_errors) {}

  void Check(const json& schema, const json& v, const std::string& path, int depth) {
    if (errors.size() >= max_errors_) return;
    if (depth > kMaxDepth) return Error(path, "schema nested too deeply (a $ref loop?)");
    if (!schema.is_object()) return;
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      const json* target = Resolve(*ref);
      if (!target) return Error(path, "schema refers to an unknown " + Dump(*ref));
      return Check(*target, v, path, depth + 1);
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      bool ok = false;
      std::string wanted;
      for (const json& t : type->is_array() ? *type : json::array({*type})) {
        if (!t.is_string()) continue;
        ok = ok || HasType(v, t.get<std::string>());
        wanted += (wanted.empty() ? "" : " or ") + t.get<std::string>();
      }
      if (!ok) return Error(path, "expected " + wanted + ", got " + TypeName(v));
    }
    if (auto values = schema.find("enum"); values != schema.end() && values->is_array()) {
      if (std::find(values->begin(), values->end(), v) == values->end()) {
        Error(path, "value " + Dump(v) + " is not one of " + Dump(*values));
      }
    }
    if (v.is_number()) {
      const double x = v.get<double>();
      if (auto min = schema.find("minimum"); min != schema.end() && min->is_number() && x < min->get<double>()) {
        Error(path, fmt::format("{} is below the minimum {}", Dump(v), Dump(*min)));
      }
      if (auto max = schema.find("maximum"); max != schema.end() && max->is_number() && x > max->get<double>()) {
        Error(path, fmt::format("{} is above the maximum {}", Dump(v), Dump(*max)));
      }
    }
    if (v.is_object()) CheckObject(schema, v, path, depth);
    if (v.is_array()) {
      if (auto items = schema.find("items"); items != schema.end()) {
        for (size_t i = 0; i < v.size(); ++i) Check(*items, v[i], path + "/" + std::to_string(i), depth + 1);
      }
    }
  }

  std::vector<std::string> errors;

 private:
  void CheckObject(const json& schema, const json& v, const std::string& path, int depth) {
    const auto properties = schema.find("properties");
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const json& name : *required) {
        if (name.is_string() && !v.contains(name.get<std::string>())) {
          Error(path, "missing required member \"" + name.get<std::string>() + "\"");
        }
      }
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string child = path + "/" + Escape(it.key());
      if (properties != schema.end() && properties->is_object() && properties->contains(it.key())) {
        Check((*properties)[it.key()], it.value(), child, depth + 1);
      } else if (auto extra = schema.find("additionalProperties"); extra != schema.end() && *extra == false) {
        Error(child, "member not in the schema");
      }
    }
  }

  const json* Resolve(const json& ref) const {
    static const std::string kPrefix = "#/$defs/";
    if (!ref.is_string()) return nullptr;
    const std::string text = ref.get<std::string>();
    if (text.rfind(kPrefix, 0) != 0) return nullptr;
    auto defs = root_.find("$defs");
    if (defs == root_.end() || !defs->is_object()) return nullptr;
    auto target = defs->find(text.substr(kPrefix.size()));
    return target == defs->end() ? nullptr : &*target;
  }

  void Error(const std::string& path, const std::string& message) {
    if (errors.size() < max_errors_) errors.push_back((path.empty() ? "/" : path) + ": " + message);
  }

  const json& root_;
  const size_t max_errors_;
};

}  // namespace

std::vector<std::string> JsonSchema::Validate(const nlohmann::json& schema, const nlohmann::json& document,
                                              size_t max_errors) {
  Checker checker(schema, max_errors);
  checker.Check(schema, document, "", 0);
  return std::move(checker.errors);
}

}  // namespace softmcu::loadgen
