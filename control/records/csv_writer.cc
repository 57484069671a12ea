#include "control/records/csv_writer.h"

#include <cstdio>

namespace softmcu::control {

CsvWriter::CsvWriter(CsvBom bom) {
  if (bom == CsvBom::kWith) out_ = "\xEF\xBB\xBF";
}

void CsvWriter::Separator() {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
}

void CsvWriter::Raw(std::string_view cell) {
  const bool quote = cell.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out_.append(cell);
    return;
  }
  out_.push_back('"');
  for (char c : cell) {
    if (c == '"') out_.push_back('"');
    out_.push_back(c);
  }
  out_.push_back('"');
}

CsvWriter& CsvWriter::Text(std::string_view cell) {
  Separator();
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
                        cell[0] == '\r')) {
    Raw("'" + std::string(cell));
  } else {
    Raw(cell);
  }
  return *this;
}

CsvWriter& CsvWriter::Number(std::string_view cell) {
  Separator();
  Raw(cell);
  return *this;
}

CsvWriter& CsvWriter::Number(int64_t value) { return Number(std::string_view(std::to_string(value))); }

CsvWriter& CsvWriter::Number(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return Number(std::string_view(text));
}

void CsvWriter::EndRow() {
  out_ += "\r\n";
  row_started_ = false;
}

}  // namespace softmcu::control
