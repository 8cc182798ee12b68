#include "shared/uai.h"

#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

// 23 letters: I, O and Q are left out, as they read like 1 and 0.
constexpr std::string_view kCheckLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

bool is_uai_shape(std::string_view uai) {
  if (uai.size() != 8 || !is_upper_ascii(uai[7])) return false;
  for (char c : uai.substr(0, 7)) {
    if (!is_ascii_digit(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<char> uai_check_letter(std::string_view seven_digits) {
  if (seven_digits.size() != 7) return std::nullopt;
  long number = 0;
  for (char c : seven_digits) {
    if (!is_ascii_digit(c)) return std::nullopt;
    number = number * 10 + (c - '0');
  }
  return kCheckLetters[static_cast<std::size_t>(number % static_cast<long>(kCheckLetters.size()))];
}

bool is_valid_uai(std::string_view uai) {
  return is_uai_shape(uai) && uai_check_letter(uai.substr(0, 7)) == uai[7];
}

Checked<std::string> normalize_uai(std::string_view typed) {
  std::string uai = trim(typed);
  if (uai.empty()) return field_error("uai_required");
  for (char& c : uai) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!is_uai_shape(uai)) return field_error("uai_invalid_format");
  if (!is_valid_uai(uai)) return field_error("uai_invalid_check_letter");
  return uai;
}

}  // namespace sesame
