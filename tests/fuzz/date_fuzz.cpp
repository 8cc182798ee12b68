// Dates (shared/date.h): ISO against a calendar computed here, the French forms
// a parent types, and a pupil's birth date. An accepted date is a real one,
// formats back (ISO and "JJ/MM/AAAA") and parses back to itself.
#include <optional>
#include <string>

#include "fuzz.h"
#include "shared/date.h"

namespace {

using namespace sesame;

const Date kToday{2026, 9, 1};  // the tests' school year

bool digit(char c) { return c >= '0' && c <= '9'; }

// Gregorian calendar, years 1..9999.
bool oracle_real(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0);
  const int lengths[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day <= lengths[month - 1];
}

// "YYYY-MM-DD" read digit by digit, calendar unchecked; nullopt for another shape.
std::optional<Date> oracle_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!digit(text[i])) return std::nullopt;
  }
  const auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  return Date{number(0, 4), number(5, 2), number(8, 2)};
}

// Whole years from `birth` to `day`, counted by hand.
int oracle_age(const Date& birth, const Date& day) {
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age;
}

void check_round_trips(const Date& date) {
  SESAME_FUZZ_CHECK(oracle_real(date.year, date.month, date.day));
  SESAME_FUZZ_CHECK(is_real_date(date));
  SESAME_FUZZ_CHECK(date.iso().size() == 10 && date.french().size() == 10);
  SESAME_FUZZ_CHECK(parse_iso_date(date.iso()) == date);
  const Checked<Date> french = parse_french_date(date.french());
  SESAME_FUZZ_CHECK(french && *french == date);
  const Checked<Date> written = parse_written_date(date.iso());
  SESAME_FUZZ_CHECK(written && *written == date);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);

  // ISO, strict: exactly the real dates of the oracle.
  const std::optional<Date> iso = parse_iso_date(text);
  const std::optional<Date> shaped = oracle_iso(text);
  SESAME_FUZZ_CHECK(iso.has_value() == (shaped && oracle_real(shaped->year, shaped->month, shaped->day)));
  if (iso) {
    SESAME_FUZZ_CHECK(*iso == *shaped && iso->iso() == text);
    check_round_trips(*iso);
  }

  // As typed.
  const Checked<Date> french = parse_french_date(text);
  SESAME_FUZZ_CHECK(fuzz::same_outcome(french, parse_french_date(text)));
  if (french) {
    check_round_trips(*french);
  } else {
    fuzz::check_refusal(french.error());
  }

  // As written in an export: ISO (trimmed), or else exactly what parse_french_date says.
  const Checked<Date> written = parse_written_date(text);
  const std::optional<Date> trimmed_iso = oracle_iso(trim(text));
  if (trimmed_iso) {
    SESAME_FUZZ_CHECK(written.ok() == oracle_real(trimmed_iso->year, trimmed_iso->month, trimmed_iso->day));
    SESAME_FUZZ_CHECK(!written || *written == *trimmed_iso);
  } else {
    SESAME_FUZZ_CHECK(fuzz::same_outcome(written, french));
  }
  if (written) {
    check_round_trips(*written);
  } else {
    fuzz::check_refusal(written.error());
    SESAME_FUZZ_CHECK(!iso);
  }

  // A pupil's birth date: real, not in the future, 2 to 25 years old.
  const Checked<Date> birth = parse_birth_date(text, kToday);
  SESAME_FUZZ_CHECK(birth.ok() == (french && *french <= kToday && oracle_age(*french, kToday) >= kPupilMinAge &&
                                   oracle_age(*french, kToday) <= kPupilMaxAge));
  if (birth) {
    SESAME_FUZZ_CHECK(*birth == *french && age_on(*birth, kToday) == oracle_age(*birth, kToday));
  } else {
    fuzz::check_refusal(birth.error());
  }
  return 0;
}
