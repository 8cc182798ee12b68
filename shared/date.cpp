#include "shared/date.h"

#include <cstdio>
#include <vector>

#include "shared/letters.h"
#include "shared/messages.h"
#include "shared/utf8.h"

namespace sesame {

namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;  // four digits on the wire and on screen

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "le mois de février 2013", "le mois d'avril 2013": French elides before a vowel.
std::string month_phrase(int year, int month) {
  static constexpr const char* kMonths[] = {"janvier",   "février", "mars",     "avril",
                                            "mai",       "juin",    "juillet",  "août",
                                            "septembre", "octobre", "novembre", "décembre"};
  const std::string name = kMonths[month - 1];
  const bool elide = name.front() == 'a' || name.front() == 'o';
  return std::string(elide ? "le mois d'" : "le mois de ") + name + " " + std::to_string(year);
}

// Why a day, month and year do not make a calendar date; nullopt when they do.
std::optional<FieldError> why_not_real(const Date& date) {
  if (date.year < kMinYear || date.year > kMaxYear) return field_error("date_invalid_year");
  if (date.month < 1 || date.month > 12) return field_error("date_invalid_month");
  if (date.day < 1) return field_error("date_invalid_day");
  const int days = days_in_month(date.year, date.month);
  if (date.day > days) {
    return FieldError{"date_invalid_day", "Cette date n'existe pas : " + month_phrase(date.year, date.month) +
                                              " compte " + std::to_string(days) + " jours."};
  }
  return std::nullopt;
}

// The runs of digits of what was typed, split on spaces, '/', '.' and '-';
// nullopt when anything else was typed.
std::optional<std::vector<std::string>> digit_groups(std::string_view typed) {
  const std::optional<std::u32string> text = decode_utf8(typed);
  if (!text) return std::nullopt;
  std::vector<std::string> groups;
  bool in_group = false;
  for (char32_t cp : *text) {
    if (is_ascii_digit(cp)) {
      if (!in_group) groups.emplace_back();
      groups.back().push_back(static_cast<char>(cp));
      in_group = true;
    } else if (is_unicode_space(cp) || cp == U'/' || cp == U'.' || cp == U'-') {
      in_group = false;
    } else {
      return std::nullopt;
    }
  }
  return groups;
}

// "YYYY-MM-DD" read without checking the calendar, so that callers can say
// why "2012-02-30" is refused.
std::optional<Date> iso_shaped_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_ascii_digit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  return Date{to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2))};
}

// Day, month, year as typed: "14 03 2012", "1/3/2012" or "14032012".
Checked<Date> read_day_month_year(const std::vector<std::string>& groups) {
  std::string_view day, month, year;
  if (groups.size() == 1 && (groups[0].size() == 8 || groups[0].size() == 6)) {
    const std::string_view all = groups[0];
    day = all.substr(0, 2);
    month = all.substr(2, 2);
    year = all.substr(4);
  } else if (groups.size() == 3) {
    day = groups[0];
    month = groups[1];
    year = groups[2];
  } else {
    return field_error("date_invalid_format");
  }
  if (day.size() > 2 || month.size() > 2) return field_error("date_invalid_format");
  if (year.size() == 2) return field_error("date_two_digit_year");  // 12: 1912 or 2012?
  if (year.size() != 4) return field_error("date_invalid_format");
  return Date{to_int(year), to_int(month), to_int(day)};
}

}  // namespace

std::string Date::iso() const {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

std::string Date::french() const {
  char text[40];
  std::snprintf(text, sizeof text, "%02d/%02d/%04d", day, month, year);
  return text;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_real_date(const Date& date) { return !why_not_real(date); }

// Someone born on 29 February turns a year older on 1 March in common years.
int age_on(const Date& birth, const Date& day) {
  const bool birthday_passed = day.month > birth.month || (day.month == birth.month && day.day >= birth.day);
  return day.year - birth.year - (birthday_passed ? 0 : 1);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  const std::optional<Date> date = iso_shaped_date(text);
  if (!date || !is_real_date(*date)) return std::nullopt;
  return date;
}

Checked<Date> parse_written_date(std::string_view text) {
  const std::string trimmed = trim(text);
  if (const std::optional<Date> iso = iso_shaped_date(trimmed)) {
    if (std::optional<FieldError> error = why_not_real(*iso)) return *error;
    return *iso;
  }
  return parse_french_date(trimmed);
}

Checked<Date> parse_french_date(std::string_view typed) {
  const std::string text = trim(typed);
  if (text.empty()) return field_error("date_required");
  const std::optional<std::vector<std::string>> groups = digit_groups(text);
  if (!groups) return field_error("date_invalid_format");
  const Checked<Date> date = read_day_month_year(*groups);
  if (!date) return date;
  if (std::optional<FieldError> error = why_not_real(*date)) return *error;
  return date;
}

Checked<Date> check_birth_date(const Date& birth, const Date& today) {
  if (std::optional<FieldError> error = why_not_real(birth)) return *error;
  if (birth > today) return field_error("birth_date_in_future");
  const int age = age_on(birth, today);
  if (age < kPupilMinAge) {
    return FieldError{"birth_date_too_recent",
                      "Cette date de naissance est trop récente pour un élève : l'enfant aurait moins de " +
                          std::to_string(kPupilMinAge) + " ans. Vérifiez l'année."};
  }
  if (age > kPupilMaxAge) {
    return FieldError{"birth_date_too_old",
                      "Cette date de naissance est trop ancienne pour un élève : l'élève aurait plus de " +
                          std::to_string(kPupilMaxAge) + " ans. Vérifiez l'année."};
  }
  return birth;
}

Checked<Date> parse_birth_date(std::string_view typed, const Date& today) {
  const Checked<Date> date = parse_french_date(typed);
  return date ? check_birth_date(*date, today) : date;
}

}  // namespace sesame
