#pragma once
// Strict UTF-8: what parents type reaches both sides as bytes; every rule that
// counts or classifies characters works on code points decoded here.
#include <optional>
#include <string>
#include <string_view>

namespace sesame {

// Decodes strictly: overlong forms, surrogates, code points above U+10FFFF and
// truncated sequences give nullopt.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
std::string encode_utf8(std::u32string_view code_points);
bool is_valid_utf8(std::string_view bytes);
// Number of code points, or nullopt when the text is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view bytes);
// Trims ASCII and Unicode spaces (incl. U+00A0, U+202F) at both ends.
std::string trim(std::string_view bytes);

}  // namespace sesame
