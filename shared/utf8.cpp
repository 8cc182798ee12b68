#include "shared/utf8.h"

namespace sesame {

namespace {

constexpr bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }
constexpr bool is_surrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

DecodedCodePoint invalid() { return {kReplacementCharacter, 1, false}; }

}  // namespace

DecodedCodePoint decode_code_point(std::string_view bytes, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (lead < 0x80) return {lead, 1, true};

  // The lead byte gives the length, the payload bits and the smallest code
  // point that length may carry (anything below is an overlong form).
  struct Form {
    std::size_t length;
    char32_t payload_mask;
    char32_t smallest;
  };
  Form form{};
  if (lead >= 0xC2 && lead <= 0xDF) {
    form = {2, 0x1F, 0x80};
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    form = {3, 0x0F, 0x800};
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    form = {4, 0x07, 0x10000};
  } else {
    return invalid();  // stray continuation byte, C0/C1 (always overlong) or F5..FF
  }
  const std::size_t length = form.length;
  char32_t value = lead & form.payload_mask;
  if (pos + length > bytes.size()) return invalid();  // truncated
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[pos + i]);
    if (!is_continuation(byte)) return invalid();
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < form.smallest || is_surrogate(value) || value > 0x10FFFF) return invalid();
  return {value, length, true};
}

std::optional<std::u32string> decode_utf8(std::string_view bytes) {
  std::u32string out;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const DecodedCodePoint cp = decode_code_point(bytes, pos);
    if (!cp.valid) return std::nullopt;
    out.push_back(cp.value);
    pos += cp.length;
  }
  return out;
}

std::u32string decode_utf8_lossy(std::string_view bytes) {
  std::u32string out;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const DecodedCodePoint cp = decode_code_point(bytes, pos);
    out.push_back(cp.value);
    pos += cp.length;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (is_surrogate(cp) || cp > 0x10FFFF) cp = kReplacementCharacter;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t cp : code_points) append_utf8(out, cp);
  return out;
}

bool is_valid_utf8(std::string_view bytes) { return count_code_points(bytes).has_value(); }

std::optional<std::size_t> count_code_points(std::string_view bytes) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < bytes.size(); ++count) {
    const DecodedCodePoint cp = decode_code_point(bytes, pos);
    if (!cp.valid) return std::nullopt;
    pos += cp.length;
  }
  return count;
}

bool is_unicode_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

bool is_control_character(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string trim(std::string_view bytes) {
  std::size_t begin = bytes.size();  // first byte of the first kept code point
  std::size_t end = 0;               // one past the last kept code point
  for (std::size_t pos = 0; pos < bytes.size();) {
    const DecodedCodePoint cp = decode_code_point(bytes, pos);
    if (!(cp.valid && is_unicode_space(cp.value))) {
      if (begin == bytes.size()) begin = pos;
      end = pos + cp.length;
    }
    pos += cp.length;
  }
  return begin < end ? std::string(bytes.substr(begin, end - begin)) : std::string();
}

}  // namespace sesame
