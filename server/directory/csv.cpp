#include "server/directory/csv.h"

namespace sesame::directory {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view without_bom(std::string_view text) {
  return text.starts_with(kByteOrderMark) ? text.substr(kByteOrderMark.size()) : text;
}

}  // namespace

char detect_separator(std::string_view text) {
  text = without_bom(text);
  int semicolons = 0;
  int commas = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice: still right
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    semicolons += c == ';';
    commas += c == ',';
  }
  return commas > semicolons ? ',' : ';';
}

CsvReader::CsvReader(std::string_view text) : text_(without_bom(text)), separator_(detect_separator(text_)) {}

bool CsvReader::at_line_end() const {
  return position_ >= text_.size() || text_[position_] == '\n' || text_[position_] == '\r';
}

void CsvReader::skip_line_end() {
  if (position_ < text_.size() && text_[position_] == '\r') ++position_;
  if (position_ < text_.size() && text_[position_] == '\n') ++position_;
  ++line_;
}

void CsvReader::skip_rest_of_line() {
  while (!at_line_end()) ++position_;
}

void CsvReader::read_plain_field(std::string& field) {
  const std::size_t start = position_;
  while (!at_line_end() && text_[position_] != separator_) ++position_;
  field.assign(text_.substr(start, position_ - start));
}

void CsvReader::read_quoted_field(std::string& field, CsvRecord& record) {
  ++position_;  // opening quote
  field.clear();
  for (;;) {
    const std::size_t quote = text_.find('"', position_);
    if (quote == std::string_view::npos) {
      record.syntax_error = "guillemet ouvert mais jamais fermé";
      position_ = text_.size();
      return;
    }
    const std::string_view chunk = text_.substr(position_, quote - position_);
    for (char c : chunk) line_ += c == '\n';
    field.append(chunk);
    position_ = quote + 1;
    if (position_ < text_.size() && text_[position_] == '"') {  // "" stands for one quote
      field.push_back('"');
      ++position_;
      continue;
    }
    if (!at_line_end() && text_[position_] != separator_) {
      record.syntax_error = "texte après le guillemet fermant d'un champ";
      skip_rest_of_line();
    }
    return;
  }
}

bool CsvReader::next(CsvRecord& record) {
  // Blank lines carry no record.
  while (position_ < text_.size() && (text_[position_] == '\n' || text_[position_] == '\r')) skip_line_end();
  if (position_ >= text_.size()) return false;

  record.line = line_;
  record.syntax_error.clear();
  std::size_t count = 0;
  for (;;) {
    if (count == record.fields.size()) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    if (position_ < text_.size() && text_[position_] == '"') {
      read_quoted_field(field, record);
    } else {
      read_plain_field(field);
    }
    if (position_ < text_.size() && text_[position_] == separator_ && record.syntax_error.empty()) {
      ++position_;
      continue;
    }
    break;
  }
  record.fields.resize(count);
  if (position_ < text_.size()) skip_line_end();
  return true;
}

}  // namespace sesame::directory
