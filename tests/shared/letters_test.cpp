#include "shared/letters.h"

#include <catch2/catch.hpp>
#include <string>

using namespace sesame;

namespace {

struct CasePair {
  char32_t lower;
  char32_t upper;
};

}  // namespace

TEST_CASE("Case pairs of the scripts parents type map both ways", "[letters]") {
  const CasePair pair = GENERATE(values<CasePair>({
      {U'a', U'A'}, {U'z', U'Z'}, {U'é', U'É'}, {U'è', U'È'}, {U'ê', U'Ê'}, {U'à', U'À'}, {U'ç', U'Ç'},
      {U'ï', U'Ï'}, {U'ô', U'Ô'}, {U'ù', U'Ù'}, {U'æ', U'Æ'}, {U'ø', U'Ø'}, {U'þ', U'Þ'}, {U'ÿ', U'Ÿ'},
      {U'œ', U'Œ'}, {U'ą', U'Ą'}, {U'ć', U'Ć'}, {U'ł', U'Ł'}, {U'ń', U'Ń'}, {U'ř', U'Ř'}, {U'ş', U'Ş'},
      {U'š', U'Š'}, {U'ž', U'Ž'}, {U'ź', U'Ź'}, {U'ő', U'Ő'}, {U'ű', U'Ű'}, {U'ĳ', U'Ĳ'}, {U'ğ', U'Ğ'},
      {U'ș', U'Ș'}, {U'ț', U'Ț'}, {U'ơ', U'Ơ'}, {U'ư', U'Ư'}, {U'ễ', U'Ễ'}, {U'ạ', U'Ạ'}, {U'ḃ', U'Ḃ'},
      {U'α', U'Α'}, {U'ω', U'Ω'}, {U'σ', U'Σ'}, {U'ά', U'Ά'}, {U'έ', U'Έ'}, {U'ί', U'Ί'}, {U'ό', U'Ό'},
      {U'ύ', U'Ύ'}, {U'ώ', U'Ώ'}, {U'ϊ', U'Ϊ'}, {U'а', U'А'}, {U'ж', U'Ж'}, {U'я', U'Я'}, {U'ё', U'Ё'},
      {U'ђ', U'Ђ'}, {U'џ', U'Џ'},
  }));
  INFO("U+" << std::hex << static_cast<unsigned>(pair.lower));
  CHECK(is_lower_case(pair.lower));
  CHECK_FALSE(is_upper_case(pair.lower));
  CHECK(is_upper_case(pair.upper));
  CHECK_FALSE(is_lower_case(pair.upper));
  CHECK(to_upper(pair.lower) == pair.upper);
  CHECK(to_lower(pair.upper) == pair.lower);
  CHECK(to_upper(pair.upper) == pair.upper);
  CHECK(to_lower(pair.lower) == pair.lower);
}

TEST_CASE("Letters whose other case is not a plain partner", "[letters]") {
  CHECK(is_lower_case(U'ß'));
  CHECK(to_upper(U'ß') == U'ß');  // its capital is "SS", not one letter
  CHECK(to_upper(U'ς') == U'Σ');  // final sigma
  CHECK(to_lower(U'Σ') == U'σ');
  CHECK(to_upper(U'ı') == U'I');
  CHECK(to_lower(U'İ') == U'i');
  CHECK(to_upper(U'ſ') == U'S');
  CHECK(is_lower_case(U'ĸ'));
  CHECK(to_upper(U'ĸ') == U'ĸ');
}

TEST_CASE("Non-letters have no case and stay as they are", "[letters]") {
  const char32_t cp = GENERATE(U'1', U'!', U' ', U'-', U'\'', U'µ', U'×', U'÷', U'’', U'€', U'ª', U'º');
  CHECK_FALSE(is_upper_case(cp));
  CHECK_FALSE(is_lower_case(cp));
  CHECK(to_upper(cp) == cp);
  CHECK(to_lower(cp) == cp);
}

TEST_CASE("Every cased letter of Latin-1 and Latin Extended-A round-trips", "[letters]") {
  for (char32_t cp = 0xC0; cp <= 0x17F; ++cp) {
    INFO("U+" << std::hex << static_cast<unsigned>(cp));
    if (cp == 0xD7 || cp == 0xF7) {
      CHECK_FALSE(is_letter(cp));
      continue;
    }
    CHECK(is_letter(cp));
    CHECK(is_upper_case(cp) != is_lower_case(cp));
    CHECK_FALSE(latin_ascii_letters(cp).empty());
    if (is_lower_case(cp) && to_upper(cp) != cp && to_upper(cp) >= 0xC0) CHECK(to_lower(to_upper(cp)) == cp);
    if (is_upper_case(cp) && to_lower(cp) >= 0xC0) CHECK(to_upper(to_lower(cp)) == cp);
  }
}

TEST_CASE("is_letter knows the scripts of names and nothing else", "[letters]") {
  for (char32_t cp :
       {U'a', U'Z', U'é', U'Ł', U'ș', U'ễ', U'Ω', U'ж', U'Ա', U'ש', U'م', U'あ', U'カ', U'李', U'한'}) {
    CHECK(is_letter(cp));
  }
  for (char32_t cp :
       {U'0', U'9', U' ', U'-', U'.', U'\'', U'’', U'@', U'µ', U'ª', U'º', U'×', U'€', U'\u0301'}) {
    CHECK_FALSE(is_letter(cp));
  }
}

TEST_CASE("Combining accents are recognised apart from letters", "[letters]") {
  CHECK(is_combining_mark(0x300));
  CHECK(is_combining_mark(0x301));
  CHECK(is_combining_mark(0x36F));
  CHECK_FALSE(is_combining_mark(0x2FF));
  CHECK_FALSE(is_combining_mark(0x370));
  CHECK_FALSE(is_combining_mark(U'e'));
}

TEST_CASE("latin_ascii_letters spells Latin letters in upper-case ASCII", "[letters]") {
  using Row = std::pair<char32_t, std::string>;
  const Row row = GENERATE(values<Row>({
      {U'a', "A"}, {U'Z', "Z"},  {U'é', "E"},  {U'É', "E"},  {U'ç', "C"},  {U'à', "A"},  {U'ñ', "N"},
      {U'ø', "O"}, {U'œ', "OE"}, {U'Œ', "OE"}, {U'æ', "AE"}, {U'Æ', "AE"}, {U'ß', "SS"}, {U'þ', "TH"},
      {U'ð', "D"}, {U'ÿ', "Y"},  {U'Ÿ', "Y"},  {U'ą', "A"},  {U'ł', "L"},  {U'ř', "R"},  {U'ş', "S"},
      {U'ž', "Z"}, {U'ő', "O"},  {U'ĳ', "IJ"}, {U'đ', "D"},  {U'ı', "I"},  {U'ș', "S"},  {U'ț', "T"},
      {U'ơ', "O"}, {U'ư', "U"},  {U'ễ', "E"},  {U'ỳ', "Y"},  {U'ạ', "A"},
  }));
  CHECK(latin_ascii_letters(row.first) == row.second);
}

TEST_CASE("latin_ascii_letters is empty for other scripts and non-letters", "[letters]") {
  for (char32_t cp : {U'α', U'Ж', U'李', U'1', U'-', U'’', U'µ', U'×', U'\u0301'}) {
    CHECK(latin_ascii_letters(cp).empty());
  }
}
