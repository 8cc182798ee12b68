// The CSV reader: what spreadsheets write.
#include "server/directory/csv.h"

#include <catch2/catch.hpp>

using sesame::directory::CsvReader;
using sesame::directory::CsvRecord;
using sesame::directory::detect_separator;

namespace {

std::vector<CsvRecord> read_all(std::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

}  // namespace

TEST_CASE("The separator is the header's: ';' or ','", "[csv]") {
  CHECK(detect_separator("uai;nom;commune;niveau\n") == ';');
  CHECK(detect_separator("uai,nom,commune,niveau\n") == ',');
  CHECK(detect_separator("\"a;b\",c,d\n1;2;3;4;5") == ',');  // inside quotes and later lines do not count
  CHECK(detect_separator("alone\n") == ';');
}

TEST_CASE("Quoted fields follow RFC 4180", "[csv]") {
  const auto records = read_all(
      "id;nom;note\r\n"
      "1;\"D'ANGELO; Zoé\";\"il a dit \"\"bonjour\"\"\"\r\n"
      "2;\"sur\ndeux lignes\";\r\n"
      "3;simple;fin\r\n");
  REQUIRE(records.size() == 4);
  CHECK(records[1].fields == std::vector<std::string>{"1", "D'ANGELO; Zoé", "il a dit \"bonjour\""});
  CHECK(records[2].fields == std::vector<std::string>{"2", "sur\ndeux lignes", ""});
  CHECK(records[2].line == 3);
  CHECK(records[3].line == 5);  // line numbers count the line inside the quoted field
  for (const auto& record : records) CHECK(record.syntax_error.empty());
}

TEST_CASE("A byte order mark, blank lines and a missing final newline are fine", "[csv]") {
  const auto records = read_all("\xEF\xBB\xBFuai,nom\n\n0500048F,CLG\n\n\n0501271K,EPU");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == std::vector<std::string>{"uai", "nom"});
  CHECK(records[1].line == 3);
  CHECK(records[2].line == 6);
  CHECK(records[2].fields == std::vector<std::string>{"0501271K", "EPU"});
}

TEST_CASE("Malformed quoting is reported on its line and reading goes on", "[csv]") {
  const auto records = read_all("a;b\n\"x\"y;z\n1;2\n\"never closed;3\n4;5\n");
  REQUIRE(records.size() == 4);
  CHECK(records[1].line == 2);
  CHECK(records[1].syntax_error == "texte après le guillemet fermant d'un champ");
  CHECK(records[2].fields == std::vector<std::string>{"1", "2"});
  CHECK(records[2].syntax_error.empty());
  CHECK(records[3].line == 4);
  CHECK(records[3].syntax_error == "guillemet ouvert mais jamais fermé");
}

TEST_CASE("A quote inside an unquoted field is kept as text", "[csv]") {
  const auto records = read_all("a;b\nO\"Neil;2\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == std::vector<std::string>{"O\"Neil", "2"});
  CHECK(records[1].syntax_error.empty());
}
