#include "shared/messages.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "shared/date.h"
#include "shared/identifier.h"
#include "shared/names.h"
#include "shared/password.h"
#include "shared/phone.h"
#include "shared/uai.h"
#include "shared/utf8.h"

using namespace sesame;

TEST_CASE("The catalogue holds every API error code", "[messages]") {
  for (const char* code :
       {"invalid_json",        "invalid_utf8",       "body_too_large",         "unsupported_media_type",
        "forbidden_origin",    "not_found",          "method_not_allowed",     "not_authenticated",
        "invalid_credentials", "too_many_attempts",  "too_many_requests",      "invalid_code",
        "flow_expired",        "flow_locked",        "flow_step_out_of_order", "birth_date_mismatch",
        "no_child_confirmed",  "password_policy",    "password_mismatch",      "invalid_email",
        "invalid_phone",       "internal_error",     "service_unavailable",    "invalid_body",
        "missing_field",       "invalid_field_type", "invalid_field_value",    "contact_required"}) {
    INFO(code);
    CHECK(has_french_message(code));
  }
}

TEST_CASE("Catalogue entries are unique, snake_case and read as French sentences", "[messages]") {
  std::set<std::string_view> seen;
  for (const CodedMessage& entry : message_catalogue()) {
    INFO(entry.code);
    CHECK(seen.insert(entry.code).second);
    CHECK_FALSE(entry.code.empty());
    CHECK((entry.code.front() >= 'a' && entry.code.front() <= 'z'));
    for (char c : entry.code) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
    const std::string message = entry.message;
    CHECK(is_valid_utf8(message));
    REQUIRE(message.size() > 10);
    CHECK(message.back() == '.');
    const char32_t first = decode_utf8(message)->front();
    CHECK(((first >= U'A' && first <= U'Z') || first == U'É'));
    CHECK(message.find("  ") == std::string::npos);
    CHECK(std::string(french_message(entry.code)) == message);
  }
  CHECK(seen.size() >= 50);
}

TEST_CASE("An unknown code still gets a French sentence", "[messages]") {
  const std::string generic = french_message("no_such_code");
  CHECK(generic ==
        "Une erreur s'est produite. Réessayez dans quelques instants ou contactez l'établissement.");
  CHECK(std::string(french_message("")) == generic);
  CHECK_FALSE(has_french_message("no_such_code"));
}

TEST_CASE("field_error pairs a code with its sentence", "[messages]") {
  const FieldError error = field_error("phone_required");
  CHECK(error.code == "phone_required");
  CHECK(error.message == "Indiquez votre numéro de téléphone portable.");
  CHECK(error.field.empty());
}

TEST_CASE("Messages that state a limit agree with the constants", "[messages]") {
  CHECK(std::string(french_message("password_too_long"))
            .find(std::to_string(kPasswordMaxLength) + " caractères") != std::string::npos);
  CHECK(std::string(french_message("name_too_long")).find(std::to_string(kNameMaxLength) + " caractères") !=
        std::string::npos);
}

TEST_CASE("Every code the shared rules emit is in the catalogue", "[messages]") {
  std::set<std::string> emitted;
  const auto note = [&](const auto& checked) {
    if (!checked.ok()) emitted.insert(checked.error().code);
  };
  for (const char* typed : {"", "06 12 34 56 7a", "06\xFF", "06", "06 12 34 56 789", "01 23 45 67 89",
                            "08 00 12 34 56", "+44 7911 123456", "6 12 34 56 7"}) {
    note(normalize_mobile_phone(typed));
    note(normalize_mobile_phone(typed, "+262"));
  }
  note(normalize_mobile_phone("6 12 34 56 78", "+44"));
  const Date today{2024, 9, 2};
  for (const char* typed : {"", "abc", "14 03 12", "00 03 2012", "29 02 2013", "14 13 2012", "14 03 0000",
                            "14 03 2030", "14 03 2024", "14 03 1960"}) {
    note(parse_birth_date(typed, today));
  }
  for (const char* typed : {"", "Jean3", "--", "Dupont\xC3",
                            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    note(check_person_name(typed, "Nom"));
  }
  for (const char* typed : {"", "123", "0502271K"}) note(normalize_uai(typed));
  for (const char* typed : {"", "dupont"}) note(normalize_identifier(typed));
  note(generate_identifier("Иван", "Dupont", [](std::string_view) { return false; }));
  note(generate_identifier("Jean", "Dupont", [](std::string_view) { return true; }));
  for (const char* password : {"abc", "Abcdef1!\x01", "Abcdef1!\xC3", "Abcdef1!x"}) {
    if (auto error = password_choice_error(password, "other")) emitted.insert(error->code);
  }
  if (auto error = password_choice_error(std::string(200, 'a') + "A1!", "")) emitted.insert(error->code);

  CHECK(emitted.size() >= 30);
  for (const std::string& code : emitted) {
    INFO(code);
    CHECK(has_french_message(code));
  }
}

TEST_CASE("refused_characters_phrase shows each refused character once", "[messages]") {
  CHECK(refused_characters_phrase(U"3") == "un caractère non autorisé : « 3 »");
  CHECK(refused_characters_phrase(U"@@") == "un caractère non autorisé : « @ »");
  CHECK(refused_characters_phrase(U"@#@") == "des caractères non autorisés : « @ », « # »");
  CHECK(refused_characters_phrase(U"\u00E9") == "un caractère non autorisé : « é »");
  CHECK(refused_characters_phrase(U"abcdefgh") ==
        "des caractères non autorisés : « a », « b », « c », « d », « e »");
  CHECK(refused_characters_phrase(U"\x01") == "un caractère invisible non autorisé");
  CHECK(refused_characters_phrase(U"\x01\u00A0") == "un caractère invisible non autorisé");
  CHECK(refused_characters_phrase(U"@\x01\x02") ==
        "des caractères non autorisés : « @ » et un caractère invisible");
}
