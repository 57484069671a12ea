#include "control/model/json_reader.h"

#include <algorithm>
#include <cmath>

namespace softmcu::control {
namespace {

// Nesting depth outside strings. nlohmann's parser is iterative, but the operator API has
// no use for deep documents and destroying a deep tree recurses: refuse early and cheaply.
size_t MaxDepth(std::string_view text) {
  size_t depth = 0, max = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max;
}

}  // namespace

ControlResult<nlohmann::json> ParseJsonBody(std::string_view body, BodyShape shape) {
  if (MaxDepth(body) > kMaxJsonDepth) {
    return Fail(ErrorKind::kMalformed, "request.too_deep", "", {{"max", std::to_string(kMaxJsonDepth)}});
  }
  // The error position comes from a second, throwing-free SAX pass would be overkill; the
  // callback-free parse with allow_exceptions=false returns a "discarded" value on error, so
  // locate the offset with a tiny SAX handler instead.
  struct OffsetSax : nlohmann::json_sax<nlohmann::json> {
    size_t offset = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
      offset = position;
      return false;
    }
  };
  nlohmann::json value = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    OffsetSax sax;
    (void)nlohmann::json::sax_parse(body.begin(), body.end(), &sax, nlohmann::json::input_format_t::json,
                                    /*strict=*/true);
    return Fail(ErrorKind::kMalformed, "request.malformed_json", "", {{"offset", std::to_string(sax.offset)}});
  }
  if (shape == BodyShape::kObject && !value.is_object()) {
    return Fail(ErrorKind::kMalformed, "request.not_object");
  }
  return value;
}

JsonReader::JsonReader(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    Reject(ControlError{ErrorKind::kValidation, "field.type", prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1),
                        {{"type", "object"}}});
  }
}

void JsonReader::Reject(ControlError error) {
  if (!error_) error_ = std::move(error);
}

void JsonReader::TypeError(std::string_view key, const char* type) {
  Reject(ControlError{ErrorKind::kValidation, "field.type", FieldName(key), {{"type", type}}});
}

const nlohmann::json* JsonReader::Find(std::string_view key, Presence presence) {
  seen_.emplace(key);
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (presence == Presence::kRequired) {
      Reject(ControlError{ErrorKind::kValidation, "field.required", FieldName(key), {}});
    }
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::TextAllowEmpty(std::string_view key, Presence presence, size_t max_chars,
                                                      TextKind kind) {
  const nlohmann::json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    TypeError(key, "string");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (!IsCleanText(text, kind)) {
    Reject(ControlError{ErrorKind::kValidation, "field.text", FieldName(key), {}});
    return std::nullopt;
  }
  if (Utf8Length(text) > max_chars) {
    Reject(ControlError{ErrorKind::kValidation, "field.too_long", FieldName(key), {{"max", std::to_string(max_chars)}}});
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> JsonReader::Text(std::string_view key, Presence presence, size_t max_chars,
                                            TextKind kind) {
  auto text = TextAllowEmpty(key, presence, max_chars, kind);
  if (text && text->find_first_not_of(" \t\r\n") == std::string::npos) {
    Reject(ControlError{ErrorKind::kValidation, "field.empty", FieldName(key), {}});
    return std::nullopt;
  }
  return text;
}

std::optional<bool> JsonReader::Bool(std::string_view key, Presence presence) {
  const nlohmann::json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    TypeError(key, "boolean");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> JsonReader::Integer(std::string_view key, Presence presence, int64_t min, int64_t max) {
  const nlohmann::json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  int64_t number;
  if (value->is_number_integer() && !(value->is_number_unsigned() && value->get<uint64_t>() > INT64_MAX)) {
    number = value->get<int64_t>();
  } else if (value->is_number_float() && std::isfinite(value->get<double>()) &&
             value->get<double>() == std::floor(value->get<double>()) && std::fabs(value->get<double>()) < 9e15) {
    number = static_cast<int64_t>(value->get<double>());  // 3.0 is the integer 3
  } else {
    TypeError(key, "integer");
    return std::nullopt;
  }
  if (number < min || number > max) {
    Reject(ControlError{ErrorKind::kValidation, "field.range", FieldName(key),
                        {{"min", std::to_string(min)}, {"max", std::to_string(max)}}});
    return std::nullopt;
  }
  return number;
}

std::optional<double> JsonReader::Number(std::string_view key, Presence presence) {
  const nlohmann::json* value = Find(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    TypeError(key, "number");
    return std::nullopt;
  }
  return value->get<double>();
}

const nlohmann::json* JsonReader::Value(std::string_view key, Presence presence) { return Find(key, presence); }

const nlohmann::json* JsonReader::Array(std::string_view key, Presence presence, size_t max_items) {
  const nlohmann::json* value = Find(key, presence);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    TypeError(key, "array");
    return nullptr;
  }
  if (value->size() > max_items) {
    Reject(ControlError{ErrorKind::kValidation, "field.too_many", FieldName(key), {{"max", std::to_string(max_items)}}});
    return nullptr;
  }
  return value;
}

ControlResult<void> JsonReader::Finish() {
  if (!error_ && object_.is_object()) {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!seen_.contains(it.key())) {
        Reject(ControlError{ErrorKind::kValidation, "field.unknown", FieldName(it.key()), {}});
        break;
      }
    }
  }
  if (error_) return Fail(*error_);
  return {};
}

}  // namespace softmcu::control
