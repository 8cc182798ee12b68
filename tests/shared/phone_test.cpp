#include "shared/phone.h"

#include <catch2/catch.hpp>
#include <string>

#include "shared/messages.h"
#include "support.h"

using namespace sesame;
using sesame::testing::outcome;

namespace {

struct Accepted {
  std::string typed;
  std::string dial_code;
  std::string e164;
};

struct Refused {
  std::string typed;
  std::string dial_code;
  std::string code;
};

}  // namespace

TEST_CASE("Metropolitan mobiles as parents type them", "[phone]") {
  const Accepted row = GENERATE(values<Accepted>({
      {"06 12 34 56 78", "", "+33612345678"},
      {"06.12.34.56.78", "", "+33612345678"},
      {"06-12-34-56-78", "", "+33612345678"},
      {"06/12/34/56/78", "", "+33612345678"},
      {"0612345678", "", "+33612345678"},
      {"  06 12 34 56 78  ", "", "+33612345678"},
      {"06\u00A012\u00A034\u00A056\u00A078", "", "+33612345678"},  // no-break spaces (copied from a page)
      {"06\u202F12\u202F34\u202F56\u202F78", "", "+33612345678"},  // narrow no-break spaces
      {"+33 6 12 34 56 78", "", "+33612345678"},
      {"+33 (0)6 12 34 56 78", "", "+33612345678"},
      {"+33(0)612345678", "", "+33612345678"},
      {"+33612345678", "", "+33612345678"},
      {"+33 06 12 34 56 78", "", "+33612345678"},  // the trunk 0 kept by habit
      {"0033 6 12 34 56 78", "", "+33612345678"},
      {"0033612345678", "", "+33612345678"},
      {"33 6 12 34 56 78", "", "+33612345678"},  // country code without + or 00
      {"07 98 76 54 32", "", "+33798765432"},
      {"+33 7 98 76 54 32", "", "+33798765432"},
      // The guide's form: the selector "+33" and the national part.
      {"6 12 34 56 78", "+33", "+33612345678"},
      {"06 12 34 56 78", "+33", "+33612345678"},
      {"612345678", "+33", "+33612345678"},
      {"6 12 34 56 78", "33", "+33612345678"},
      {"+33 6 12 34 56 78", "+33", "+33612345678"},
      // A full international number wins over the selector.
      {"+33 6 12 34 56 78", "+262", "+33612345678"},
  }));
  INFO(row.typed << " with selector '" << row.dial_code << "'");
  const Checked<std::string> result = normalize_mobile_phone(row.typed, row.dial_code);
  REQUIRE(result.ok());
  CHECK(*result == row.e164);
}

TEST_CASE("Overseas mobiles get their territory's country code", "[phone]") {
  const Accepted row = GENERATE(values<Accepted>({
      // La Réunion 0692/0693 and Mayotte 0639 -> +262
      {"0692 12 34 56", "", "+262692123456"},
      {"0693 12 34 56", "", "+262693123456"},
      {"0639 12 34 56", "", "+262639123456"},
      {"692 12 34 56", "+262", "+262692123456"},
      {"0692 12 34 56", "+262", "+262692123456"},
      {"+262 692 12 34 56", "", "+262692123456"},
      {"+262 (0)692 12 34 56", "", "+262692123456"},
      {"00262 639 12 34 56", "", "+262639123456"},
      {"262 692 12 34 56", "", "+262692123456"},
      // Guadeloupe, Saint-Martin, Saint-Barthélemy 0690/0691 -> +590
      {"0690 12 34 56", "", "+590690123456"},
      {"0691 12 34 56", "", "+590691123456"},
      {"690 12 34 56", "+590", "+590690123456"},
      {"+590 690 12 34 56", "", "+590690123456"},
      // Guyane 0694 -> +594
      {"0694 12 34 56", "", "+594694123456"},
      {"694 12 34 56", "+594", "+594694123456"},
      {"+594 694 12 34 56", "", "+594694123456"},
      // Martinique 0696/0697 -> +596
      {"0696 12 34 56", "", "+596696123456"},
      {"0697 12 34 56", "", "+596697123456"},
      {"696 12 34 56", "+596", "+596696123456"},
      {"+596 697 12 34 56", "", "+596697123456"},
      // Neighbours of the overseas ranges stay metropolitan.
      {"0638 12 34 56", "", "+33638123456"},
      {"0695 12 34 56", "", "+33695123456"},
      {"0698 12 34 56", "", "+33698123456"},
  }));
  INFO(row.typed << " with selector '" << row.dial_code << "'");
  const Checked<std::string> result = normalize_mobile_phone(row.typed, row.dial_code);
  REQUIRE(result.ok());
  CHECK(*result == row.e164);
}

TEST_CASE("The number's range decides the territory, whatever code is in front", "[phone]") {
  // France and its overseas departments share one numbering plan: an overseas
  // range behind +33 (or the wrong selector) is the same line, corrected.
  const Accepted row = GENERATE(values<Accepted>({
      {"+33 6 92 12 34 56", "", "+262692123456"},
      {"+33 6 39 12 34 56", "", "+262639123456"},
      {"+33 6 96 12 34 56", "", "+596696123456"},
      {"6 92 12 34 56", "+33", "+262692123456"},
      {"0692 12 34 56", "+33", "+262692123456"},
      {"690 12 34 56", "+262", "+590690123456"},
      {"6 12 34 56 78", "+262", "+33612345678"},
      {"06 12 34 56 78", "+596", "+33612345678"},
      {"+262 6 12 34 56 78", "", "+33612345678"},
  }));
  INFO(row.typed << " with selector '" << row.dial_code << "'");
  const Checked<std::string> result = normalize_mobile_phone(row.typed, row.dial_code);
  REQUIRE(result.ok());
  CHECK(*result == row.e164);
}

TEST_CASE("Refused numbers say why", "[phone]") {
  const Refused row = GENERATE(values<Refused>({
      {"", "", "phone_required"},
      {"   ", "", "phone_required"},
      {" ", "+33", "phone_required"},
      {" - . ", "", "phone_required"},
      // Landlines: metropolitan 01-05 and 09, overseas fixed 0262, 0269, 0590, 0594, 0596.
      {"01 23 45 67 89", "", "phone_landline"},
      {"02 23 45 67 89", "", "phone_landline"},
      {"03 23 45 67 89", "", "phone_landline"},
      {"04 23 45 67 89", "", "phone_landline"},
      {"05 23 45 67 89", "", "phone_landline"},
      {"09 23 45 67 89", "", "phone_landline"},
      {"0262 12 34 56", "", "phone_landline"},
      {"0269 12 34 56", "", "phone_landline"},
      {"0590 12 34 56", "", "phone_landline"},
      {"0594 12 34 56", "", "phone_landline"},
      {"0596 12 34 56", "", "phone_landline"},
      {"+33 1 23 45 67 89", "", "phone_landline"},
      {"+262 262 12 34 56", "", "phone_landline"},
      {"262 12 34 56", "+262", "phone_landline"},
      {"1 23 45 67 89", "+33", "phone_landline"},
      // Special-rate services are not mobiles.
      {"08 00 12 34 56", "", "phone_not_mobile"},
      {"0892 12 34 56", "", "phone_not_mobile"},
      {"6123456789", "", "phone_not_mobile"},  // ten digits without the leading 0
      // Too short, too long.
      {"06 12 34 56 7", "", "phone_too_short"},
      {"06", "", "phone_too_short"},
      {"612345678", "", "phone_too_short"},  // no selector: the 10-digit form is expected
      {"+33 6 12 34 56 7", "", "phone_too_short"},
      {"+33", "", "phone_too_short"},
      {"+", "", "phone_too_short"},
      {"+3", "", "phone_too_short"},
      {"6 12 34 56 7", "+33", "phone_too_short"},
      {"06 12 34 56 789", "", "phone_too_long"},
      {"+33 6 12 34 56 789", "", "phone_too_long"},
      {"0033 6 12 34 56 78 9", "", "phone_too_long"},
      {"6 12 34 56 789", "+33", "phone_too_long"},
      // Foreign numbers and selectors.
      {"+44 7911 123456", "", "phone_unsupported_country"},
      {"0044 7911 123456", "", "phone_unsupported_country"},
      {"+1 202 555 0123", "", "phone_unsupported_country"},
      {"+32 470 12 34 56", "", "phone_unsupported_country"},
      {"+508 55 12 34", "", "phone_unsupported_country"},
      {"+687 75 12 34", "", "phone_unsupported_country"},
      {"6 12 34 56 78", "+44", "phone_unsupported_country"},
      {"6 12 34 56 78", "France", "phone_unsupported_country"},
      // Characters that are not part of a number.
      {"06 12 34 56 7a", "", "phone_invalid_characters"},
      {"zéro six", "", "phone_invalid_characters"},
      {"06 12 34 56 78 ✓", "", "phone_invalid_characters"},
      {"06+12345678", "", "phone_invalid_characters"},
      {"++33612345678", "", "phone_invalid_characters"},
      {"０６１２３４５６７８", "", "phone_invalid_characters"},  // full-width digits
      {"06\00112345678", "", "phone_invalid_characters"},        // a control character
      {"06 12 34 56 78\xC3", "", "phone_invalid_characters"},    // invalid UTF-8
  }));
  INFO(row.typed << " with selector '" << row.dial_code << "'");
  const Checked<std::string> result = normalize_mobile_phone(row.typed, row.dial_code);
  CHECK(outcome(result) == row.code);
  if (!result.ok()) {
    CHECK(has_french_message(result.error().code));
    CHECK_FALSE(result.error().message.empty());
  }
}

TEST_CASE("Phone refusals read as the parent needs them", "[phone]") {
  CHECK(normalize_mobile_phone("").error().message == "Indiquez votre numéro de téléphone portable.");
  CHECK(normalize_mobile_phone("01 23 45 67 89").error().message ==
        "Ce numéro est un numéro de téléphone fixe. Indiquez votre numéro de téléphone portable (06 ou 07).");
  CHECK(normalize_mobile_phone("06 12 34 56 7").error().message ==
        "Le numéro est trop court : un numéro de portable compte 10 chiffres, par exemple 06 12 34 56 78.");
  CHECK(normalize_mobile_phone("06 12 34 56 789").error().message ==
        "Le numéro est trop long : un numéro de portable compte 10 chiffres, par exemple 06 12 34 56 78.");
  CHECK(normalize_mobile_phone("6 12 34 56 7", "+33").error().message ==
        "Le numéro est trop court : après l'indicatif +33, un numéro de portable compte 9 chiffres, par "
        "exemple "
        "+33 6 12 34 56 78.");
  CHECK(normalize_mobile_phone("692 12 34 5", "+262").error().message ==
        "Le numéro est trop court : après l'indicatif +262, un numéro de portable compte 9 chiffres, par "
        "exemple "
        "+262 692 12 34 56.");
  CHECK(normalize_mobile_phone("+44 7911 123456")
            .error()
            .message.starts_with("Seuls les numéros de portable français sont acceptés"));
  CHECK(normalize_mobile_phone("06 12 34 56 7a").error().message ==
        "Le numéro contient un caractère non autorisé : « a ». Tapez uniquement des chiffres, par exemple 06 "
        "12 34 "
        "56 78.");
  CHECK(normalize_mobile_phone("06 AB 34 56 78").error().message ==
        "Le numéro contient des caractères non autorisés : « A », « B ». Tapez uniquement des chiffres, par "
        "exemple "
        "06 12 34 56 78.");
  CHECK(
      normalize_mobile_phone("０６").error().message ==
      "Le numéro contient des caractères non autorisés : « ０ », « ６ ». Tapez uniquement des chiffres, par "
      "exemple 06 12 34 56 78.");
  const std::string with_control = std::string("06") + '\x01' + "12345678";
  CHECK(normalize_mobile_phone(with_control).error().message ==
        "Le numéro contient un caractère invisible non autorisé. Tapez uniquement des chiffres, par exemple "
        "06 12 34 56 78.");
  CHECK(normalize_mobile_phone("06\xFF").error().message ==
        "Le numéro contient des caractères illisibles. Retapez-le, par exemple 06 12 34 56 78.");
}

TEST_CASE("Whatever bytes are typed, the answer is a number or a French reason", "[phone]") {
  for (int byte = 0; byte < 256; ++byte) {
    const std::string typed = "06 12 34 56 7" + std::string(1, static_cast<char>(byte));
    const Checked<std::string> result = normalize_mobile_phone(typed);
    INFO("byte " << byte);
    if (byte >= '0' && byte <= '9') {
      CHECK(result.ok());
    } else {
      REQUIRE_FALSE(result.ok());
      CHECK(has_french_message(result.error().code));
    }
  }
  CHECK(outcome(normalize_mobile_phone(std::string(10000, '6'))) == "phone_too_long");
  CHECK(outcome(normalize_mobile_phone("+" + std::string(10000, '3'))) == "phone_too_long");
}

TEST_CASE("The country selector lists France and the overseas codes", "[phone]") {
  const std::vector<PhoneCountry>& countries = phone_countries();
  REQUIRE(countries.size() == 5);
  const std::pair<std::string, std::string> expected[] = {
      {"+33", "France métropolitaine (+33)"},
      {"+262", "La Réunion et Mayotte (+262)"},
      {"+590", "Guadeloupe, Saint-Martin, Saint-Barthélemy (+590)"},
      {"+594", "Guyane (+594)"},
      {"+596", "Martinique (+596)"},
  };
  for (std::size_t i = 0; i < countries.size(); ++i) {
    CHECK(countries[i].dial_code == expected[i].first);
    CHECK(countries[i].label == expected[i].second);
    // Every selector code is usable with a national part.
    CHECK(normalize_mobile_phone("6 12 34 56 78", countries[i].dial_code).ok());
  }
}

TEST_CASE("format_phone groups digits the French way", "[phone]") {
  CHECK(format_phone("+33612345678") == "+33 6 12 34 56 78");
  CHECK(format_phone("+33798765432") == "+33 7 98 76 54 32");
  CHECK(format_phone("+262692123456") == "+262 692 12 34 56");
  CHECK(format_phone("+262639123456") == "+262 639 12 34 56");
  CHECK(format_phone("+590690123456") == "+590 690 12 34 56");
  CHECK(format_phone("+594694123456") == "+594 694 12 34 56");
  CHECK(format_phone("+596696123456") == "+596 696 12 34 56");
  // Anything else comes back unchanged.
  CHECK(format_phone("+447911123456") == "+447911123456");
  CHECK(format_phone("0612345678") == "0612345678");
  CHECK(format_phone("+3361234567") == "+3361234567");
  CHECK(format_phone("") == "");
}

TEST_CASE("mask_phone keeps the code, the first group and the last two digits", "[phone]") {
  CHECK(mask_phone("+33612345678") == "+33 6 ** ** ** 78");
  CHECK(mask_phone("+33607772074") == "+33 6 ** ** ** 74");
  CHECK(mask_phone("+262692123456") == "+262 692 ** ** 56");
  CHECK(mask_phone("+590690123456") == "+590 690 ** ** 56");
  CHECK(mask_phone("+594694123456") == "+594 694 ** ** 56");
  CHECK(mask_phone("+596696123456") == "+596 696 ** ** 56");
  // A number of another shape never shows more than its last two digits.
  CHECK(mask_phone("+447911123456") == "+**********56");
  CHECK(mask_phone("0612345678") == "********78");
  CHECK(mask_phone("") == "");
}

TEST_CASE("A normalised number formats and normalises back to itself", "[phone]") {
  const std::string typed = GENERATE(as<std::string>{}, "06 12 34 56 78", "07 98 76 54 32", "0692 12 34 56",
                                     "0639 12 34 56", "0690 12 34 56", "0694 12 34 56", "0697 12 34 56");
  const Checked<std::string> e164 = normalize_mobile_phone(typed);
  REQUIRE(e164.ok());
  CHECK(normalize_mobile_phone(format_phone(*e164)).value() == *e164);
  CHECK(normalize_mobile_phone(*e164).value() == e164.value());
}
