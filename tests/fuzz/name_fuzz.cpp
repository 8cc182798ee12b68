// People's names (shared/names.h). An accepted name is tidy (no space at the
// ends, single inner spaces, 1..64 code points, valid UTF-8), stable when
// checked again, and keeps its matching key; the key ignores case and spacing.
#include <string>

#include "fuzz.h"
#include "shared/names.h"

namespace {

using namespace sesame;

bool is_lower_ascii_letters(std::string_view text) {
  for (char c : text) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed = fuzz::as_text(data, size);

  // The keys never fail, whatever the bytes.
  const std::string key = name_match_key(typed);
  SESAME_FUZZ_CHECK(key == name_match_key(typed));
  SESAME_FUZZ_CHECK(is_valid_utf8(key) && is_valid_utf8(upper_name(typed)));
  SESAME_FUZZ_CHECK(is_lower_ascii_letters(name_identifier_part(typed)));
  SESAME_FUZZ_CHECK(key.find_first_of(" -.'") == std::string::npos);

  for (std::string_view field : {"Nom", "Prénom"}) {
    const Checked<std::string> name = check_person_name(typed, field);
    SESAME_FUZZ_CHECK(fuzz::same_outcome(name, check_person_name(typed, field)));
    if (!name) {
      fuzz::check_refusal(name.error());
      continue;
    }
    const std::string& kept = *name;
    const std::optional<std::u32string> code_points = decode_utf8(kept);
    SESAME_FUZZ_CHECK(code_points && !code_points->empty() && code_points->size() <= kNameMaxLength);
    SESAME_FUZZ_CHECK(code_points->front() != U' ' && code_points->back() != U' ');
    SESAME_FUZZ_CHECK(kept.find("  ") == std::string::npos);
    for (char32_t cp : *code_points) SESAME_FUZZ_CHECK(cp == U' ' || !is_unicode_space(cp));

    // Normalised once is normalised for good.
    const Checked<std::string> again = check_person_name(kept, field);
    SESAME_FUZZ_CHECK(again && *again == kept);

    // One key for the name as typed, as kept and in capitals; never empty.
    SESAME_FUZZ_CHECK(!key.empty());
    SESAME_FUZZ_CHECK(name_match_key(kept) == key);
    SESAME_FUZZ_CHECK(name_match_key(upper_name(kept)) == key);
    SESAME_FUZZ_CHECK(name_identifier_part(kept) == name_identifier_part(typed));
  }
  return 0;
}
