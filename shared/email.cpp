#include "shared/email.h"

#include <algorithm>

#include "shared/messages.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

bool has_refused_character(std::string_view address) {
  const std::optional<std::u32string> code_points = decode_utf8(address);
  if (!code_points) return true;
  return std::any_of(code_points->begin(), code_points->end(), [](char32_t c) {
    return is_unicode_space(c) || is_control_character(c) || std::u32string_view(U",;<>\"").find(c) != std::u32string_view::npos;
  });
}

bool is_plausible_domain(std::string_view domain) {
  const auto dot = domain.rfind('.');
  return !domain.empty() && domain.find('@') == std::string_view::npos && dot != std::string_view::npos &&
         domain.front() != '.' && dot + 1 < domain.size();
}

}  // namespace

Checked<std::string> check_email(std::string_view typed) {
  const std::string address = trim(typed);
  if (address.empty()) return field_error("email_required");
  const auto at = address.find('@');
  const bool plausible = at != std::string::npos && at > 0 && address.size() <= kEmailMaxLength &&
                         is_plausible_domain(std::string_view(address).substr(at + 1)) &&
                         !has_refused_character(address);
  if (!plausible) return field_error("invalid_email");
  return address;
}

}  // namespace sesame
