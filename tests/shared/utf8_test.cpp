#include "shared/utf8.h"

#include <catch2/catch.hpp>
#include <string>

using namespace sesame;

TEST_CASE("decode_utf8 reads one- to four-byte sequences", "[utf8]") {
  const auto decoded = decode_utf8("Zoé ’ 😀");
  REQUIRE(decoded.has_value());
  CHECK(*decoded == U"Zo\u00E9 \u2019 \U0001F600");
  CHECK(decode_utf8("")->empty());
}

TEST_CASE("encode_utf8 and decode_utf8 round-trip every boundary code point", "[utf8]") {
  const char32_t cp = GENERATE(char32_t{0x00}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF},
                               char32_t{0x800}, char32_t{0xD7FF}, char32_t{0xE000}, char32_t{0xFFFD},
                               char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF});
  const std::u32string text(1, cp);
  const std::string bytes = encode_utf8(text);
  const std::size_t expected_length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  CHECK(bytes.size() == expected_length);
  CHECK(decode_utf8(bytes) == text);
}

TEST_CASE("encode_utf8 writes the known byte sequences", "[utf8]") {
  CHECK(encode_utf8(U"\u00E9") == "\xC3\xA9");
  CHECK(encode_utf8(U"\u03BC") == "\xCE\xBC");
  CHECK(encode_utf8(U"\u20AC") == "\xE2\x82\xAC");
  CHECK(encode_utf8(U"\U0001F600") == "\xF0\x9F\x98\x80");
}

TEST_CASE("append_utf8 replaces what UTF-8 cannot carry", "[utf8]") {
  std::string out;
  append_utf8(out, 0xD800);
  append_utf8(out, 0x110000);
  CHECK(out == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("decode_utf8 refuses malformed sequences", "[utf8]") {
  const std::string bad = GENERATE(as<std::string>{},
                                   "\x80",              // stray continuation byte
                                   "\xBF",              //
                                   "\xC0\x80",          // overlong NUL
                                   "\xC1\xBF",          // overlong
                                   "\xE0\x80\x80",      // overlong
                                   "\xE0\x9F\xBF",      // overlong (U+07FF in three bytes)
                                   "\xF0\x80\x80\x80",  // overlong
                                   "\xF0\x8F\xBF\xBF",  // overlong (U+FFFF in four bytes)
                                   "\xED\xA0\x80",      // surrogate U+D800
                                   "\xED\xBF\xBF",      // surrogate U+DFFF
                                   "\xF4\x90\x80\x80",  // U+110000
                                   "\xF5\x80\x80\x80",  // above U+10FFFF
                                   "\xFF",              //
                                   "\xFE",              //
                                   "\xC3",              // truncated
                                   "\xE2\x82",          // truncated
                                   "\xF0\x9F\x98",      // truncated
                                   "\xC3\x28",          // continuation missing
                                   "\xE2\x28\xA1",      //
                                   "Zo\xC3",            // truncated at the end of text
                                   "\xC3\xA9\xA9");     // one continuation too many
  INFO("bytes: " << bad.size());
  CHECK_FALSE(decode_utf8(bad).has_value());
  CHECK_FALSE(is_valid_utf8(bad));
  CHECK_FALSE(count_code_points(bad).has_value());
}

TEST_CASE("decode_code_point reports the length and validity of each step", "[utf8]") {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x80";
  std::size_t pos = 0;
  const std::size_t expected_lengths[] = {1, 2, 3, 4, 1};
  const bool expected_valid[] = {true, true, true, true, false};
  for (std::size_t i = 0; i < 5; ++i) {
    const DecodedCodePoint cp = decode_code_point(text, pos);
    CHECK(cp.length == expected_lengths[i]);
    CHECK(cp.valid == expected_valid[i]);
    pos += cp.length;
  }
  CHECK(pos == text.size());
}

TEST_CASE("decode_utf8_lossy replaces each bad byte and keeps the rest", "[utf8]") {
  CHECK(decode_utf8_lossy("a\xC3(b") == U"a\uFFFD(b");
  CHECK(decode_utf8_lossy("\xE2\x82") == U"\uFFFD\uFFFD");
  CHECK(decode_utf8_lossy("Zo\xC3\xA9") == U"Zo\u00E9");
}

TEST_CASE("count_code_points counts characters, not bytes", "[utf8]") {
  CHECK(count_code_points("") == 0u);
  CHECK(count_code_points("abc") == 3u);
  CHECK(count_code_points("Zo\xC3\xA9") == 3u);
  CHECK(count_code_points("\xCE\xBC") == 1u);
  CHECK(count_code_points("\xF0\x9F\x98\x80") == 1u);
}

TEST_CASE("trim removes ASCII and Unicode spaces at both ends only", "[utf8]") {
  const std::string space = GENERATE(as<std::string>{}, " ", "\t", "\n", "\r\n", "\xC2\xA0", "\xE2\x80\xAF",
                                     "\xE2\x80\x89", "\xE3\x80\x80", " \t\xC2\xA0 ");
  const std::string name = "Zoé D’Angelo";
  CHECK(trim(space + name + space) == name);
  CHECK(trim(space + "a" + space + "b" + space) == "a" + space + "b");
  CHECK(trim(space) == "");
}

TEST_CASE("trim keeps invalid bytes for the caller's check to see", "[utf8]") {
  CHECK(trim(" \xC3 ") == "\xC3");
  CHECK(trim("\xA0") == "\xA0");  // a lone continuation byte is not a no-break space
  CHECK(trim("") == "");
}

TEST_CASE("is_unicode_space and is_control_character classify code points", "[utf8]") {
  for (char32_t cp :
       {0x09, 0x0A, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2009, 0x200A, 0x2028, 0x202F, 0x3000}) {
    CHECK(is_unicode_space(cp));
  }
  for (char32_t cp : {0x00, 0x41, 0x200B, 0x2019, 0xFEFF}) CHECK_FALSE(is_unicode_space(cp));
  for (char32_t cp : {0x00, 0x09, 0x1F, 0x7F, 0x80, 0x9F}) CHECK(is_control_character(cp));
  for (char32_t cp : {0x20, 0x7E, 0xA0, 0xE9, 0x2028}) CHECK_FALSE(is_control_character(cp));
}
