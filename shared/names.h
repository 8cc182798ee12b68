#pragma once
// People's names: what the parent typed against what the school exported.
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

inline constexpr std::size_t kNameMaxLength = 64;  // code points

// Accepts a last or first name as typed: trimmed, inner spaces folded, 1..64 code
// points, letters (any script with accents), spaces, hyphens, apostrophes (' ’),
// dots. `field` is the French field name used in the message ("Nom", "Prénom").
Checked<std::string> check_person_name(std::string_view typed, std::string_view field);

// Key used to match a typed name with the schools' data: Latin letters as
// upper-case ASCII, accents dropped (É->E, ç->C, also when typed as a separate
// combining accent), ligatures expanded (œ->OE, æ->AE, ß->SS); hyphens, spaces,
// dots, apostrophes (' ’ ʼ) and anything else that is not a letter removed.
// "Zoé D’Angelo" -> "ZOEDANGELO". Letters of other scripts are kept, upper-cased
// ("Иван" -> "ИВАН"), so that two different non-Latin names never share the
// empty key. A name accepted by check_person_name never has an empty key.
std::string name_match_key(std::string_view utf8);

// Lower-case ASCII letters only, for identifiers: "Dupont-Martin" -> "dupontmartin",
// "Lefèvre" -> "lefevre"; letters of other scripts are dropped.
std::string name_identifier_part(std::string_view utf8);

// Display form used by the guide for last names: upper case with accents kept
// ("Dupont" -> "DUPONT", "Lefèvre" -> "LEFÈVRE"; ß has no one-letter capital and stays).
std::string upper_name(std::string_view utf8);

}  // namespace sesame
