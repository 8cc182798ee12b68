#pragma once
// Letters as parents type them, without locale functions (the browser and the
// server must agree byte for byte): a small case table and a Latin folding
// table covering what French schools' data holds — ASCII, Latin-1 Supplement,
// Latin Extended-A, the Romanian and Vietnamese letters, Greek and Cyrillic.
// Not a Unicode database: letters outside these tables are caseless here.
#include <string_view>

namespace sesame {

constexpr bool is_ascii_digit(char32_t code_point) { return code_point >= U'0' && code_point <= U'9'; }

bool is_upper_case(char32_t code_point);  // 'A', 'É', 'Œ', 'Σ', 'Ж'
bool is_lower_case(char32_t code_point);  // 'a', 'é', 'œ', 'ß', 'σ', 'ж'
// The simple (one code point) mappings; other code points come back unchanged,
// as does 'ß', whose capital is not a single letter.
char32_t to_upper(char32_t code_point);
char32_t to_lower(char32_t code_point);

// A letter of the scripts accepted in names: Latin (with Extended-A/B and
// Extended Additional), Greek, Cyrillic, Armenian, Hebrew, Arabic, kana, CJK
// ideographs and Hangul. The micro sign µ, ª and º are not letters here.
bool is_letter(char32_t code_point);
// U+0300..U+036F: accents typed as separate code points (macOS and iOS may
// send "e" + U+0301 for "é").
bool is_combining_mark(char32_t code_point);

// Upper-case ASCII spelling of a Latin letter without its accents: "E" for
// 'é' or 'e', "OE" for 'œ', "AE" for 'æ', "SS" for 'ß', "TH" for 'þ'.
// Empty for anything that is not a Latin letter of the tables.
std::string_view latin_ascii_letters(char32_t code_point);

}  // namespace sesame
