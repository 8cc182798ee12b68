#include "shared/date.h"

#include <catch2/catch.hpp>
#include <string>

#include "shared/messages.h"
#include "support.h"

using namespace sesame;
using sesame::testing::outcome;

namespace {

const Date kToday{2024, 9, 2};  // a school start

}  // namespace

TEST_CASE("Leap years follow the Gregorian rule", "[date]") {
  CHECK(is_leap_year(2012));
  CHECK(is_leap_year(2000));
  CHECK(is_leap_year(2400));
  CHECK(is_leap_year(2024));
  CHECK_FALSE(is_leap_year(2013));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2100));
}

TEST_CASE("days_in_month", "[date]") {
  const int expected[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    CHECK(days_in_month(2013, month) == expected[month - 1]);
    CHECK(days_in_month(2012, month) == (month == 2 ? 29 : expected[month - 1]));
  }
  CHECK(days_in_month(2012, 0) == 0);
  CHECK(days_in_month(2012, 13) == 0);
}

TEST_CASE("is_real_date", "[date]") {
  CHECK(is_real_date({2012, 2, 29}));
  CHECK(is_real_date({2000, 2, 29}));
  CHECK(is_real_date({2012, 12, 31}));
  CHECK_FALSE(is_real_date({2013, 2, 29}));
  CHECK_FALSE(is_real_date({1900, 2, 29}));
  CHECK_FALSE(is_real_date({2012, 4, 31}));
  CHECK_FALSE(is_real_date({2012, 0, 1}));
  CHECK_FALSE(is_real_date({2012, 13, 1}));
  CHECK_FALSE(is_real_date({2012, 1, 0}));
  CHECK_FALSE(is_real_date({0, 1, 1}));
  CHECK_FALSE(is_real_date({10000, 1, 1}));
}

TEST_CASE("Dates print as ISO for the wire and JJ/MM/AAAA for people", "[date]") {
  CHECK(Date{2012, 3, 14}.iso() == "2012-03-14");
  CHECK(Date{2012, 3, 14}.french() == "14/03/2012");
  CHECK(Date{987, 1, 2}.iso() == "0987-01-02");
}

TEST_CASE("Dates compare in calendar order", "[date]") {
  CHECK(Date{2012, 3, 14} < Date{2012, 3, 15});
  CHECK(Date{2012, 3, 31} < Date{2012, 4, 1});
  CHECK(Date{2011, 12, 31} < Date{2012, 1, 1});
  CHECK(Date{2012, 3, 14} == Date{2012, 3, 14});
}

TEST_CASE("parse_iso_date takes YYYY-MM-DD of a real date only", "[date]") {
  CHECK(parse_iso_date("2012-03-14") == Date{2012, 3, 14});
  CHECK(parse_iso_date("2012-02-29") == Date{2012, 2, 29});
  CHECK(parse_iso_date("2000-02-29") == Date{2000, 2, 29});
  const std::string bad = GENERATE(
      as<std::string>{}, "", "2012-3-14", "2012-03-4", "12-03-14", "2012/03/14", "14-03-2012", "2012-03-14 ",
      " 2012-03-14", "2012-03-14T00:00:00", "2013-02-29", "1900-02-29", "2012-04-31", "2012-13-01",
      "2012-00-10", "2012-01-00", "0000-01-01", "abcd-ef-gh", "+012-03-14", "2012-03-1a", "2012-0３-14");
  INFO(bad);
  CHECK_FALSE(parse_iso_date(bad).has_value());
}

TEST_CASE("parse_french_date accepts how parents type JJ MM AAAA", "[date]") {
  const std::string typed =
      GENERATE(as<std::string>{}, "14 03 2012", "14/03/2012", "14.03.2012", "14-03-2012", "14032012",
               "  14 03 2012  ", "14 / 03 / 2012", "14  03  2012", "14\u00A003\u00A02012", "14\t03\t2012");
  INFO(typed);
  const Checked<Date> date = parse_french_date(typed);
  REQUIRE(date.ok());
  CHECK(*date == Date{2012, 3, 14});
}

TEST_CASE("parse_french_date accepts a one-digit day or month with separators", "[date]") {
  CHECK(parse_french_date("1 3 2012").value() == Date{2012, 3, 1});
  CHECK(parse_french_date("01/3/2012").value() == Date{2012, 3, 1});
}

TEST_CASE("Leap days of the guide's examples", "[date]") {
  CHECK(parse_french_date("29 02 2012").value() == Date{2012, 2, 29});
  CHECK(parse_french_date("29 02 2000").value() == Date{2000, 2, 29});
  CHECK(parse_french_date("29 02 2013").error() ==
        FieldError{"date_invalid_day", "Cette date n'existe pas : le mois de février 2013 compte 28 jours."});
  CHECK(parse_french_date("29 02 1900").error() ==
        FieldError{"date_invalid_day", "Cette date n'existe pas : le mois de février 1900 compte 28 jours."});
  CHECK(parse_french_date("30 02 2012").error().message ==
        "Cette date n'existe pas : le mois de février 2012 compte 29 jours.");
}

TEST_CASE("Impossible days name the month, with French elision", "[date]") {
  CHECK(parse_french_date("31 04 2012").error().message ==
        "Cette date n'existe pas : le mois d'avril 2012 compte 30 jours.");
  CHECK(parse_french_date("32 08 2012").error().message ==
        "Cette date n'existe pas : le mois d'août 2012 compte 31 jours.");
  CHECK(parse_french_date("32 10 2012").error().message ==
        "Cette date n'existe pas : le mois d'octobre 2012 compte 31 jours.");
  CHECK(parse_french_date("32 01 2012").error().message ==
        "Cette date n'existe pas : le mois de janvier 2012 compte 31 jours.");
  CHECK(parse_french_date("31 06 2012").error().message ==
        "Cette date n'existe pas : le mois de juin 2012 compte 30 jours.");
  CHECK(parse_french_date("31 11 2012").error().message ==
        "Cette date n'existe pas : le mois de novembre 2012 compte 30 jours.");
}

TEST_CASE("parse_french_date refusals", "[date]") {
  struct Row {
    std::string typed;
    std::string code;
  };
  const Row row = GENERATE(values<Row>({
      {"", "date_required"},
      {"   ", "date_required"},
      {"abc", "date_invalid_format"},
      {"14 mars 2012", "date_invalid_format"},
      {"14 03", "date_invalid_format"},
      {"14 03 2012 10", "date_invalid_format"},
      {"2012-03-14", "date_invalid_format"},  // ISO is for the wire, not for the form
      {"2012 03 14", "date_invalid_format"},
      {"140 3 2012", "date_invalid_format"},
      {"14 03 20122", "date_invalid_format"},
      {"14 03 201", "date_invalid_format"},
      {"1403201", "date_invalid_format"},
      {"14,03,2012", "date_invalid_format"},
      {"１４ ０３ ２０１２", "date_invalid_format"},
      {"14 03 2012\xC3", "date_invalid_format"},
      {"14 03 12", "date_two_digit_year"},
      {"14/03/12", "date_two_digit_year"},
      {"140312", "date_two_digit_year"},
      {"00 03 2012", "date_invalid_day"},
      {"32 03 2012", "date_invalid_day"},
      {"14 00 2012", "date_invalid_month"},
      {"14 13 2012", "date_invalid_month"},
      {"14 03 0000", "date_invalid_year"},
  }));
  INFO(row.typed);
  const Checked<Date> date = parse_french_date(row.typed);
  CHECK(outcome(date) == row.code);
  if (!date.ok()) CHECK(has_french_message(date.error().code));
}

TEST_CASE("Date refusals read as the parent needs them", "[date]") {
  CHECK(parse_french_date("").error().message ==
        "Indiquez la date au format JJ MM AAAA, par exemple 14 03 2012.");
  CHECK(parse_french_date("14 mars 2012").error().message ==
        "Indiquez la date au format JJ MM AAAA, par exemple 14 03 2012.");
  CHECK(parse_french_date("14 03 12").error().message ==
        "Indiquez l'année sur 4 chiffres : la date s'écrit JJ MM AAAA, par exemple 14 03 2012.");
  CHECK(parse_french_date("14 13 2012").error().message ==
        "Cette date n'existe pas : le mois doit être compris entre 01 et 12.");
}

TEST_CASE("age_on counts whole years", "[date]") {
  CHECK(age_on({2012, 3, 14}, {2024, 3, 13}) == 11);
  CHECK(age_on({2012, 3, 14}, {2024, 3, 14}) == 12);
  CHECK(age_on({2012, 3, 14}, {2024, 9, 2}) == 12);
  CHECK(age_on({2012, 3, 14}, {2012, 3, 14}) == 0);
  // Born on 29 February: a year older on 1 March in common years.
  CHECK(age_on({2012, 2, 29}, {2013, 2, 28}) == 0);
  CHECK(age_on({2012, 2, 29}, {2013, 3, 1}) == 1);
  CHECK(age_on({2012, 2, 29}, {2016, 2, 29}) == 4);
}

TEST_CASE("A birth date may not be in the future", "[date]") {
  CHECK(check_birth_date({2024, 9, 3}, kToday).error() ==
        FieldError{"birth_date_in_future", "La date de naissance ne peut pas être dans le futur."});
  CHECK(check_birth_date({2030, 1, 1}, kToday).error().code == "birth_date_in_future");
  CHECK(parse_birth_date("03 09 2024", kToday).error().code == "birth_date_in_future");
}

TEST_CASE("A birth date gives a plausible pupil age", "[date]") {
  static_assert(kPupilMinAge == 2 && kPupilMaxAge == 25, "the rows below follow these bounds");
  struct Row {
    Date birth;
    std::string code;
  };
  const Row row = GENERATE(values<Row>({
      {{2024, 9, 2}, "birth_date_too_recent"},  // born today
      {{2022, 9, 3}, "birth_date_too_recent"},  // 2 tomorrow
      {{2022, 9, 2}, "ok"},                     // 2 today
      {{2012, 3, 14}, "ok"},
      {{1999, 9, 3}, "ok"},                  // 24
      {{1998, 9, 3}, "ok"},                  // 25 for one more day
      {{1998, 9, 2}, "birth_date_too_old"},  // 26 today
      {{1950, 1, 1}, "birth_date_too_old"},
  }));
  INFO(row.birth.iso());
  CHECK(outcome(check_birth_date(row.birth, kToday)) == row.code);
}

TEST_CASE("Birth date messages say what is implausible", "[date]") {
  CHECK(check_birth_date({2024, 1, 1}, kToday).error().message ==
        "Cette date de naissance est trop récente pour un élève : l'enfant aurait moins de 2 ans. Vérifiez "
        "l'année.");
  CHECK(check_birth_date({1990, 1, 1}, kToday).error().message ==
        "Cette date de naissance est trop ancienne pour un élève : l'élève aurait plus de 25 ans. Vérifiez "
        "l'année.");
}

TEST_CASE("check_birth_date also refuses impossible dates", "[date]") {
  CHECK(check_birth_date({2013, 2, 29}, kToday).error().code == "date_invalid_day");
  CHECK(check_birth_date({2013, 13, 1}, kToday).error().code == "date_invalid_month");
}

TEST_CASE("parse_birth_date reads then checks", "[date]") {
  CHECK(parse_birth_date("14 03 2012", kToday).value() == Date{2012, 3, 14});
  CHECK(parse_birth_date("29/02/2012", kToday).value() == Date{2012, 2, 29});
  CHECK(parse_birth_date("29 02 2013", kToday).error().code == "date_invalid_day");
  CHECK(parse_birth_date("14 03 12", kToday).error().code == "date_two_digit_year");
  CHECK(parse_birth_date("", kToday).error().code == "date_required");
  CHECK(parse_birth_date("14 03 1960", kToday).error().code == "birth_date_too_old");
}

TEST_CASE("parse_written_date reads ISO and French forms alike", "[date]") {
  const std::string typed = GENERATE("2012-03-14", " 2012-03-14 ", "14/03/2012", "14 03 2012", "14032012");
  const Checked<Date> date = parse_written_date(typed);
  REQUIRE(date.ok());
  CHECK(*date == Date{2012, 3, 14});
}

TEST_CASE("parse_written_date gives the reason an ISO date is impossible", "[date]") {
  CHECK(parse_iso_date("2013-02-29") == std::nullopt);
  const Checked<Date> iso = parse_written_date("2013-02-29");
  REQUIRE_FALSE(iso.ok());
  CHECK(iso.error() == parse_french_date("29/02/2013").error());
  CHECK(outcome(parse_written_date("2012-13-01")) == outcome(parse_french_date("01/13/2012")));
  CHECK(outcome(parse_written_date("")) == "date_required");
  CHECK(outcome(parse_written_date("2012-3-14")) == "date_invalid_format");
}
