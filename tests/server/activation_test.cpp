// "Je n'ai pas de compte" over real HTTP: the guide's Dupont journey, and every
// refusal of the security table (codes, resends, birth dates, password, replay).
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "journeys.h"
#include "json_error_check.h"
#include "server/config/clock.h"
#include "server/store/database.h"
#include "support.h"

using namespace std::chrono_literals;
using nlohmann::json;
using sesame::testing::require_json_error;

namespace {

using sesame::testing::both_children;
using sesame::testing::id_of;
using sesame::testing::kEmilieMobile;
using Activation = sesame::testing::Journey;

std::string wrong_code(const std::string& right) { return right == "000000" ? "111111" : "000000"; }

}  // namespace

TEST_CASE("The Dupont family's journey creates the account, its children and a session", "[activation]") {
  Activation a;
  const auto started = a.post(
      "/api/v1/activation", {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}});
  REQUIRE(started);
  REQUIRE(started->status == 201);
  const json start = json::parse(started->body);
  CHECK(start["phone_masked"] == "+33 6 ** ** ** 78");
  CHECK(start["expires_at"] == "2026-09-01T08:30:00Z");
  const std::string flow = start["flow"];
  CHECK(flow.size() == 32);

  // The SMS names the service and the validity; only the code's keyed hash is stored.
  const json sms = a.outbox(kEmilieMobile);
  REQUIRE(sms.size() == 1);
  const std::string text = sms[0]["body"];
  CHECK(text.find("Sésame ENT") != std::string::npos);
  CHECK(text.find("30 minutes") != std::string::npos);
  const std::string code = a.latest_code();
  CHECK(a.count("SELECT count(*) FROM flows WHERE code_hash LIKE '%" + code + "%'") == 0);

  const auto verified = a.post(a.step(flow, "/sms"), {{"code", code}});
  REQUIRE(verified);
  REQUIRE(verified->status == 200);
  const json offered = json::parse(verified->body)["children"];
  REQUIRE(offered.size() == 2);
  CHECK(offered[0]["first_name"] == "Albert");
  CHECK(offered[0]["school"] ==
        json{{"name", "CLG LES COURTILS"}, {"city", "MONTMARTIN-SUR-MER"}, {"uai", "0500048F"}});
  CHECK(offered[1]["first_name"] == "Jeanne");
  CHECK(offered[1]["school"]["uai"] == "0501271K");

  const auto confirmed = a.post(a.step(flow, "/children"), both_children(offered));
  REQUIRE(confirmed);
  REQUIRE(confirmed->status == 200);
  CHECK(json::parse(confirmed->body)["children"].size() == 2);

  const auto created =
      a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string identifier = json::parse(created->body)["identifier"];
  CHECK(std::regex_match(identifier, std::regex("^e\\.dupont[0-9]{2}$")));
  const std::string cookie = created->get_header_value("Set-Cookie");
  CHECK(cookie.starts_with("sesame_session="));
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("Path=/") != std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);  // plain http in tests

  CHECK(a.count("SELECT count(*) FROM accounts WHERE identifier = '" + identifier +
                "' AND password_hash LIKE '$argon2id$%' AND phone_e164 = '+33612345678'") == 1);
  CHECK(a.count("SELECT count(*) FROM account_children c JOIN accounts a ON a.id = c.account_id "
                "WHERE a.identifier = '" +
                identifier + "'") == 2);
  CHECK(a.count("SELECT count(*) FROM sessions") == 1);
  // The cookie's token is not what the database holds.
  const std::string token = cookie.substr(15, cookie.find(';') - 15);
  CHECK(a.count("SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'") == 0);
  CHECK(a.count("SELECT count(*) FROM flows WHERE state = 'done'") == 1);

  SECTION("a finished flow cannot be replayed") {
    require_json_error(
        a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}}),
        410, "flow_completed");
    require_json_error(a.post(a.step(flow, "/children"), both_children(offered)), 410, "flow_completed");
    require_json_error(a.post(a.step(flow, "/sms"), {{"code", code}}), 410, "flow_completed");
    CHECK(a.count("SELECT count(*) FROM accounts WHERE profile = 'parent'") == 1);
  }
}

TEST_CASE("Names typed another way still find the guardian", "[activation]") {
  Activation a;
  a.start("DUPONT ", "émilie", "0612345678");
  a.start("dupont", "EMILIE", "+33 6 12 34 56 78");
  CHECK(a.outbox(kEmilieMobile).size() == 2);
}

TEST_CASE("An unknown person gets the same answer and no SMS", "[activation]") {
  Activation a;
  const auto known = a.post("/api/v1/activation",
                            {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}});
  const auto unknown = a.post("/api/v1/activation",
                              {{"last_name", "DURAND"}, {"first_name", "Paul"}, {"phone", "06 99 88 77 66"}});
  REQUIRE(known);
  REQUIRE(unknown);
  CHECK(unknown->status == known->status);
  const json k = json::parse(known->body);
  const json u = json::parse(unknown->body);
  std::vector<std::string> known_keys, unknown_keys;
  for (const auto& [key, value] : k.items()) known_keys.push_back(key);
  for (const auto& [key, value] : u.items()) unknown_keys.push_back(key);
  CHECK(known_keys == unknown_keys);
  CHECK(u["phone_masked"] == "+33 6 ** ** ** 66");
  CHECK(a.outbox("+33699887766").empty());
  CHECK(a.count("SELECT count(*) FROM outbox") == 1);

  // Its code step fails like a wrong code.
  const auto res = a.post(a.step(u["flow"], "/sms"), {{"code", "123456"}});
  require_json_error(res, 400, "invalid_code");
  CHECK(json::parse(res->body)["error"]["remaining_attempts"] == 4);
}

TEST_CASE("Malformed names and phones are refused with the shared French reason", "[activation]") {
  Activation a;
  auto res = a.post("/api/v1/activation",
                    {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "02 31 00 00 00"}});
  require_json_error(res, 400, "phone_landline");
  CHECK(json::parse(res->body)["error"]["field"] == "phone");
  res = a.post("/api/v1/activation",
               {{"last_name", "DUP0NT"}, {"first_name", "Emilie"}, {"phone", "0612345678"}});
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(json::parse(res->body)["error"]["field"] == "last_name");
  res = a.post("/api/v1/activation", {{"last_name", "DUPONT"}, {"phone", "0612345678"}});
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(json::parse(res->body)["error"]["code"] == "missing_field");
  CHECK(json::parse(res->body)["error"]["field"] == "first_name");
  CHECK(a.count("SELECT count(*) FROM flows") == 0);
}

TEST_CASE("Five wrong codes lock the flow, and the right code no longer opens it", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const std::string right = a.latest_code();
  for (int remaining = 4; remaining >= 1; --remaining) {
    const auto res = a.post(a.step(flow, "/sms"), {{"code", wrong_code(right)}});
    require_json_error(res, 400, "invalid_code");
    CHECK(json::parse(res->body)["error"]["remaining_attempts"] == remaining);
  }
  require_json_error(a.post(a.step(flow, "/sms"), {{"code", wrong_code(right)}}), 410, "flow_locked");
  require_json_error(a.post(a.step(flow, "/sms"), {{"code", right}}), 410, "flow_locked");
  require_json_error(a.post(a.step(flow, "/sms/resend"), json::object()), 410, "flow_locked");
}

TEST_CASE("A code is refused once 30 minutes have passed", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const std::string code = a.latest_code();
  a.clock->advance(31min);
  require_json_error(a.post(a.step(flow, "/sms"), {{"code", code}}), 410, "flow_expired");
}

TEST_CASE("An unknown flow id answers like an expired flow", "[activation]") {
  Activation a;
  require_json_error(a.post(a.step("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/sms"), {{"code", "123456"}}), 410,
                     "flow_expired");
  require_json_error(a.post("/api/v1/activation/not%20an%20id/sms", {{"code", "123456"}}), 404, "not_found");
}

TEST_CASE("A code is single use", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  a.to_children(flow);
  require_json_error(a.post(a.step(flow, "/sms"), {{"code", a.latest_code()}}), 409,
                     "flow_step_out_of_order");
}

TEST_CASE("Resends: three, 60 s apart, each replacing the code; then the number's hourly cap",
          "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const std::string first_code = a.latest_code();

  a.clock->advance(10s);
  auto res = a.post(a.step(flow, "/sms/resend"), json::object());
  require_json_error(res, 429, "too_many_requests");
  CHECK(json::parse(res->body)["error"]["retry_after_seconds"] == 50);

  for (int resend = 1; resend <= 3; ++resend) {
    a.clock->advance(60s);
    res = a.post(a.step(flow, "/sms/resend"), json::object());
    REQUIRE(res);
    CHECK(res->status == 202);
  }
  CHECK(a.outbox(kEmilieMobile).size() == 4);
  a.clock->advance(60s);
  require_json_error(a.post(a.step(flow, "/sms/resend"), json::object()), 429, "too_many_requests");
  CHECK(a.outbox(kEmilieMobile).size() == 4);

  // Only the newest code opens the flow.
  const std::string newest = a.latest_code();
  if (newest != first_code) {
    require_json_error(a.post(a.step(flow, "/sms"), {{"code", first_code}}), 400, "invalid_code");
  }
  res = a.post(a.step(flow, "/sms"), {{"code", newest}});
  REQUIRE(res);
  CHECK(res->status == 200);

  // 4 SMS to this number this hour: one more start is allowed, the next is not,
  // whether or not the names match anybody.
  a.start("DUPONT", "Emilie", "06 12 34 56 78");
  res = a.post("/api/v1/activation", {{"last_name", "X"}, {"first_name", "Y"}, {"phone", "06 12 34 56 78"}});
  require_json_error(res, 429, "too_many_requests");
  CHECK(json::parse(res->body)["error"]["retry_after_seconds"].get<int>() > 0);
  CHECK(a.outbox(kEmilieMobile).size() == 5);
}

TEST_CASE("Children cannot be confirmed before the code", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  require_json_error(
      a.post(a.step(flow, "/children"),
             {{"children", {{{"id", "1"}, {"is_guardian", true}, {"birth_date", "2012-03-14"}}}}}),
      409, "flow_step_out_of_order");
  require_json_error(
      a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}}), 409,
      "flow_step_out_of_order");
}

TEST_CASE("Wrong birth dates: 2 then 1 try left, then the child is refused", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = a.to_children(flow);
  const std::string jeanne = id_of(offered, "Jeanne");
  const json wrong = {{"children", {{{"id", jeanne}, {"is_guardian", true}, {"birth_date", "2017-02-09"}}}}};
  for (int remaining = 2; remaining >= 0; --remaining) {
    const auto res = a.post(a.step(flow, "/children"), wrong);
    require_json_error(res, 400, "birth_date_mismatch");
    CHECK(json::parse(res->body)["error"]["children"] ==
          json{{{"id", jeanne}, {"remaining_attempts", remaining}}});
  }
  CHECK(a.count("SELECT count(*) FROM flow_children WHERE state = 'refused'") == 1);
  // Refused for good: the right date no longer confirms her.
  const json right = {{"children", {{{"id", jeanne}, {"is_guardian", true}, {"birth_date", "2017-09-02"}}}}};
  require_json_error(a.post(a.step(flow, "/children"), right), 400, "no_child_confirmed");

  // An id the flow did not offer is refused.
  auto res = a.post(a.step(flow, "/children"), {{"children", {{{"id", "999"}, {"is_guardian", false}}}}});
  require_json_error(res, 400, "invalid_field_value");
  CHECK(json::parse(res->body)["error"]["field"] == "children[0].id");

  // Albert alone goes on.
  res = a.post(a.step(flow, "/children"),
               {{"children",
                 {{{"id", id_of(offered, "Albert")}, {"is_guardian", true}, {"birth_date", "2012-03-14"}}}}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json confirmed = json::parse(res->body)["children"];
  REQUIRE(confirmed.size() == 1);
  CHECK(confirmed[0]["first_name"] == "Albert");
}

TEST_CASE("Declining one child and confirming the other is recorded", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = a.to_children(flow);
  const auto res =
      a.post(a.step(flow, "/children"),
             {{"children",
               {{{"id", id_of(offered, "Albert")}, {"is_guardian", false}},
                {{"id", id_of(offered, "Jeanne")}, {"is_guardian", true}, {"birth_date", "2017-09-02"}}}}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json confirmed = json::parse(res->body)["children"];
  REQUIRE(confirmed.size() == 1);
  CHECK(confirmed[0]["first_name"] == "Jeanne");
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'activation_child_declined' AND pupil_id = " +
                id_of(offered, "Albert")) == 1);

  const auto created =
      a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  CHECK(a.count("SELECT count(*) FROM account_children") == 1);
  CHECK(a.count("SELECT pupil_id FROM account_children") == std::stoll(id_of(offered, "Jeanne")));
}

TEST_CASE("Declining every child leaves nothing to confirm", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = a.to_children(flow);
  require_json_error(
      a.post(a.step(flow, "/children"), {{"children",
                                          {{{"id", id_of(offered, "Albert")}, {"is_guardian", false}},
                                           {{"id", id_of(offered, "Jeanne")}, {"is_guardian", false}}}}}),
      400, "no_child_confirmed");
  CHECK(a.count("SELECT count(*) FROM audit_log WHERE kind = 'activation_child_declined'") == 2);
}

TEST_CASE("The password step names the failing rules and refuses a mismatch", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const json offered = a.to_children(flow);
  REQUIRE(a.post(a.step(flow, "/children"), both_children(offered))->status == 200);

  auto res = a.post(a.step(flow, "/password"), {{"password", "ecole"}, {"confirmation", "ecole"}});
  REQUIRE(res);
  CHECK(res->status == 400);
  json error = json::parse(res->body)["error"];
  CHECK(error["code"] == "password_policy");
  CHECK(error["field"] == "password");
  CHECK(error["failed_rules"] == json{"uppercase", "digit", "special", "min_length"});
  CHECK(!error["message"].get<std::string>().empty());

  res = a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ?"}});
  require_json_error(res, 400, "password_mismatch");
  CHECK(a.count("SELECT count(*) FROM accounts WHERE profile = 'parent'") == 0);

  // The flow is still open: the right choice goes through.
  res = a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}});
  REQUIRE(res);
  CHECK(res->status == 201);
}

TEST_CASE("Two Dupont accounts get different identifiers", "[activation]") {
  Activation a;
  std::vector<std::string> identifiers;
  for (int i = 0; i < 2; ++i) {
    const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
    const json offered = a.to_children(flow);
    REQUIRE(a.post(a.step(flow, "/children"), both_children(offered))->status == 200);
    const auto res =
        a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}});
    REQUIRE(res);
    REQUIRE(res->status == 201);
    identifiers.push_back(json::parse(res->body)["identifier"]);
  }
  CHECK(identifiers[0] != identifiers[1]);
}

TEST_CASE("A flow expires 30 minutes after its last step", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  a.clock->advance(29min);
  const json offered = a.to_children(flow);  // a step: the 30 minutes start again
  a.clock->advance(29min);
  REQUIRE(a.post(a.step(flow, "/children"), both_children(offered))->status == 200);
  a.clock->advance(30min);
  require_json_error(
      a.post(a.step(flow, "/password"), {{"password", "Ecole2026μ!"}, {"confirmation", "Ecole2026μ!"}}), 410,
      "flow_expired");
}

TEST_CASE("Odd bodies at every step get a 4xx, never a 500", "[activation]") {
  Activation a;
  const std::string flow = a.start("DUPONT", "Emilie", "06 12 34 56 78");
  const std::vector<std::pair<std::string, json>> requests = {
      {"/api/v1/activation", json::array()},
      {"/api/v1/activation", {{"last_name", 1}, {"first_name", "Emilie"}, {"phone", "0612345678"}}},
      {"/api/v1/activation",
       {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", std::string(5000, '6')}}},
      {a.step(flow, "/sms"), {{"code", 123456}}},
      {a.step(flow, "/sms"), {{"code", std::string(10000, '1')}}},
      {a.step(flow, "/sms/resend"), json::array()},
      {a.step(flow, "/children"), {{"children", "all"}}},
      {a.step(flow, "/children"), {{"children", {{{"id", "1"}, {"is_guardian", true}}}}}},
      {a.step(flow, "/children"),
       {{"children", {{{"id", "1"}, {"is_guardian", true}, {"birth_date", "2012-02-30"}}}}}},
      {a.step(flow, "/password"), {{"password", "a\u0001"}, {"confirmation", "a"}}},
      {a.step(flow, "/password"), {{"password", std::string(1000, 'A')}, {"confirmation", "A"}}},
  };
  for (const auto& [path, body] : requests) {
    const auto res = a.post(path, body);
    REQUIRE(res);
    INFO(path << " " << body.dump().substr(0, 200) << " -> " << res->status << " "
              << res->body.substr(0, 200));
    CHECK(res->status >= 400);
    CHECK(res->status < 500);
  }
  // The code is still usable: none of that counted as a try, except the two wrong codes.
  const auto res = a.post(a.step(flow, "/sms"), {{"code", a.latest_code()}});
  REQUIRE(res);
  CHECK(res->status == 200);
}
