// E-mail addresses (shared/email.h): an accepted address has the documented
// shape, checked here piece by piece, and is its own normal form.
#include <string>

#include "fuzz.h"
#include "shared/email.h"

namespace {

using namespace sesame;

bool oracle_shape(std::string_view address) {
  const auto code_points = decode_utf8(address);
  if (!code_points || address.empty() || address.size() > kEmailMaxLength) return false;
  for (char32_t c : *code_points) {
    if (is_unicode_space(c) || is_control_character(c) || std::u32string_view(U",;<>\"").find(c) != std::u32string_view::npos)
      return false;
  }
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view domain = address.substr(at + 1);
  const std::size_t dot = domain.rfind('.');
  return domain.find('@') == std::string_view::npos && dot != std::string_view::npos && domain.front() != '.' &&
         dot + 1 < domain.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed = fuzz::as_text(data, size);
  const Checked<std::string> email = check_email(typed);
  SESAME_FUZZ_CHECK(fuzz::same_outcome(email, check_email(typed)));
  SESAME_FUZZ_CHECK(email.ok() == oracle_shape(trim(typed)));
  if (!email) {
    fuzz::check_refusal(email.error());
    SESAME_FUZZ_CHECK(email.error().code == (trim(typed).empty() ? "email_required" : "invalid_email"));
    return 0;
  }
  SESAME_FUZZ_CHECK(*email == trim(typed));
  const Checked<std::string> again = check_email(*email);
  SESAME_FUZZ_CHECK(again && *again == *email);
  return 0;
}
