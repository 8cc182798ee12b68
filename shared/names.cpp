#include "shared/names.h"

#include <optional>

#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

bool is_hyphen(char32_t cp) { return cp == U'-' || cp == 0x2010 || cp == 0x2011; }
// The ASCII apostrophe, the typographic one (iOS, Word) and the modifier letter.
bool is_apostrophe(char32_t cp) { return cp == U'\'' || cp == 0x2019 || cp == 0x02BC; }
bool is_name_punctuation(char32_t cp) {
  return cp == U' ' || cp == U'.' || is_hyphen(cp) || is_apostrophe(cp);
}

// Trimmed, every run of spaces (tabs and no-break spaces included) made one ' '.
std::u32string fold_spaces(const std::u32string& text) {
  std::u32string out;
  bool pending_space = false;
  for (char32_t cp : text) {
    if (is_unicode_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(cp);
  }
  return out;
}

// Characters a name may not hold. An accent typed apart must follow a letter.
std::u32string refused_characters(const std::u32string& name) {
  std::u32string refused;
  char32_t previous = U' ';
  for (char32_t cp : name) {
    const bool accent_on_letter =
        is_combining_mark(cp) && (is_letter(previous) || is_combining_mark(previous));
    if (!(is_letter(cp) || accent_on_letter || is_name_punctuation(cp))) refused.push_back(cp);
    previous = cp;
  }
  return refused;
}

bool has_letter(const std::u32string& name) {
  for (char32_t cp : name) {
    if (is_letter(cp)) return true;
  }
  return false;
}

// "Nom" -> "nom", "Prénom" -> "prénom": the field name inside a sentence.
std::string lower_first(std::string_view field) {
  std::u32string text = decode_utf8_lossy(field);
  if (!text.empty()) text[0] = to_lower(text[0]);
  return encode_utf8(text);
}

}  // namespace

Checked<std::string> check_person_name(std::string_view typed, std::string_view field) {
  // "Le nom ...", "Le prénom ...": the field names are masculine nouns.
  const std::string subject = "Le " + lower_first(field);
  const auto refusal = [&](const char* code, const std::string& predicate) {
    return FieldError{code, subject + predicate};
  };

  const std::optional<std::u32string> decoded = decode_utf8(typed);
  if (!decoded) return refusal("name_invalid_text", " contient des caractères illisibles. Retapez-le.");
  const std::u32string name = fold_spaces(*decoded);
  if (name.empty()) return FieldError{"name_required", "Indiquez votre " + lower_first(field) + "."};
  if (const std::u32string refused = refused_characters(name); !refused.empty()) {
    return refusal(
        "name_invalid_characters",
        " contient " + refused_characters_phrase(refused) +
            ". Utilisez uniquement des lettres, des espaces, des traits d'union, des apostrophes et "
            "des points.");
  }
  if (!has_letter(name)) return refusal("name_no_letter", " doit contenir au moins une lettre.");
  if (name.size() > kNameMaxLength) {
    return refusal("name_too_long",
                   " est trop long : " + std::to_string(kNameMaxLength) + " caractères au maximum.");
  }
  return encode_utf8(name);
}

std::string name_match_key(std::string_view utf8) {
  std::string key;
  for (char32_t cp : decode_utf8_lossy(utf8)) {
    if (const std::string_view ascii = latin_ascii_letters(cp); !ascii.empty()) {
      key += ascii;
    } else if (is_letter(cp)) {
      append_utf8(key, to_upper(cp));
    }
  }
  return key;
}

std::string name_identifier_part(std::string_view utf8) {
  std::string part;
  for (char32_t cp : decode_utf8_lossy(utf8)) {
    for (char c : latin_ascii_letters(cp)) part.push_back(static_cast<char>(c - 'A' + 'a'));
  }
  return part;
}

std::string upper_name(std::string_view utf8) {
  std::string upper;
  for (char32_t cp : decode_utf8_lossy(utf8)) append_utf8(upper, to_upper(cp));
  return upper;
}

}  // namespace sesame
