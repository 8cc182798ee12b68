#pragma once
// E-mail addresses: the schools' exports, "Mon compte" and the recovery form
// all check them with this one rule.
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

inline constexpr std::size_t kEmailMaxLength = 254;  // bytes, the SMTP path limit

// The shape of an address, no more (a code sent to it proves the rest): trimmed,
// one "@" with text before it, a domain with a dot that neither starts nor ends
// it, no space, control character, quote, comma, semicolon or angle bracket,
// valid UTF-8, at most kEmailMaxLength bytes. Answers the trimmed address or
// "invalid_email" ("email_required" when empty).
Checked<std::string> check_email(std::string_view typed);

}  // namespace sesame
