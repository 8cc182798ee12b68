#include "shared/api.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/messages.h"
#include "shared/password.h"
#include "shared/profiles.h"
#include "support.h"

using namespace sesame;
using namespace sesame::api;
using nlohmann::json;

namespace {

// The value encodes to exactly `expected` (the member names of docs/api.md) and
// decodes back to itself, from the JSON value and from its text.
template <class T>
void check_round_trip(const T& value, const json& expected) {
  const json encoded = value;
  CHECK(encoded == expected);
  const Checked<T> decoded = decode<T>(encoded);
  REQUIRE(decoded.ok());
  CHECK(*decoded == value);
  const Checked<T> reparsed = decode<T>(json::parse(encoded.dump()));
  REQUIRE(reparsed.ok());
  CHECK(*reparsed == value);
}

template <class T>
FieldError refusal(const json& body) {
  const Checked<T> decoded = decode<T>(body);
  REQUIRE_FALSE(decoded.ok());
  return decoded.error();
}

Child albert() { return {"c-1", "Albert", "DUPONT", {"CLG LES COURTILS", "MONTMARTIN-SUR-MER", "0500048F"}, {}}; }

json albert_json() {
  return {{"id", "c-1"},
          {"first_name", "Albert"},
          {"last_name", "DUPONT"},
          {"school", {{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}}}};
}

}  // namespace

TEST_CASE("Health", "[api]") { check_round_trip(Health{"ok"}, {{"status", "ok"}}); }

TEST_CASE("Errors travel as {\"error\": {...}} with their optional members", "[api]") {
  ErrorAnswer minimal;
  minimal.error.code = "invalid_credentials";
  minimal.error.message = "Identifiant ou mot de passe incorrect.";
  check_round_trip(
      minimal,
      {{"error", {{"code", "invalid_credentials"}, {"message", "Identifiant ou mot de passe incorrect."}}}});

  ErrorAnswer full;
  full.error.code = "birth_date_mismatch";
  full.error.message = french_message("birth_date_mismatch");
  full.error.field = "children";
  full.error.remaining_attempts = 2;
  full.error.retry_after_seconds = 60;
  full.error.children = std::vector<ChildAttempts>{{"c-1", 2}, {"c-2", 0}};
  full.error.failed_rules = std::vector<std::string>{"digit", "special"};
  check_round_trip(
      full, {{"error",
              {{"code", "birth_date_mismatch"},
               {"message", french_message("birth_date_mismatch")},
               {"field", "children"},
               {"remaining_attempts", 2},
               {"retry_after_seconds", 60},
               {"children",
                {{{"id", "c-1"}, {"remaining_attempts", 2}}, {{"id", "c-2"}, {"remaining_attempts", 0}}}},
               {"failed_rules", {"digit", "special"}}}}});
}

TEST_CASE("error_body carries a shared rule's refusal", "[api]") {
  const ErrorBody body = error_body(FieldError{"phone_landline", "Fixe.", "phone"});
  CHECK(body.code == "phone_landline");
  CHECK(body.message == "Fixe.");
  CHECK(body.field == std::optional<std::string>("phone"));
  CHECK_FALSE(error_body(field_error("flow_expired")).field.has_value());

  ErrorBody policy = error_body(*password_choice_error("abc", "abc"));
  policy.failed_rules = failed_rule_codes(check_password("abc"));
  const json encoded = policy;
  CHECK(encoded["code"] == "password_policy");
  CHECK(encoded["failed_rules"] == json({"uppercase", "digit", "special", "min_length"}));
  CHECK_FALSE(encoded.contains("field"));
}

TEST_CASE("ConfigAnswer lists the guide's profiles and levels", "[api]") {
  const ConfigAnswer config = make_config_answer(true, 30, 60);
  REQUIRE(config.profiles.size() == profiles().size());
  CHECK(config.profiles[1] == ChoiceItem{"parent", "Représentant légal (parents)"});
  CHECK(config.levels == std::vector<ChoiceItem>{{"ecole", "École"}, {"college_lycee", "Collège / Lycée"}});
  check_round_trip(
      config,
      {{"profiles",
        {{{"code", "eleve"}, {"label", "Élève"}},
         {{"code", "parent"}, {"label", "Représentant légal (parents)"}},
         {{"code", "personnel"}, {"label", "Personnel Éducation nationale"}},
         {{"code", "agricole"}, {"label", "Enseignement agricole (Élève, parent ou personnel)"}},
         {{"code", "collectivite"}, {"label", "Personnel collectivité et invité"}}}},
       {"levels",
        {{{"code", "ecole"}, {"label", "École"}}, {{"code", "college_lycee"}, {"label", "Collège / Lycée"}}}},
       {"franceconnect", true},
       {"sms_code_validity_minutes", 30},
       {"sms_resend_interval_seconds", 60}});
}

TEST_CASE("Activation start: request and answer", "[api]") {
  check_round_trip(
      ActivationStart{"Dupont", "Émilie", "6 12 34 56 78", "+33"},
      {{"last_name", "Dupont"}, {"first_name", "Émilie"}, {"phone", "6 12 34 56 78"}, {"dial_code", "+33"}});
  check_round_trip(ActivationStart{"Dupont", "Émilie", "06 12 34 56 78", std::nullopt},
                   {{"last_name", "Dupont"}, {"first_name", "Émilie"}, {"phone", "06 12 34 56 78"}});
  check_round_trip(
      ActivationStartAnswer{"f-123", "+33 6 ** ** ** 78", "2024-09-02T08:30:00Z"},
      {{"flow", "f-123"}, {"phone_masked", "+33 6 ** ** ** 78"}, {"expires_at", "2024-09-02T08:30:00Z"}});
}

TEST_CASE("A missing member is named, in French", "[api]") {
  CHECK(refusal<ActivationStart>({{"last_name", "Dupont"}, {"first_name", "Émilie"}}) ==
        FieldError{"missing_field", "Le champ « phone » est obligatoire.", "phone"});
  CHECK(
      refusal<ActivationStart>({{"last_name", "Dupont"}, {"first_name", nullptr}, {"phone", "0612345678"}}) ==
      FieldError{"missing_field", "Le champ « first_name » est obligatoire.", "first_name"});
  CHECK(refusal<Credentials>(json::object()).field == "identifier");
  CHECK(refusal<PasswordChange>({{"current_password", "a"}, {"password", "b"}}).field == "confirmation");
  CHECK(refusal<ConfigAnswer>(
            {{"profiles", json::array()}, {"levels", json::array()}, {"franceconnect", false}})
            .field == "sms_code_validity_minutes");
}

TEST_CASE("A member of the wrong type is named with the expected type", "[api]") {
  CHECK(refusal<ActivationStart>({{"last_name", "Dupont"}, {"first_name", "Émilie"}, {"phone", 612345678}}) ==
        FieldError{"invalid_field_type", "Le champ « phone » doit être une chaîne de caractères.", "phone"});
  CHECK(refusal<AlertsPatch>({{"alerts_at_login", 1}}) ==
        FieldError{"invalid_field_type", "Le champ « alerts_at_login » doit être un booléen (true ou false).",
                   "alerts_at_login"});
  CHECK(refusal<AlertsPatch>({{"alerts_at_login", "true"}}).code == "invalid_field_type");
  CHECK(refusal<ChildrenConfirm>({{"children", "c-1"}}) ==
        FieldError{"invalid_field_type", "Le champ « children » doit être une liste.", "children"});
  CHECK(refusal<ConfigAnswer>({{"profiles", json::array()},
                               {"levels", json::array()},
                               {"franceconnect", false},
                               {"sms_code_validity_minutes", 2.5},
                               {"sms_resend_interval_seconds", 60}}) ==
        FieldError{"invalid_field_type", "Le champ « sms_code_validity_minutes » doit être un nombre entier.",
                   "sms_code_validity_minutes"});
  CHECK(refusal<SessionAnswer>({{"account", "e.dupont07"}}) ==
        FieldError{"invalid_field_type", "Le champ « account » doit être un objet.", "account"});
  CHECK(refusal<CodeVerify>({{"code", 123456}}).field == "code");
}

TEST_CASE("Integers must fit", "[api]") {
  ErrorBody body;
  body.code = "too_many_requests";
  body.message = "Trop.";
  json encoded = body;
  encoded["retry_after_seconds"] = 10000000000LL;
  CHECK(refusal<ErrorBody>(encoded) ==
        FieldError{"invalid_field_value", "Le champ « retry_after_seconds » est un nombre hors limites.",
                   "retry_after_seconds"});
  encoded["retry_after_seconds"] = -10000000000LL;
  CHECK(refusal<ErrorBody>(encoded).code == "invalid_field_value");
  encoded["retry_after_seconds"] = 18446744073709551615ULL;
  CHECK(refusal<ErrorBody>(encoded).code == "invalid_field_value");
  encoded["retry_after_seconds"] = -1;
  CHECK(decode<ErrorBody>(encoded).value().retry_after_seconds == -1);
}

TEST_CASE("The body itself must be an object", "[api]") {
  for (const json& body : {json::array(), json("x"), json(nullptr), json(12), json(true)}) {
    INFO(body.dump());
    CHECK(refusal<Health>(body) ==
          FieldError{"invalid_body", "Le contenu de la demande doit être un objet JSON."});
  }
}

TEST_CASE("Unknown members are ignored", "[api]") {
  const Checked<Credentials> decoded =
      decode<Credentials>({{"identifier", "e.dupont07"}, {"password", "x"}, {"remember_me", true}});
  REQUIRE(decoded.ok());
  CHECK(*decoded == Credentials{"e.dupont07", "x"});
}

TEST_CASE("Children and schools", "[api]") {
  check_round_trip(albert(), albert_json());
  Child jeanne{"c-2", "Jeanne", "DUPONT", {"E.P.U JOSEPHINE BAKER", "MONTMARTIN-SUR-MER", "0501271K"}, {}};
  check_round_trip(
      ChildrenAnswer{{albert(), jeanne}},
      {{"children",
        {albert_json(),
         {{"id", "c-2"},
          {"first_name", "Jeanne"},
          {"last_name", "DUPONT"},
          {"school",
           {{"name", "E.P.U JOSEPHINE BAKER"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0501271K"}}}}}}});
  check_round_trip(ChildrenAnswer{}, {{"children", json::array()}});
}

TEST_CASE("Nested members are named by their path", "[api]") {
  json body = {{"children", {albert_json(), albert_json()}}};
  body["children"][1]["school"]["uai"] = 500048;
  CHECK(refusal<ChildrenAnswer>(body) ==
        FieldError{"invalid_field_type",
                   "Le champ « children[1].school.uai » doit être une chaîne de caractères.",
                   "children[1].school.uai"});
  body["children"][1]["school"].erase("uai");
  CHECK(refusal<ChildrenAnswer>(body).field == "children[1].school.uai");
  body["children"][0] = "c-1";
  CHECK(refusal<ChildrenAnswer>(body) ==
        FieldError{"invalid_field_type", "Le champ « children[0] » doit être un objet.", "children[0]"});
  CHECK(refusal<SessionAnswer>({{"account", json::object()}}).field == "account.identifier");
}

TEST_CASE("Children confirmation: birth dates as ISO on the wire", "[api]") {
  const ChildrenConfirm confirm{{{"c-1", true, Date{2012, 3, 14}}, {"c-2", false, std::nullopt}}};
  check_round_trip(confirm, {{"children",
                              {{{"id", "c-1"}, {"is_guardian", true}, {"birth_date", "2012-03-14"}},
                               {{"id", "c-2"}, {"is_guardian", false}}}}});
}

TEST_CASE("Children confirmation refusals", "[api]") {
  CHECK(refusal<ChildrenConfirm>({{"children", {{{"id", "c-1"}, {"is_guardian", true}}}}}) ==
        FieldError{"missing_field", "Le champ « children[0].birth_date » est obligatoire.",
                   "children[0].birth_date"});
  CHECK(refusal<ChildrenConfirm>(
            {{"children", {{{"id", "c-1"}, {"is_guardian", true}, {"birth_date", "14/03/2012"}}}}}) ==
        FieldError{"invalid_field_value",
                   "Le champ « children[0].birth_date » doit être une date qui existe, au format AAAA-MM-JJ.",
                   "children[0].birth_date"});
  CHECK(refusal<ChildrenConfirm>(
            {{"children", {{{"id", "c-1"}, {"is_guardian", true}, {"birth_date", "2013-02-29"}}}}})
            .code == "invalid_field_value");
  CHECK(refusal<ChildrenConfirm>(
            {{"children", {{{"id", "c-1"}, {"is_guardian", true}, {"birth_date", 20120314}}}}})
            .code == "invalid_field_type");
  CHECK(refusal<ChildrenConfirm>({{"children", {{{"id", "c-1"}, {"is_guardian", "oui"}}}}}).field ==
        "children[0].is_guardian");
  CHECK(refusal<ChildrenConfirm>({{"children", {{{"is_guardian", false}}}}}).field == "children[0].id");
}

TEST_CASE("Password choice and change", "[api]") {
  check_round_trip(PasswordChoice{"Abcdef1!", "Abcdef1!"},
                   {{"password", "Abcdef1!"}, {"confirmation", "Abcdef1!"}});
  check_round_trip(
      PasswordChange{"Old1!aaa", "Abcdef1!", "Abcdef1!"},
      {{"current_password", "Old1!aaa"}, {"password", "Abcdef1!"}, {"confirmation", "Abcdef1!"}});
  check_round_trip(IdentifierAnswer{"e.dupont07"}, {{"identifier", "e.dupont07"}});
}

TEST_CASE("Codes: SMS, e-mail and phone checks share one shape", "[api]") {
  check_round_trip(SmsCode{"123456"}, {{"code", "123456"}});
  check_round_trip(CodeVerify{"004217"}, {{"code", "004217"}});
}

TEST_CASE("Sign-in and children from another account share the credentials shape", "[api]") {
  check_round_trip(SignIn{"e.dupont07", "Abcdef1!"},
                   {{"identifier", "e.dupont07"}, {"password", "Abcdef1!"}});
  check_round_trip(FromAccount{"a.dupont12", "Xyz123!a"},
                   {{"identifier", "a.dupont12"}, {"password", "Xyz123!a"}});
}

TEST_CASE("The account page", "[api]") {
  Account account;
  account.identifier = "e.dupont07";
  account.first_name = "Emilie";
  account.last_name = "DUPONT";
  account.email = "emilie.dupont@exemple.fr";
  account.email_verified = true;
  account.phone = "+33607772074";
  account.alerts_at_login = true;
  account.children = {albert()};
  account.new_children = {albert()};
  account.alerts = {{"email_not_verified", "Votre adresse mail n'est pas vérifiée."}};
  const json expected = {
      {"identifier", "e.dupont07"},
      {"first_name", "Emilie"},
      {"last_name", "DUPONT"},
      {"email", "emilie.dupont@exemple.fr"},
      {"email_verified", true},
      {"phone", "+33607772074"},
      {"alerts_at_login", true},
      {"children", {albert_json()}},
      {"new_children", {albert_json()}},
      {"alerts", {{{"code", "email_not_verified"}, {"message", "Votre adresse mail n'est pas vérifiée."}}}}};
  check_round_trip(account, expected);
  check_round_trip(SessionAnswer{account}, {{"account", expected}});

  Account bare = account;
  bare.email.reset();
  bare.phone.reset();
  bare.children.clear();
  bare.alerts.clear();
  const json bare_json = bare;
  CHECK_FALSE(bare_json.contains("email"));
  CHECK_FALSE(bare_json.contains("phone"));
  check_round_trip(bare, bare_json);

  json with_null = bare_json;
  with_null["email"] = nullptr;
  CHECK(decode<Account>(with_null).value() == bare);
}

TEST_CASE("Account settings", "[api]") {
  check_round_trip(AlertsPatch{true}, {{"alerts_at_login", true}});
  check_round_trip(AlertsPatch{false}, {{"alerts_at_login", false}});
  check_round_trip(EmailChange{"emilie.dupont@exemple.fr"}, {{"email", "emilie.dupont@exemple.fr"}});
  check_round_trip(PhoneChange{"06 12 34 56 78", std::nullopt}, {{"phone", "06 12 34 56 78"}});
  check_round_trip(FranceConnectAttach{"6 12 34 56 78", "+33"},
                   {{"phone", "6 12 34 56 78"}, {"dial_code", "+33"}});
}

TEST_CASE("Recovery", "[api]") {
  check_round_trip(RecoveryIdentifier{"06 12 34 56 78", std::nullopt, std::nullopt},
                   {{"phone", "06 12 34 56 78"}});
  check_round_trip(RecoveryIdentifier{"692 12 34 56", "+262", std::nullopt},
                   {{"phone", "692 12 34 56"}, {"dial_code", "+262"}});
  check_round_trip(RecoveryIdentifier{std::nullopt, std::nullopt, "emilie@exemple.fr"},
                   {{"email", "emilie@exemple.fr"}});
  check_round_trip(RecoveryPassword{"e.dupont07"}, {{"identifier", "e.dupont07"}});
  check_round_trip(FlowAnswer{"f-9", std::nullopt}, {{"flow", "f-9"}});
  check_round_trip(FlowAnswer{"f-9", "+33 6 ** ** ** 78"},
                   {{"flow", "f-9"}, {"phone_masked", "+33 6 ** ** ** 78"}});
}

TEST_CASE("Recovery of the identifier takes a phone or an e-mail, not both", "[api]") {
  const FieldError expected{"contact_required", french_message("contact_required"), "phone"};
  CHECK(refusal<RecoveryIdentifier>(json::object()) == expected);
  CHECK(refusal<RecoveryIdentifier>({{"phone", "0612345678"}, {"email", "a@b.fr"}}) == expected);
  CHECK(refusal<RecoveryIdentifier>({{"phone", nullptr}, {"email", nullptr}}) == expected);
  CHECK(refusal<RecoveryIdentifier>({{"phone", 612345678}}).code == "invalid_field_type");
  CHECK(expected.message == "Indiquez votre numéro de téléphone portable ou votre adresse mail.");
}

TEST_CASE("Decoding never throws, whatever the body", "[api]") {
  const json bodies[] = {
      json::parse(R"({"children": [null, 1, "x", [], {}]})"),
      json::parse(R"({"children": {"id": "c-1"}})"),
      json::parse(R"({"account": {"children": [{"school": []}]}})"),
      json::parse(R"([1, 2, 3])"),
      json::parse(R"({"error": {"code": 1, "message": [], "children": [{"id": 1}]}})"),
      json::parse(R"({"profiles": [{"code": "x", "label": null}]})"),
  };
  for (const json& body : bodies) {
    INFO(body.dump());
    CHECK_NOTHROW(decode<ChildrenConfirm>(body));
    CHECK_NOTHROW(decode<ChildrenAnswer>(body));
    CHECK_NOTHROW(decode<SessionAnswer>(body));
    CHECK_NOTHROW(decode<ErrorAnswer>(body));
    CHECK_NOTHROW(decode<ConfigAnswer>(body));
    CHECK_FALSE(decode<ChildrenConfirm>(body).ok());
    CHECK_FALSE(decode<ErrorAnswer>(body).ok());
  }
}
