#pragma once
// The ÉduConnect-style identifier "p.nomXX".
#include <functional>
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

inline constexpr std::size_t kIdentifierNameMaxLength = 20;  // letters kept from the last name

// The guide's "p.nomXX": first letter of the first name (p for prénom), a dot, the
// last name in lower-case ASCII letters (at most kIdentifierNameMaxLength), then two
// digits (three once all 100 two-digit suffixes of that prefix are taken).
// Emilie DUPONT -> "e.dupont07". Checks the shape only (what the sign-in form accepts).
bool is_identifier_format(std::string_view identifier);
// What the sign-in form sends: trimmed and lower-cased (phones capitalise the
// first letter), then checked with is_identifier_format. Codes
// "identifier_required" and "identifier_invalid_format".
Checked<std::string> normalize_identifier(std::string_view typed);

// Picks a free identifier: the prefix from the names, then two digits tried from
// `first_suffix` (0..99) onward, wrapping; three digits once all 100 are taken.
// Fails with "identifier_unavailable" when the name has no Latin letter or every
// suffix is taken. Two-digit suffixes are tried in the order first_suffix,
// first_suffix + 1, … modulo 100 ("00".."99"; first_suffix is itself taken
// modulo 100), then "100".."999" in order.
Checked<std::string> generate_identifier(std::string_view first_name, std::string_view last_name,
                                         const std::function<bool(std::string_view)>& is_taken,
                                         int first_suffix = 0);

}  // namespace sesame
