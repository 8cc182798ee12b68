#pragma once
// Calendar dates: ISO on the wire, "JJ MM AAAA" on screen.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  auto operator<=>(const Date&) const = default;

  std::string iso() const;     // "2012-03-14"
  std::string french() const;  // "14/03/2012"
};

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for a month outside 1..12
bool is_real_date(const Date& date);
int age_on(const Date& birth, const Date& day);  // whole years

// Strict "YYYY-MM-DD" of a real date, as the API carries it.
std::optional<Date> parse_iso_date(std::string_view text);
// What a parent types for "JJ MM AAAA": "14 03 2012", "14/03/2012", "14.03.2012",
// "14-03-2012", "14032012". Refuses impossible dates with a French reason.
Checked<Date> parse_french_date(std::string_view typed);
// Either form, as the schools' exports write dates: ISO "2012-03-14" or the
// French forms above. Unlike parse_iso_date, an impossible ISO date gets its reason.
Checked<Date> parse_written_date(std::string_view text);

inline constexpr int kPupilMinAge = 2;   // toute petite section
inline constexpr int kPupilMaxAge = 25;  // post-bac sections of a lycée
// A pupil's birth date: real, not in the future, and a plausible pupil age on `today`.
Checked<Date> check_birth_date(const Date& birth, const Date& today);
Checked<Date> parse_birth_date(std::string_view typed, const Date& today);

}  // namespace sesame
