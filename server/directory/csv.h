#pragma once
// CSV as schools' spreadsheets write it: RFC 4180 quoting, ';' or ',' (whichever
// the header line uses), an optional UTF-8 byte order mark, LF or CRLF endings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sesame::directory {

struct CsvRecord {
  std::size_t line = 0;  // line of the file where the record starts, from 1
  std::vector<std::string> fields;
  std::string syntax_error;  // French, empty when the record is well formed
};

class CsvReader {
 public:
  // `text` must outlive the reader. The separator is taken from its first line.
  explicit CsvReader(std::string_view text);

  char separator() const { return separator_; }

  // Reads the next record into `record` (its buffers are reused), skipping
  // blank lines; false at the end of the text. A malformed record comes back
  // with syntax_error set, and reading resumes after it.
  bool next(CsvRecord& record);

 private:
  void read_quoted_field(std::string& field, CsvRecord& record);
  void read_plain_field(std::string& field);
  bool at_line_end() const;
  void skip_line_end();
  void skip_rest_of_line();

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
  char separator_ = ';';
};

// ';' or ',', whichever appears more often outside quotes in the first line (';' on a tie).
char detect_separator(std::string_view text);

}  // namespace sesame::directory
