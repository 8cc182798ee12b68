// Strict UTF-8 (shared/utf8.h) against an oracle written from RFC 3629's
// grammar, and the promise that no shared rule accepts text that is not UTF-8.
#include <string>

#include "fuzz.h"
#include "shared/date.h"
#include "shared/email.h"
#include "shared/identifier.h"
#include "shared/names.h"
#include "shared/password.h"
#include "shared/phone.h"
#include "shared/uai.h"

namespace {

using sesame::fuzz::as_text;

// RFC 3629, section 4: the well-formed byte sequences, one row per lead byte
// range with the range its second byte must fall in (later bytes: 80..BF).
struct Form {
  unsigned char lead_low, lead_high;
  std::size_t length;
  unsigned char second_low, second_high;
};
constexpr Form kForms[] = {
    {0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF},
    {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
    {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

bool oracle_valid(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const Form* form = nullptr;
    for (const Form& f : kForms) {
      if (bytes[i] >= f.lead_low && bytes[i] <= f.lead_high) form = &f;
    }
    if (!form || i + form->length > text.size()) return false;
    if (form->length > 1 && (bytes[i + 1] < form->second_low || bytes[i + 1] > form->second_high)) return false;
    for (std::size_t k = 2; k < form->length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return false;
    }
    i += form->length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sesame;
  const std::string_view input = as_text(data, size);
  const bool valid = oracle_valid(input);

  // The four ways of asking agree with the oracle and with each other.
  const std::optional<std::u32string> decoded = decode_utf8(input);
  const std::optional<std::size_t> count = count_code_points(input);
  SESAME_FUZZ_CHECK(is_valid_utf8(input) == valid);
  SESAME_FUZZ_CHECK(decoded.has_value() == valid);
  SESAME_FUZZ_CHECK(count.has_value() == valid);

  const std::u32string lossy = decode_utf8_lossy(input);
  SESAME_FUZZ_CHECK(lossy.size() <= input.size());
  SESAME_FUZZ_CHECK(is_valid_utf8(encode_utf8(lossy)));
  if (valid) {
    SESAME_FUZZ_CHECK(*count == decoded->size());
    SESAME_FUZZ_CHECK(lossy == *decoded);
    SESAME_FUZZ_CHECK(encode_utf8(*decoded) == input);  // decoding loses nothing
    for (char32_t cp : *decoded) SESAME_FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
  }

  // Step by step: every step moves on and stays inside the text.
  std::size_t steps = 0;
  for (std::size_t pos = 0; pos < input.size(); ++steps) {
    const DecodedCodePoint cp = decode_code_point(input, pos);
    SESAME_FUZZ_CHECK(cp.length >= 1 && cp.length <= 4 && pos + cp.length <= input.size());
    SESAME_FUZZ_CHECK(cp.valid || (cp.length == 1 && cp.value == kReplacementCharacter));
    SESAME_FUZZ_CHECK(!cp.valid || oracle_valid(input.substr(pos, cp.length)));
    pos += cp.length;
  }
  SESAME_FUZZ_CHECK(steps == lossy.size());

  // trim: a piece of the text, no space left at either end, and stable.
  const std::string trimmed = trim(input);
  SESAME_FUZZ_CHECK(input.find(trimmed) != std::string_view::npos);
  SESAME_FUZZ_CHECK(trim(trimmed) == trimmed);
  if (valid) {
    SESAME_FUZZ_CHECK(is_valid_utf8(trimmed));
    const std::u32string code_points = *decode_utf8(trimmed);
    SESAME_FUZZ_CHECK(code_points.empty() ||
                      (!is_unicode_space(code_points.front()) && !is_unicode_space(code_points.back())));
  }

  // No shared rule takes text that is not UTF-8.
  if (!valid) {
    SESAME_FUZZ_CHECK(!check_person_name(input, "Nom"));
    SESAME_FUZZ_CHECK(!check_email(input));
    SESAME_FUZZ_CHECK(!normalize_mobile_phone(input));
    SESAME_FUZZ_CHECK(!normalize_mobile_phone(input, "+33"));
    SESAME_FUZZ_CHECK(!normalize_mobile_phone("0612345678", input));
    SESAME_FUZZ_CHECK(!parse_french_date(input));
    SESAME_FUZZ_CHECK(!parse_written_date(input));
    SESAME_FUZZ_CHECK(!parse_iso_date(input));
    SESAME_FUZZ_CHECK(!normalize_identifier(input));
    SESAME_FUZZ_CHECK(!normalize_uai(input));
    const PasswordCheck password = check_password(input);
    SESAME_FUZZ_CHECK(!password.acceptable());
    SESAME_FUZZ_CHECK(password.text_error && password.text_error->code == "password_invalid_text");
    SESAME_FUZZ_CHECK(password_choice_error(input, input).has_value());
  }
  return 0;
}
