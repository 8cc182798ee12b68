#include "journeys.h"

#include <catch2/catch.hpp>
#include <regex>

#include "server/directory/demo.h"
#include "server/directory/import.h"

using nlohmann::json;

namespace sesame::testing {

SecurityConfig fast_security() {
  SecurityConfig security;
  security.password_hashing.memory_bytes = 8 * 1024 * 1024;
  security.password_hashing.iterations = 1;
  security.enumeration_answer_floor = std::chrono::milliseconds(0);  // enumeration_test.cpp checks it
  return security;
}

TestServerOptions options_with(const std::shared_ptr<ManualClock>& clock) {
  TestServerOptions options;
  options.dev = true;
  options.clock = clock;
  options.security = fast_security();
  return options;
}

TestServerOptions counting_options(const std::shared_ptr<ManualClock>& clock,
                                   const std::shared_ptr<std::atomic<int>>& hashes) {
  TestServerOptions options = options_with(clock);
  options.extra_routes = [hashes](http::Router&, Services& services) {
    services.password_hasher.set_slot_hooks_for_testing([hashes] { ++*hashes; }, {});
  };
  return options;
}

std::string id_of(const json& children, const std::string& first_name) {
  for (const json& child : children)
    if (child["first_name"] == first_name) return child["id"];
  FAIL("no child named " << first_name);
  return {};
}

json both_children(const json& offered) {
  return {{"children",
           {{{"id", id_of(offered, "Albert")}, {"is_guardian", true}, {"birth_date", "2012-03-14"}},
            {{"id", id_of(offered, "Jeanne")}, {"is_guardian", true}, {"birth_date", "2017-09-02"}}}}};
}

json every_member(const json& value) {
  json body;
  for (const char* name : {"last_name", "first_name", "phone", "dial_code", "code", "identifier", "password",
                           "confirmation", "current_password", "email", "children"})
    body[name] = value;
  return body;
}

namespace {

TestServerOptions with(TestServerOptions options, const SecurityConfig& security,
                       std::shared_ptr<const ent_services::Catalog> ent_services,
                       franceconnect::Config franceconnect) {
  options.security = security;
  options.ent_services = std::move(ent_services);
  options.franceconnect = std::move(franceconnect);
  return options;
}

}  // namespace

Journey::Journey(const SecurityConfig& security, std::shared_ptr<const ent_services::Catalog> ent_services,
                 franceconnect::Config franceconnect)
    : server{with(counting_options(clock, hashes), security, std::move(ent_services), std::move(franceconnect))} {
  auto connection = server.database().connection();
  directory::ImportOptions import;
  import.today = Date{2026, 9, 1};
  REQUIRE(directory::import_directory(*connection, directory::demo_files(), import).ok());
}

Journey::Journey() : Journey(fast_security()) {}

httplib::Result Journey::post(const std::string& path, const json& body) {
  return client.Post(path.c_str(), body.dump(), "application/json");
}

std::string Journey::start(const std::string& last, const std::string& first, const std::string& phone) {
  const auto res = post("/api/v1/activation", {{"last_name", last}, {"first_name", first}, {"phone", phone}});
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return json::parse(res->body)["flow"].get<std::string>();
}

json Journey::outbox(const std::string& recipient) {
  const auto res = client.Get("/api/v1/dev/outbox", httplib::Params{{"to", recipient}}, httplib::Headers{});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

std::string Journey::latest_code(const std::string& recipient) {
  const json messages = outbox(recipient);
  REQUIRE(!messages.empty());
  const std::string body = messages[0]["body"];
  std::smatch match;
  const std::regex six_digits("([0-9]{6})");
  REQUIRE(std::regex_search(body, match, six_digits));
  return match[1];
}

std::int64_t Journey::count(const std::string& sql) {
  return server.database().connection()->query_integer(sql);
}

json Journey::to_children(const std::string& flow) { return to_children_of(flow, kEmilieMobile); }

json Journey::to_children_of(const std::string& flow, const std::string& e164) {
  const auto res = post(step(flow, "/sms"), {{"code", latest_code(e164)}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body)["children"];
}


std::string Journey::create_account(const std::string& last, const std::string& first,
                                    const std::string& typed_phone, const std::string& e164,
                                    const std::function<json(const json&)>& answers, const std::string& password) {
  const std::string flow = start(last, first, typed_phone);
  const json offered = to_children_of(flow, e164);
  const auto confirmed = post(step(flow, "/children"), answers(offered));
  REQUIRE(confirmed);
  REQUIRE(confirmed->status == 200);
  const auto created = post(step(flow, "/password"), {{"password", password}, {"confirmation", password}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  return json::parse(created->body)["identifier"].get<std::string>();
}

std::string Journey::create_dupont_account(const std::string& password) {
  return create_account("DUPONT", "Emilie", "06 12 34 56 78", kEmilieMobile, both_children, password);
}

std::string Journey::create_martin_account(const std::string& password) {
  const auto lucas = [](const json& offered) {
    return json{
        {"children", {{{"id", id_of(offered, "Lucas")}, {"is_guardian", true}, {"birth_date", "2013-06-21"}}}}};
  };
  return create_account("Martin", "Paul", "06 23 45 67 89", kPaulMobile, lucas, password);
}

std::string Journey::sign_in_cookie(const std::string& identifier, const std::string& password) {
  const auto res = post("/api/v1/session", {{"identifier", identifier}, {"password", password}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  REQUIRE(set_cookie.starts_with("sesame_session="));
  return set_cookie.substr(0, set_cookie.find(';'));
}

httplib::Result Journey::post_as(const std::string& cookie, const std::string& path, const json& body) {
  return client.Post(path.c_str(), {{"Cookie", cookie}}, body.dump(), "application/json");
}

httplib::Result Journey::get_as(const std::string& cookie, const std::string& path) {
  return client.Get(path.c_str(), {{"Cookie", cookie}});
}

}  // namespace sesame::testing
