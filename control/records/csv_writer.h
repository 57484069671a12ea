#pragma once
// CSV for reports (RFC 4180): fields separated by commas, rows ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF (quotes doubled inside), UTF-8.
//
// Byte-order mark: written by default. The people who open these reports use Microsoft
// Excel, which reads a BOM-less .csv in the machine's legacy code page and turns
// "Triệu Sơn" into mojibake; with the BOM it reads UTF-8. Tools that do not want it (most
// parsers skip it anyway) ask for `bom=0`.
//
// Formula injection: a text cell that starts with = + - @ (or tab/CR) is a formula to a
// spreadsheet; an operator-typed meeting title must not become one on the reader's machine
// (OWASP "CSV injection"). Text() prefixes such cells with an apostrophe; Number() cells
// are written as they are.

#include <string>
#include <string_view>

namespace softmcu::control {

enum class CsvBom { kWith, kWithout };

class CsvWriter {
 public:
  explicit CsvWriter(CsvBom bom = CsvBom::kWith);

  CsvWriter& Text(std::string_view cell);
  CsvWriter& Number(std::string_view cell);
  CsvWriter& Number(int64_t value);
  CsvWriter& Number(double value, int decimals);
  void EndRow();

  const std::string& data() const { return out_; }

 private:
  void Separator();
  void Raw(std::string_view cell);

  std::string out_;
  bool row_started_ = false;
};

}  // namespace softmcu::control
