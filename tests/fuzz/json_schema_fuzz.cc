// Fuzzes the JSON Schema checker (tools/loadgen) on arbitrary documents, as
// `softmcu-loadgen --validate-report FILE` meets them: any bytes, parsed without exceptions,
// checked against the report schema.
//
// Invariants: no crash, no exception; at most the requested number of errors.

#include <cstdint>
#include <string_view>

#include "tools/loadgen/json_schema.h"
#include "tools/loadgen/run_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  const auto errors = softmcu::loadgen::JsonSchema::Validate(softmcu::loadgen::ReportSchema(), document, 8);
  if (errors.size() > 8) __builtin_trap();
  return 0;
}
