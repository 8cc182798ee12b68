// UAI codes (shared/uai.h) against the check letter computed here: seven
// digits, their number modulo 23 into "ABCDEFGHJKLMNPRSTUVWXYZ". An accepted
// code is its own normal form, in any case and with spaces around it.
#include <string>

#include "fuzz.h"
#include "shared/uai.h"

namespace {

using namespace sesame;

std::optional<char> oracle_letter(std::string_view digits) {
  if (digits.size() != 7) return std::nullopt;
  long remainder = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    remainder = (remainder * 10 + (c - '0')) % 23;  // the same as the number modulo 23
  }
  return "ABCDEFGHJKLMNPRSTUVWXYZ"[remainder];
}

bool oracle_valid(std::string_view uai) {
  return uai.size() == 8 && oracle_letter(uai.substr(0, 7)) == uai[7];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed = fuzz::as_text(data, size);

  SESAME_FUZZ_CHECK(is_valid_uai(typed) == oracle_valid(typed));
  SESAME_FUZZ_CHECK(uai_check_letter(typed.substr(0, 7)) == oracle_letter(typed.substr(0, 7)));

  const Checked<std::string> uai = normalize_uai(typed);
  SESAME_FUZZ_CHECK(fuzz::same_outcome(uai, normalize_uai(typed)));
  // Trimmed and in capitals, the text is exactly a valid code.
  std::string upper = trim(typed);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  SESAME_FUZZ_CHECK(uai.ok() == oracle_valid(upper));
  if (!uai) {
    fuzz::check_refusal(uai.error());
    return 0;
  }
  SESAME_FUZZ_CHECK(*uai == upper && is_valid_uai(*uai));
  std::string lower = *uai;
  lower[7] = static_cast<char>(lower[7] - 'A' + 'a');
  for (std::string_view written : {std::string_view(*uai), std::string_view(lower)}) {
    const Checked<std::string> again = normalize_uai(" " + std::string(written) + "\t");
    SESAME_FUZZ_CHECK(again && *again == *uai);
  }
  // Any other letter makes the code invalid.
  std::string other = *uai;
  other[7] = other[7] == 'A' ? 'B' : 'A';
  SESAME_FUZZ_CHECK(!is_valid_uai(other) && !normalize_uai(other));
  return 0;
}
