#pragma once
// Strict UTF-8: what parents type reaches both sides as bytes; every rule that
// counts or classifies characters works on code points decoded here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sesame {

inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

// One step of decoding: the code point starting at `pos`, or an invalid
// sequence. `length` is at least 1 so a caller can always move on; an invalid
// sequence counts as a single byte, so decoding resumes at the next one.
struct DecodedCodePoint {
  char32_t value = 0;      // kReplacementCharacter when invalid
  std::size_t length = 1;  // bytes consumed
  bool valid = false;
};
// `pos` must be inside `bytes`.
DecodedCodePoint decode_code_point(std::string_view bytes, std::size_t pos);

// Decodes strictly: overlong forms, surrogates, code points above U+10FFFF and
// truncated sequences give nullopt.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
// Never fails: every invalid sequence becomes U+FFFD. For display and for
// matching keys, where a refusal has already been given elsewhere.
std::u32string decode_utf8_lossy(std::string_view bytes);

void append_utf8(std::string& out, char32_t code_point);  // U+FFFD for a surrogate or > U+10FFFF
std::string encode_utf8(std::u32string_view code_points);
bool is_valid_utf8(std::string_view bytes);
// Number of code points, or nullopt when the text is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view bytes);

// Unicode's White_Space property: ASCII spaces, tabs and line breaks, U+0085,
// U+00A0 (no-break space), U+1680, U+2000..U+200A (incl. U+2009 thin space),
// U+2028, U+2029, U+202F (narrow no-break space), U+205F, U+3000.
bool is_unicode_space(char32_t code_point);
// C0 controls, DEL and C1 controls: never part of what a parent means to type.
bool is_control_character(char32_t code_point);

// Trims is_unicode_space characters at both ends. Invalid bytes are kept as
// they are (they stop the trimming) so that the caller's check still sees them.
std::string trim(std::string_view bytes);

}  // namespace sesame
