// "Mon compte" over real HTTP: changing the e-mail and the mobile with a code,
// the password with the current one, taking the children of another account,
// the alerts of the account page, and the rehash of old password hashes.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "journeys.h"
#include "json_error_check.h"
#include "server/security/password_hasher.h"

using namespace std::chrono_literals;
using namespace sesame::testing;
using nlohmann::json;

namespace {

constexpr const char* kNewPassword = "Cahier!Rouge2027";

// Emilie DUPONT signed in, with what the account page shows her.
struct SignedIn : SignedInDupont {
  json me() {
    const auto res = get_as(cookie, "/api/v1/me");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
  }

  // Asks at `path` for the change `body` names, and answers the one message sent
  // so far to `recipient`, the new address or number: its code, by `channel`.
  json ask_change(const std::string& path, const json& body, const std::string& recipient,
                  const std::string& channel) {
    const auto sent = post_as(cookie, path, body);
    REQUIRE(sent);
    CHECK(sent->status == 202);
    const json messages = outbox(recipient);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["channel"] == channel);
    return messages[0];
  }

  static bool has_alert(const json& account, const std::string& code) {
    for (const json& alert : account["alerts"])
      if (alert["code"] == code) return true;
    return false;
  }

  static std::string alert_text(const json& account, const std::string& code) {
    for (const json& alert : account["alerts"])
      if (alert["code"] == code) return alert["message"];
    return {};
  }
};

std::vector<std::string> first_names(const json& children) {
  std::vector<std::string> names;
  for (const json& child : children) names.push_back(child["first_name"]);
  return names;
}

}  // namespace

TEST_CASE("every account route needs the session", "[account]") {
  SignedIn a;
  for (const char* path : {"/api/v1/me/email", "/api/v1/me/email/verify", "/api/v1/me/phone",
                           "/api/v1/me/phone/verify", "/api/v1/me/password", "/api/v1/me/children/from-account"}) {
    INFO(path);
    require_json_error(a.post(path, json::object()), 401, "not_authenticated");
    require_json_error(a.post_as("sesame_session=forged", path, json::object()), 401, "not_authenticated");
  }
}

TEST_CASE("the e-mail changes only once a code sent to it comes back", "[account]") {
  SignedIn a;
  require_json_error(a.post_as(a.cookie, "/api/v1/me/email", {{"email", "emilie.dupont@"}}), 400, "invalid_email");

  const json mail = a.ask_change("/api/v1/me/email", {{"email", "Emilie.Dupont@Exemple.fr"}},
                                 "Emilie.Dupont@Exemple.fr", "email");
  const std::string body = mail["body"];
  CHECK(body.starts_with("Sésame ENT : votre code de vérification\n\n"));
  CHECK(body.find("valable 30 minutes") != std::string::npos);
  // Not the account's address yet.
  CHECK(a.me()["email"].is_null());
  CHECK(SignedIn::has_alert(a.me(), "email_not_verified"));

  const std::string code = a.latest_code("Emilie.Dupont@Exemple.fr");
  const std::string wrong = code == "000000" ? "111111" : "000000";
  const auto refused = a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", wrong}});
  require_json_error(refused, 400, "invalid_code");
  CHECK(json::parse(refused->body)["error"]["remaining_attempts"] == 4);

  const auto verified = a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", code}});
  REQUIRE(verified);
  CHECK(verified->status == 200);
  const json account = a.me();
  CHECK(account["email"] == "Emilie.Dupont@Exemple.fr");
  CHECK(account["email_verified"] == true);
  CHECK_FALSE(SignedIn::has_alert(account, "email_not_verified"));
  // Single use.
  require_json_error(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", code}}), 410, "flow_completed");
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'email_changed'") == 1);

  SECTION("a later change is told to the verified address") {
    REQUIRE(a.post_as(a.cookie, "/api/v1/me/email", {{"email", "e.dupont@exemple.fr"}})->status == 202);
    REQUIRE(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", a.latest_code("e.dupont@exemple.fr")}})
                ->status == 200);
    const json old_mails = a.outbox("Emilie.Dupont@Exemple.fr");
    REQUIRE(old_mails.size() == 2);
    const std::string notice = old_mails[0]["body"];
    CHECK(notice.starts_with("Sésame ENT : modification de votre compte\n\n"));
    CHECK(notice.find("L'adresse mail de votre compte Sésame ENT (identifiant " + a.identifier +
                      ") vient d'être modifiée.") != std::string::npos);
    CHECK(a.me()["email"] == "e.dupont@exemple.fr");
  }
}

TEST_CASE("an e-mail code locks after five wrong tries and dies after 30 minutes", "[account]") {
  SignedIn a;
  REQUIRE(a.post_as(a.cookie, "/api/v1/me/email", {{"email", "emilie@exemple.fr"}})->status == 202);
  const std::string code = a.latest_code("emilie@exemple.fr");
  const std::string wrong = code == "000000" ? "111111" : "000000";

  SECTION("five tries") {
    for (int i = 1; i <= 4; ++i) {
      const auto res = a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", wrong}});
      require_json_error(res, 400, "invalid_code");
      CHECK(json::parse(res->body)["error"]["remaining_attempts"] == 5 - i);
    }
    require_json_error(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", wrong}}), 410, "flow_locked");
    require_json_error(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", code}}), 410, "flow_locked");
    CHECK(a.me()["email"].is_null());
    // Asking again starts a new change with a new code.
    REQUIRE(a.post_as(a.cookie, "/api/v1/me/email", {{"email", "emilie@exemple.fr"}})->status == 202);
    CHECK(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", a.latest_code("emilie@exemple.fr")}})->status ==
          200);
  }
  SECTION("thirty minutes") {
    a.clock->advance(30min);
    a.cookie = a.sign_in_cookie(a.identifier, kEmiliePassword);  // the session idled out meanwhile
    require_json_error(a.post_as(a.cookie, "/api/v1/me/email/verify", {{"code", code}}), 410, "flow_expired");
  }
  SECTION("no change asked") {
    SignedIn b;
    require_json_error(b.post_as(b.cookie, "/api/v1/me/email/verify", {{"code", "123456"}}), 410, "flow_expired");
  }
}

TEST_CASE("the mobile changes with a code sent by SMS to the new number", "[account]") {
  SignedIn a;
  require_json_error(a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", "02 33 45 67 89"}}), 400, "phone_landline");
  a.ask_change("/api/v1/me/phone", {{"phone", "07 00 11 22 33"}}, "+33700112233", "sms");
  CHECK(a.outbox(kEmilieMobile).size() == 1);  // the activation code only
  CHECK(a.me()["phone"] == kEmilieMobile);

  require_json_error(a.post_as(a.cookie, "/api/v1/me/phone/verify", {{"code", "12"}}), 400, "invalid_code");
  REQUIRE(a.post_as(a.cookie, "/api/v1/me/phone/verify", {{"code", a.latest_code("+33700112233")}})->status == 200);
  CHECK(a.me()["phone"] == "+33700112233");
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'phone_changed'") == 1);

  SECTION("the forgotten identifier now goes to the new number") {
    REQUIRE(a.post("/api/v1/recovery/identifier", {{"phone", "07 00 11 22 33"}})->status == 202);
    const json messages = a.outbox("+33700112233");
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["body"].get<std::string>().find(a.identifier) != std::string::npos);
  }
}

TEST_CASE("SMS of mobile changes count against the number's and the client's budgets", "[account]") {
  SECTION("five SMS a number an hour") {
    SignedIn a;
    for (int i = 0; i < 5; ++i) REQUIRE(a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", "0700112233"}})->status == 202);
    const auto refused = a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", "0700112233"}});
    require_json_error(refused, 429, "too_many_requests");
    CHECK(json::parse(refused->body)["error"]["retry_after_seconds"] == 3600);
    CHECK(a.outbox("+33700112233").size() == 5);
    a.clock->advance(1h);
    a.cookie = a.sign_in_cookie(a.identifier, kEmiliePassword);
    CHECK(a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", "0700112233"}})->status == 202);
  }
  SECTION("thirty SMS-sending requests a client address an hour, whatever the numbers") {
    SignedIn a;
    // The activation above spent one of the client's 30.
    for (int i = 0; i < 29; ++i) {
      const std::string phone = "07001122" + std::to_string(10 + i);
      REQUIRE(a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", phone}})->status == 202);
    }
    require_json_error(a.post_as(a.cookie, "/api/v1/me/phone", {{"phone", "0700112299"}}), 429, "too_many_requests");
    // The same budget holds for account creation.
    require_json_error(
        a.post("/api/v1/activation", {{"last_name", "MARTIN"}, {"first_name", "Paul"}, {"phone", "0623456789"}}),
        429, "too_many_requests");
    CHECK(a.outbox("+33700112299").empty());
    CHECK(a.outbox(kPaulMobile).empty());
  }
}

TEST_CASE("the password changes with the current one, and other sessions end", "[account]") {
  SignedIn a;
  const std::string other_device = a.sign_in_cookie(a.identifier, kEmiliePassword);
  const auto change = [&](const std::string& current, const std::string& password, const std::string& confirmation) {
    return a.post_as(a.cookie, "/api/v1/me/password",
                     {{"current_password", current}, {"password", password}, {"confirmation", confirmation}});
  };

  const auto wrong = change("Pas-le-bon-2026", kNewPassword, kNewPassword);
  require_json_error(wrong, 401, "invalid_current_password");
  CHECK(json::parse(wrong->body)["error"]["field"] == "current_password");
  const auto weak = change(kEmiliePassword, "court", "court");
  REQUIRE(weak);
  CHECK(weak->status == 400);
  CHECK(json::parse(weak->body)["error"]["code"] == "password_policy");
  CHECK(json::parse(weak->body)["error"]["failed_rules"].size() >= 1);
  require_json_error(change(kEmiliePassword, kNewPassword, "Cahier!Rouge2028"), 400, "password_mismatch");

  const auto changed = change(kEmiliePassword, kNewPassword, kNewPassword);
  REQUIRE(changed);
  CHECK(changed->status == 204);
  CHECK(a.get_as(a.cookie, "/api/v1/me")->status == 200);            // this session goes on
  CHECK(a.get_as(other_device, "/api/v1/me")->status == 401);        // the others end
  require_json_error(a.post("/api/v1/session", {{"identifier", a.identifier}, {"password", kEmiliePassword}}), 401,
                     "invalid_credentials");
  CHECK(a.post("/api/v1/session", {{"identifier", a.identifier}, {"password", kNewPassword}})->status == 200);
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'password_changed'") == 1);

  SECTION("guessing the current password is throttled like a sign-in") {
    for (int i = 0; i < 4; ++i) require_json_error(change("Devine-Moi-2026", kNewPassword, kNewPassword), 401, "invalid_current_password");
    require_json_error(change("Devine-Moi-2026", kNewPassword, kNewPassword), 401, "invalid_current_password");
    require_json_error(change(kNewPassword, "Autre!Chose2026", "Autre!Chose2026"), 429, "too_many_attempts");
  }
}

TEST_CASE("the children of another account move here and that account is closed", "[account]") {
  SignedIn a;
  const std::string paul = a.create_martin_account();
  const std::string paul_cookie = a.sign_in_cookie(paul, kPaulPassword);
  REQUIRE(a.post_as(paul_cookie, "/api/v1/me/email", {{"email", "paul@exemple.fr"}})->status == 202);
  REQUIRE(a.post_as(paul_cookie, "/api/v1/me/email/verify", {{"code", a.latest_code("paul@exemple.fr")}})->status ==
          200);
  const auto take = [&](const std::string& identifier, const std::string& password) {
    return a.post_as(a.cookie, "/api/v1/me/children/from-account", {{"identifier", identifier}, {"password", password}});
  };

  require_json_error(take(paul, "Pas-le-bon-2026"), 401, "invalid_credentials");
  require_json_error(take("p.inconnu99", kPaulPassword), 401, "invalid_credentials");
  require_json_error(take(a.identifier, kEmiliePassword), 400, "same_account");
  require_json_error(take("pas un identifiant", kPaulPassword), 400, "identifier_invalid_format");
  CHECK(a.get_as(paul_cookie, "/api/v1/me")->status == 200);

  const auto taken = take(paul, kPaulPassword);
  REQUIRE(taken);
  REQUIRE(taken->status == 200);
  CHECK(first_names(json::parse(taken->body)["children"]) == std::vector<std::string>{"Albert", "Jeanne", "Lucas"});
  CHECK(first_names(a.me()["children"]) == std::vector<std::string>{"Albert", "Jeanne", "Lucas"});

  // The other account is closed: no sign-in, no session, nothing to take twice.
  CHECK(a.get_as(paul_cookie, "/api/v1/me")->status == 401);
  require_json_error(a.post("/api/v1/session", {{"identifier", paul}, {"password", kPaulPassword}}), 401,
                     "invalid_credentials");
  require_json_error(take(paul, kPaulPassword), 401, "invalid_credentials");
  const json paul_mails = a.outbox("paul@exemple.fr");
  REQUIRE(paul_mails.size() == 2);  // the verification code, then the notice
  CHECK(paul_mails[0]["body"].get<std::string>().find("Votre compte Sésame ENT " + paul +
                                                       " vient d'être fermé : ses élèves ont été ajoutés au compte " +
                                                       a.identifier) != std::string::npos);
  CHECK(a.count("SELECT count(*) FROM account_children WHERE account_id = (SELECT id FROM accounts WHERE "
                "identifier = '" + paul + "')") == 0);
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind IN ('account_closed_into_other', "
                "'children_taken_from_account')") == 2);

  SECTION("a moved child still rests on its own guardian's link") {
    // The school removes Paul's link to Lucas: Lucas leaves Emilie's account too.
    a.count("DELETE FROM guardian_pupils WHERE guardian_id = (SELECT id FROM guardians WHERE external_id = "
            "'DEMO-R03') RETURNING 1");
    CHECK(first_names(a.me()["children"]) == std::vector<std::string>{"Albert", "Jeanne"});
  }
}

TEST_CASE("the account page tells of failed sign-ins since the previous visit", "[account]") {
  SignedIn a;
  CHECK_FALSE(SignedIn::has_alert(a.me(), "recent_failed_sign_in"));
  for (int i = 0; i < 2; ++i)
    require_json_error(a.post("/api/v1/session", {{"identifier", a.identifier}, {"password", "Devine-2026!"}}), 401,
                       "invalid_credentials");
  a.cookie = a.sign_in_cookie(a.identifier, kEmiliePassword);
  const json account = a.me();
  CHECK(SignedIn::alert_text(account, "recent_failed_sign_in") ==
        "2 tentatives de connexion ont échoué sur votre compte depuis votre précédente connexion. Si ce n'était "
        "pas vous, changez votre mot de passe.");
  // Seen once: the next visit no longer shows them.
  a.cookie = a.sign_in_cookie(a.identifier, kEmiliePassword);
  CHECK_FALSE(SignedIn::has_alert(a.me(), "recent_failed_sign_in"));
}

TEST_CASE("the account page tells of a child newly known to the schools", "[account]") {
  Journey a;
  // Emilie declines Jeanne when she creates her account.
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = a.to_children(flow);
  const json answers = {
      {"children",
       {{{"id", id_of(offered, "Albert")}, {"is_guardian", true}, {"birth_date", "2012-03-14"}},
        {{"id", id_of(offered, "Jeanne")}, {"is_guardian", false}}}}};
  REQUIRE(a.post(a.step(flow, "/children"), answers)->status == 200);
  const auto created = a.post(a.step(flow, "/password"), {{"password", kEmiliePassword}, {"confirmation", kEmiliePassword}});
  REQUIRE(created->status == 201);
  const std::string cookie = a.sign_in_cookie(json::parse(created->body)["identifier"], kEmiliePassword);
  const auto alerts_of = [&] { return json::parse(a.get_as(cookie, "/api/v1/me")->body); };
  CHECK_FALSE(SignedIn::has_alert(alerts_of(), "child_newly_known"));  // a declined child is not "new"

  // The school links Léa to Emilie.
  a.count("INSERT INTO guardian_pupils (guardian_id, pupil_id, legal_representative) "
          "SELECT g.id, p.id, 1 FROM guardians g, pupils p WHERE g.external_id = 'DEMO-R01' AND p.external_id = "
          "'DEMO-E04' RETURNING 1");
  const json account = alerts_of();
  CHECK(SignedIn::alert_text(account, "child_newly_known") ==
        "Un nouvel élève vous est rattaché par son établissement : Léa MARTIN (E.P.U JOSEPHINE BAKER, "
        "MONTMARTIN-SUR-MER). Confirmez sa date de naissance pour l'ajouter à votre compte.");
  REQUIRE(account["new_children"].size() == 1);
  const std::string lea = account["new_children"][0]["id"];
  CHECK(account["new_children"][0]["school"]["uai"] == "0501271K");
  const auto confirm = [&](const json& answer) {
    return a.post_as(cookie, "/api/v1/me/children", {{"children", {answer}}});
  };

  // Only a child on offer can be answered.
  require_json_error(
      confirm({{"id", id_of(offered, "Jeanne")}, {"is_guardian", true}, {"birth_date", "2017-09-02"}}), 400,
      "invalid_field_value");

  SECTION("the right birth date adds the child, after a wrong one") {
    const auto wrong = confirm({{"id", lea}, {"is_guardian", true}, {"birth_date", "2016-01-31"}});
    require_json_error(wrong, 400, "birth_date_mismatch");
    CHECK(json::parse(wrong->body)["error"]["children"] == json::array({{{"id", lea}, {"remaining_attempts", 2}}}));
    const auto right = confirm({{"id", lea}, {"is_guardian", true}, {"birth_date", "2016-01-30"}});
    REQUIRE(right->status == 200);
    CHECK(first_names(json::parse(right->body)["children"]) == std::vector<std::string>{"Albert", "Léa"});
    CHECK(alerts_of()["new_children"].empty());
    CHECK_FALSE(SignedIn::has_alert(alerts_of(), "child_newly_known"));
  }
  SECTION("three wrong birth dates set the child aside for good") {
    for (int remaining = 2; remaining >= 0; --remaining) {
      const auto wrong = confirm({{"id", lea}, {"is_guardian", true}, {"birth_date", "2016-01-31"}});
      require_json_error(wrong, 400, "birth_date_mismatch");
      CHECK(json::parse(wrong->body)["error"]["children"][0]["remaining_attempts"] == remaining);
    }
    CHECK(alerts_of()["new_children"].empty());
    require_json_error(confirm({{"id", lea}, {"is_guardian", true}, {"birth_date", "2016-01-30"}}), 400,
                       "invalid_field_value");
    CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'account_child_refused'") == 1);
  }
  SECTION("a declined child is set aside") {
    REQUIRE(confirm({{"id", lea}, {"is_guardian", false}})->status == 200);
    CHECK(alerts_of()["new_children"].empty());
    CHECK(first_names(alerts_of()["children"]) == std::vector<std::string>{"Albert"});
  }
}

TEST_CASE("a password hash of older argon2 parameters is upgraded at sign-in", "[account]") {
  SignedIn a;
  // A hash made as an older version of Sésame would have: other memory and time costs.
  sesame::security::PasswordHasher older({16 * 1024 * 1024, 3}, 1);
  const std::string old_hash = older.hash(kEmiliePassword);
  a.count("UPDATE accounts SET password_hash = '" + old_hash + "' WHERE profile = 'parent' RETURNING 1");
  REQUIRE(a.server.app().services().password_hasher.needs_rehash(old_hash));

  a.cookie = a.sign_in_cookie(a.identifier, kEmiliePassword);
  auto connection = a.server.database().connection();
  auto query = connection->prepare("SELECT password_hash FROM accounts WHERE profile = 'parent'");
  REQUIRE(query.step());
  const std::string upgraded = query.text(0);
  CHECK(upgraded != old_hash);
  CHECK_FALSE(a.server.app().services().password_hasher.needs_rehash(upgraded));
  CHECK(a.post("/api/v1/session", {{"identifier", a.identifier}, {"password", kEmiliePassword}})->status == 200);
}
