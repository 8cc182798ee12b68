#pragma once
// French mobile numbers as parents type them, normalised to E.164.
#include <string>
#include <string_view>
#include <vector>

#include "shared/checked.h"

namespace sesame {

// The country selector of the guide's form ("+33" and the overseas codes).
struct PhoneCountry {
  const char* dial_code;  // "+33"
  const char* label;      // "France métropolitaine (+33)"
};
const std::vector<PhoneCountry>& phone_countries();

// Accepts "06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33 6 12 34 56 78",
// "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", and, with a selected dial code,
// the national part alone ("6 12 34 56 78"). Metropolitan mobiles (06, 07) and the
// overseas mobile ranges (+262 Réunion and Mayotte, +590 Guadeloupe and
// Saint-Martin, +594 Guyane, +596 Martinique). Answers E.164 ("+33612345678") or a
// French reason (landline, too short, too long, not a mobile, bad characters).
Checked<std::string> normalize_mobile_phone(std::string_view typed, std::string_view selected_dial_code = "");

// "+33612345678" -> "+33 6 12 34 56 78"; "+262692123456" -> "+262 692 12 34 56".
std::string format_phone(std::string_view e164);
// "+33612345678" -> "+33 6 ** ** ** 78"; "+262692123456" -> "+262 692 ** ** 56".
std::string mask_phone(std::string_view e164);

}  // namespace sesame
