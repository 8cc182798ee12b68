#include "shared/identifier.h"

#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/names.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

constexpr int kTwoDigitSuffixes = 100;
constexpr int kLastThreeDigitSuffix = 999;

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

// "e.dupont" from Émilie Dupont; empty when either name has no Latin letter.
std::string identifier_prefix(std::string_view first_name, std::string_view last_name) {
  const std::string first = name_identifier_part(first_name);
  const std::string last = name_identifier_part(last_name).substr(0, kIdentifierNameMaxLength);
  if (first.empty() || last.empty()) return {};
  return first.substr(0, 1) + "." + last;
}

std::string two_digits(int n) {
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

}  // namespace

bool is_identifier_format(std::string_view id) {
  // ^[a-z]\.[a-z]{1,20}[0-9]{2,3}$
  if (id.size() < 2 || !is_lower_ascii(id[0]) || id[1] != '.') return false;
  std::size_t pos = 2;
  const std::size_t name_start = pos;
  while (pos < id.size() && is_lower_ascii(id[pos])) ++pos;
  const std::size_t name_length = pos - name_start;
  const std::size_t digits = id.size() - pos;
  for (; pos < id.size(); ++pos) {
    if (!is_ascii_digit(id[pos])) return false;
  }
  return name_length >= 1 && name_length <= kIdentifierNameMaxLength && digits >= 2 && digits <= 3;
}

Checked<std::string> normalize_identifier(std::string_view typed) {
  std::string id = trim(typed);
  if (id.empty()) return field_error("identifier_required");
  for (char& c : id) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (!is_identifier_format(id)) return field_error("identifier_invalid_format");
  return id;
}

Checked<std::string> generate_identifier(std::string_view first_name, std::string_view last_name,
                                         const std::function<bool(std::string_view)>& is_taken,
                                         int first_suffix) {
  const std::string prefix = identifier_prefix(first_name, last_name);
  if (prefix.empty()) {
    return FieldError{
        "identifier_unavailable",
        "Impossible de créer un identifiant : le nom et le prénom doivent contenir au moins une lettre "
        "de l'alphabet latin. Contactez l'établissement."};
  }
  const int start = ((first_suffix % kTwoDigitSuffixes) + kTwoDigitSuffixes) % kTwoDigitSuffixes;
  for (int i = 0; i < kTwoDigitSuffixes; ++i) {
    std::string candidate = prefix + two_digits((start + i) % kTwoDigitSuffixes);
    if (!is_taken(candidate)) return candidate;
  }
  for (int n = kTwoDigitSuffixes; n <= kLastThreeDigitSuffix; ++n) {
    std::string candidate = prefix + std::to_string(n);
    if (!is_taken(candidate)) return candidate;
  }
  return field_error("identifier_unavailable");
}

}  // namespace sesame
