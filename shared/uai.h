#pragma once
// UAI (Unité administrative immatriculée): the national code of a school,
// seven digits and a check letter, e.g. "0500048F".
#include <optional>
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

// The check letter of seven digits (number mod 23 into "ABCDEFGHJKLMNPRSTUVWXYZ").
std::optional<char> uai_check_letter(std::string_view seven_digits);
bool is_valid_uai(std::string_view uai);
// Trims and upper-cases, then validates; French reason when wrong.
Checked<std::string> normalize_uai(std::string_view typed);

}  // namespace sesame
