// An account reported taken over: `sesame-admin secure-account` takes it back
// (server/accounts/takeover.h), and the parent resets the password by SMS
// to the number the school knows.
#include "server/accounts/takeover.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "journeys.h"
#include "json_error_check.h"

using namespace sesame::testing;
using nlohmann::json;

namespace {

constexpr const char* kIntruderMobile = "+33698765432";
constexpr const char* kIntruderEmail = "intrus@exemple.fr";

}  // namespace

TEST_CASE("a taken-over account is taken back, then the parent resets the password by SMS", "[takeover]") {
  DupontAccount j;
  // Someone who learnt the password signs in and makes the account theirs.
  const std::string intruder = j.sign_in_cookie(j.identifier, kEmiliePassword);
  REQUIRE(j.post_as(intruder, "/api/v1/me/phone", {{"phone", "06 98 76 54 32"}})->status == 202);
  REQUIRE(j.post_as(intruder, "/api/v1/me/phone/verify", {{"code", j.latest_code(kIntruderMobile)}})->status == 200);
  REQUIRE(j.post_as(intruder, "/api/v1/me/email", {{"email", kIntruderEmail}})->status == 202);
  REQUIRE(j.post_as(intruder, "/api/v1/me/email/verify", {{"code", j.latest_code(kIntruderEmail)}})->status ==
          200);
  // A password reset, left half-way.
  REQUIRE(j.post("/api/v1/recovery/password", {{"identifier", j.identifier}})->status == 201);
  const std::string second_device = j.sign_in_cookie(j.identifier, kEmiliePassword);
  const std::size_t sent_to_intruder = j.outbox(kIntruderMobile).size();  // the phone's code, the reset's code

  sesame::security::PasswordHasher hasher(sesame::security::Argon2Params{}, 1);
  auto connection = j.server.database().connection();
  const auto secured =
      sesame::accounts::secure_taken_over_account(*connection, hasher, j.identifier, 1'800'000'000);
  REQUIRE(secured);
  CHECK(secured->identifier == j.identifier);
  CHECK(secured->phone == kEmilieMobile);
  CHECK(secured->sessions_closed == 3);  // the creation's, the intruder's, the second device's
  CHECK(secured->flows_cancelled == 3);  // the reset left half-way, the phone and e-mail changes
  CHECK(secured->email_removed);
  CHECK_FALSE(secured->franceconnect_unlinked);

  // Nobody is in any more, and the old password opens nothing.
  CHECK(j.get_as(intruder, "/api/v1/me")->status == 401);
  CHECK(j.get_as(second_device, "/api/v1/me")->status == 401);
  require_json_error(j.post("/api/v1/session", {{"identifier", j.identifier}, {"password", kEmiliePassword}}),
                     401, "invalid_credentials");
  CHECK(j.count("SELECT count(*) FROM accounts WHERE email IS NOT NULL OR phone_e164 <> '+33612345678'") == 0);
  CHECK(j.count("SELECT count(*) FROM account_children c JOIN accounts a ON a.id = c.account_id") == 2);
  CHECK(j.count("SELECT count(*) FROM audit_log WHERE kind = 'account_secured' AND at = 1800000000") == 1);

  // The reset code goes to the school's number, not to the intruder's.
  const auto started = j.post("/api/v1/recovery/password", {{"identifier", j.identifier}});
  REQUIRE(started->status == 201);
  const std::string flow = json::parse(started->body)["flow"];
  CHECK(j.outbox(kIntruderMobile).size() == sent_to_intruder);
  const std::string code = j.latest_code(kEmilieMobile);
  REQUIRE(j.post("/api/v1/recovery/password/" + flow + "/code", {{"code", code}})->status == 200);
  REQUIRE(j.post("/api/v1/recovery/password/" + flow + "/password",
                 {{"password", kEmilieNewPassword}, {"confirmation", kEmilieNewPassword}})
              ->status == 204);
  const std::string back = j.sign_in_cookie(j.identifier, kEmilieNewPassword);
  const json me = json::parse(j.get_as(back, "/api/v1/me")->body);
  CHECK(me["children"].size() == 2);

  // An unknown identifier changes nothing.
  CHECK_FALSE(sesame::accounts::secure_taken_over_account(*connection, hasher, "x.inconnu99", 1'800'000'001));
}
