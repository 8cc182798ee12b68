#include "shared/phone.h"

#include <optional>

#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/utf8.h"

// How a typed number becomes E.164.
//
// 1. Reading: digits are kept; spaces (incl. no-break spaces), dots, hyphens,
//    slashes and parentheses are separators; '+' may open the number. Anything
//    else is refused and shown to the parent.
// 2. Splitting: "+CC" or "00CC" (or a French CC typed without them, with the
//    right length) is an international number; otherwise it is national, read
//    after the selected dial code, or as "0" + 9 digits when none is selected.
//    One 0 right after a country code is the trunk prefix the parent kept
//    ("+33 (0)6 …", "+33 06 …") and is dropped.
// 3. Classifying: France and its overseas departments share one numbering
//    plan, so the 9-digit national significant number alone says what a line
//    is and where: 06/07 mobiles are metropolitan except the overseas ranges
//    below. The country code is therefore taken from the range, which also
//    corrects a wrong selector or "+33" in front of an overseas mobile:
//    "+33 6 92 12 34 56" and "0692 12 34 56" both give +262692123456.

namespace sesame {

namespace {

constexpr std::size_t kNationalSignificantLength = 9;  // every French number, overseas included

struct Territory {
  const char* dial_code;  // "+33"
  const char* label;
  const char* example;  // a mobile number in E.164, for messages

  std::string_view country_code() const { return std::string_view(dial_code).substr(1); }
};

constexpr Territory kTerritories[] = {
    {"+33", "France métropolitaine (+33)", "+33612345678"},
    {"+262", "La Réunion et Mayotte (+262)", "+262692123456"},
    {"+590", "Guadeloupe, Saint-Martin, Saint-Barthélemy (+590)", "+590690123456"},
    {"+594", "Guyane (+594)", "+594694123456"},
    {"+596", "Martinique (+596)", "+596696123456"},
};

// The overseas mobile ranges (ARCEP), by the first three digits of the
// national significant number; every other 6 and 7 number is metropolitan.
struct OverseasMobileRange {
  std::string_view prefix;
  std::string_view country_code;
};

constexpr OverseasMobileRange kOverseasMobileRanges[] = {
    {"639", "262"},                  // Mayotte
    {"692", "262"}, {"693", "262"},  // La Réunion
    {"690", "590"}, {"691", "590"},  // Guadeloupe, Saint-Martin, Saint-Barthélemy
    {"694", "594"},                  // Guyane
    {"696", "596"}, {"697", "596"},  // Martinique
};

const Territory* find_territory(std::string_view dial_code) {
  for (const Territory& t : kTerritories) {
    if (t.dial_code == dial_code) return &t;
  }
  return nullptr;
}

bool is_separator(char32_t cp) {
  return is_unicode_space(cp) || cp == U'.' || cp == U'-' || cp == U'/' || cp == U'(' || cp == U')';
}

// --- 1. Reading -------------------------------------------------------------
struct TypedNumber {
  std::string digits;
  bool plus = false;  // opened with '+'
};

FieldError invalid_characters(const std::u32string& refused) {
  return {"phone_invalid_characters", "Le numéro contient " + refused_characters_phrase(refused) +
                                          ". Tapez uniquement des chiffres, par exemple 06 12 34 56 78."};
}

Checked<TypedNumber> read_typed(std::string_view typed) {
  const std::optional<std::u32string> text = decode_utf8(trim(typed));
  if (!text) {
    return FieldError{
        "phone_invalid_characters",
        "Le numéro contient des caractères illisibles. Retapez-le, par exemple 06 12 34 56 78."};
  }
  if (text->empty()) return field_error("phone_required");

  TypedNumber number;
  std::u32string refused;
  for (char32_t cp : *text) {
    if (is_ascii_digit(cp)) {
      number.digits.push_back(static_cast<char>(cp));
    } else if (cp == U'+' && number.digits.empty() && !number.plus) {
      number.plus = true;
    } else if (!is_separator(cp)) {
      refused.push_back(cp);
    }
  }
  if (!refused.empty()) return invalid_characters(refused);
  if (number.digits.empty() && !number.plus) return field_error("phone_required");  // only separators
  return number;
}

// --- 2. Splitting -------------------------------------------------------------
// The national significant number and how the parent wrote it, for messages.
struct NationalNumber {
  std::string digits;
  const Territory* written_after = nullptr;  // the country code typed or selected; null for "0…"
};

FieldError wrong_length(const NationalNumber& number, bool too_short) {
  const char* code = too_short ? "phone_too_short" : "phone_too_long";
  if (!number.written_after) return field_error(code);  // the catalogue's "10 chiffres, 06 12 34 56 78"
  const Territory& t = *number.written_after;
  return FieldError{code, std::string(too_short ? "Le numéro est trop court" : "Le numéro est trop long") +
                              " : après l'indicatif " + t.dial_code + ", un numéro de portable compte " +
                              std::to_string(kNationalSignificantLength) + " chiffres, par exemple " +
                              format_phone(t.example) + "."};
}

// A French country code at the start of `digits`.
const Territory* country_code_prefix(std::string_view digits) {
  for (const Territory& t : kTerritories) {
    if (digits.starts_with(t.country_code())) return &t;
  }
  return nullptr;
}

bool could_become_country_code(std::string_view digits) {
  for (const Territory& t : kTerritories) {
    if (t.country_code().starts_with(digits)) return true;
  }
  return false;
}

Checked<NationalNumber> after_country_code(std::string_view digits) {
  const Territory* territory = country_code_prefix(digits);
  if (!territory) {
    if (could_become_country_code(digits)) return field_error("phone_too_short");
    return field_error("phone_unsupported_country");
  }
  std::string_view rest = digits.substr(territory->country_code().size());
  if (!rest.empty() && rest.front() == '0') rest.remove_prefix(1);  // trunk prefix kept by habit
  return NationalNumber{std::string(rest), territory};
}

Checked<const Territory*> read_selector(std::string_view selected_dial_code) {
  std::string code = trim(selected_dial_code);
  if (code.empty()) return static_cast<const Territory*>(nullptr);
  if (code.front() != '+') code.insert(0, "+");
  const Territory* territory = find_territory(code);
  if (!territory) return field_error("phone_unsupported_country");
  return territory;
}

Checked<NationalNumber> split(const TypedNumber& typed, const Territory* selected) {
  const std::string& digits = typed.digits;
  if (typed.plus) return after_country_code(digits);
  if (digits.starts_with("00")) return after_country_code(std::string_view(digits).substr(2));
  // "33 6 12 34 56 78": a French country code typed without '+' or "00".
  if (const Territory* t = country_code_prefix(digits);
      t && digits.size() == t->country_code().size() + kNationalSignificantLength) {
    return after_country_code(digits);
  }
  if (digits.starts_with("0")) return NationalNumber{digits.substr(1), nullptr};
  if (selected) return NationalNumber{digits, selected};
  // No selector and no leading 0: the parent is told the 10-digit form.
  if (digits.size() < kNationalSignificantLength + 1) return field_error("phone_too_short");
  if (digits.size() > kNationalSignificantLength + 1) return field_error("phone_too_long");
  return field_error("phone_not_mobile");
}

// --- 3. Classifying -----------------------------------------------------------
std::string_view mobile_country_code(std::string_view national) {
  for (const OverseasMobileRange& range : kOverseasMobileRanges) {
    if (national.starts_with(range.prefix)) return range.country_code;
  }
  return "33";  // metropolitan
}

Checked<std::string> classify(const NationalNumber& number) {
  const std::string& nsn = number.digits;
  if (nsn.size() < kNationalSignificantLength) return wrong_length(number, true);
  if (nsn.size() > kNationalSignificantLength) return wrong_length(number, false);
  switch (nsn.front()) {
    case '6':
    case '7':
      return "+" + std::string(mobile_country_code(nsn)) + nsn;
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '9':
      return field_error("phone_landline");  // geographic (overseas 0262, 0590… too) and VoIP
    default:
      return field_error("phone_not_mobile");  // 08 special-rate services
  }
}

// --- Display --------------------------------------------------------------
// "+33612345678" -> {"+33", "6", "12", "34", "56", "78"};
// "+262692123456" -> {"+262", "692", "12", "34", "56"}; empty when not French E.164.
std::vector<std::string> display_groups(std::string_view e164) {
  if (e164.empty() || e164.front() != '+') return {};
  const std::string_view digits = e164.substr(1);
  for (char c : digits) {
    if (!is_ascii_digit(static_cast<unsigned char>(c))) return {};
  }
  const Territory* territory = country_code_prefix(digits);
  if (!territory) return {};
  const std::string_view nsn = digits.substr(territory->country_code().size());
  if (nsn.size() != kNationalSignificantLength) return {};

  // Metropolitan numbers read "6 12 34 56 78", overseas ones "692 12 34 56".
  const std::size_t lead = territory->country_code() == "33" ? 1 : 3;
  std::vector<std::string> groups = {territory->dial_code, std::string(nsn.substr(0, lead))};
  for (std::size_t i = lead; i < nsn.size(); i += 2) groups.emplace_back(nsn.substr(i, 2));
  return groups;
}

std::string join(const std::vector<std::string>& groups) {
  std::string out;
  for (const std::string& group : groups) {
    if (!out.empty()) out += ' ';
    out += group;
  }
  return out;
}

// For a number of another shape: never show more than its last two digits.
std::string mask_all_but_last_two_digits(std::string_view text) {
  std::string masked(text);
  std::size_t digits = 0;
  for (char c : masked) digits += is_ascii_digit(static_cast<unsigned char>(c)) ? 1 : 0;
  std::size_t to_hide = digits > 2 ? digits - 2 : 0;
  for (char& c : masked) {
    if (to_hide > 0 && is_ascii_digit(static_cast<unsigned char>(c))) {
      c = '*';
      --to_hide;
    }
  }
  return masked;
}

}  // namespace

const std::vector<PhoneCountry>& phone_countries() {
  static const std::vector<PhoneCountry> list = [] {
    std::vector<PhoneCountry> countries;
    for (const Territory& t : kTerritories) countries.push_back({t.dial_code, t.label});
    return countries;
  }();
  return list;
}

Checked<std::string> normalize_mobile_phone(std::string_view typed, std::string_view selected_dial_code) {
  const Checked<TypedNumber> number = read_typed(typed);
  if (!number) return number.error();
  const Checked<const Territory*> selected = read_selector(selected_dial_code);
  if (!selected) return selected.error();
  const Checked<NationalNumber> national = split(*number, *selected);
  if (!national) return national.error();
  return classify(*national);
}

std::string format_phone(std::string_view e164) {
  const std::vector<std::string> groups = display_groups(e164);
  return groups.empty() ? std::string(e164) : join(groups);
}

std::string mask_phone(std::string_view e164) {
  std::vector<std::string> groups = display_groups(e164);
  if (groups.empty()) return mask_all_but_last_two_digits(e164);
  // Keep the country code, the first group and the last pair.
  for (std::size_t i = 2; i + 1 < groups.size(); ++i) groups[i] = "**";
  return join(groups);
}

}  // namespace sesame
