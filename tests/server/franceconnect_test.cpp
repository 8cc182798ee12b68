// FranceConnect's relying party over real HTTP: a provider of the test's own
// that signs whatever each case needs (bad signature, wrong audience, expired
// token…), then the demonstration provider sesame-fc-demo for the journeys.
// Every failure must end on the client's French page, with no session and no
// account made.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "journeys.h"
#include "server/franceconnect/answer_checks.h"
#include "server/franceconnect/demo_provider/provider.h"
#include "server/franceconnect/jose.h"

using namespace sesame;
using namespace sesame::testing;
using franceconnect::SigningKey;
using nlohmann::json;

namespace {

constexpr const char* kClientId = "sesame-test";
constexpr const char* kRedirectUri = "https://ent.exemple.fr/api/v1/franceconnect/callback";

std::int64_t unix_now(const Clock& clock) { return clock.unix_seconds(); }

// The query parameters of a URL.
httplib::Params query_of(const std::string& url) {
  httplib::Params params;
  const auto question = url.find('?');
  if (question != std::string::npos) httplib::detail::parse_query_text(url.substr(question + 1), params);
  return params;
}

std::string param(const httplib::Params& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

// "name=value" of the response's Set-Cookie for `name`, ready for a Cookie header.
std::string cookie_named(const httplib::Response& res, const std::string& name) {
  for (std::size_t i = 0; i < res.get_header_value_count("Set-Cookie"); ++i) {
    const std::string header = res.get_header_value("Set-Cookie", i);
    if (header.rfind(name + "=", 0) == 0) return header.substr(0, header.find(';'));
  }
  return {};
}

// An OpenID provider whose token endpoint signs what the test says.
struct FakeProvider {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::string issuer;
  SigningKey key = SigningKey::generate_es256("cle-1");
  // Called with the nonce of the login: the ID token's claims, and who signs them.
  std::function<std::string(const std::string& nonce)> id_token;
  std::function<std::string()> userinfo;
  int token_status = 200;
  std::string nonce;  // set by the test from the authorize URL
  bool announce_iss = false;  // RFC 9207 in the discovery document

  FakeProvider() {
    port = server.bind_to_any_port("127.0.0.1");
    issuer = "http://127.0.0.1:" + std::to_string(port) + "/fc";
    server.Get("/fc/.well-known/openid-configuration", [this](const httplib::Request&, httplib::Response& res) {
      json document{{"issuer", issuer},
                    {"authorization_endpoint", issuer + "/authorize"},
                    {"token_endpoint", issuer + "/token"},
                    {"userinfo_endpoint", issuer + "/userinfo"},
                    {"end_session_endpoint", issuer + "/session/end"},
                    {"jwks_uri", issuer + "/jwks"}};
      if (announce_iss) document["authorization_response_iss_parameter_supported"] = true;
      res.set_content(document.dump(), "application/json");
    });
    server.Get("/fc/jwks", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(json{{"keys", {key.public_jwk()}}}.dump(), "application/json");
    });
    server.Post("/fc/token", [this](const httplib::Request&, httplib::Response& res) {
      res.status = token_status;
      if (token_status != 200) return res.set_content(R"({"error":"invalid_grant"})", "application/json");
      res.set_content(json{{"access_token", "jeton-d-acces"}, {"token_type", "Bearer"}, {"id_token", id_token(nonce)}}
                          .dump(),
                      "application/json");
    });
    server.Get("/fc/userinfo", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(userinfo(), "application/jwt");
    });
    thread = std::thread([this] { server.listen_after_bind(); });
    REQUIRE(eventually([this] { return server.is_running(); }));
  }
  ~FakeProvider() {
    server.stop();
    thread.join();
  }

  franceconnect::Config config() const {
    franceconnect::Config config;
    config.issuer = issuer;
    config.client_id = kClientId;
    config.client_secret = "secret";
    config.redirect_uri = kRedirectUri;
    return config;
  }

  // Good answers about Emilie DUPONT at `clock`'s time, the ID token's claims first passed to `change`.
  void answer_as_emilie(const Clock& clock, std::function<void(json&)> change = [](json&) {});
};

json good_claims(const Clock& clock, const std::string& issuer, const std::string& nonce) {
  const std::int64_t now = unix_now(clock);
  return {{"iss", issuer}, {"sub", std::string(64, 'a')}, {"aud", kClientId}, {"exp", now + 60},
          {"iat", now},    {"nonce", nonce},              {"acr", "eidas1"}};
}

void FakeProvider::answer_as_emilie(const Clock& clock, std::function<void(json&)> change) {
  id_token = [this, &clock, change](const std::string& login_nonce) {
    json claims = good_claims(clock, issuer, login_nonce);
    change(claims);
    return key.sign(claims);
  };
  userinfo = [this] {
    return key.sign({{"iss", issuer}, {"aud", kClientId}, {"sub", std::string(64, 'a')},
                     {"given_name", "Emilie"}, {"family_name", "DUPONT"}});
  };
}

// authorize, then the callback with `code`, as the browser would: answers the callback's response.
struct Login {
  std::string state;
  std::string cookie;
};

Login begin_login(Journey& journey, FakeProvider& provider, const std::string& acr_values = "eidas1") {
  const auto res = journey.client.Get("/api/v1/franceconnect/authorize");
  REQUIRE(res);
  REQUIRE(res->status == 302);
  const httplib::Params params = query_of(res->get_header_value("Location"));
  CHECK(res->get_header_value("Location").rfind(provider.issuer + "/authorize?", 0) == 0);
  CHECK(param(params, "state").size() >= 32);
  CHECK(param(params, "nonce").size() >= 32);
  CHECK(param(params, "acr_values") == acr_values);
  CHECK(param(params, "scope") == "openid given_name family_name birthdate email");
  CHECK(param(params, "redirect_uri") == kRedirectUri);
  provider.nonce = param(params, "nonce");
  const std::string cookie = cookie_named(*res, "sesame_fc_login");
  CHECK(cookie.size() > std::string("sesame_fc_login=").size());
  CHECK(res->get_header_value("Set-Cookie").find("SameSite=Lax") != std::string::npos);
  return {param(params, "state"), cookie};
}

httplib::Result callback(Journey& journey, const std::string& query, const std::string& cookie) {
  httplib::Headers headers;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  return journey.client.Get(("/api/v1/franceconnect/callback?" + query).c_str(), headers);
}

}  // namespace

TEST_CASE("FranceConnect: a verified identity unknown here waits for \"Rattacher des élèves\"", "[franceconnect]") {
  FakeProvider provider;
  Journey journey(fast_security(), nullptr, provider.config());
  provider.answer_as_emilie(*journey.clock);
  const Login login = begin_login(journey, provider);
  const auto res = callback(journey, "code=un-code&state=" + login.state, login.cookie);
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/#/franceconnect/rattacher");
  const std::string identity = cookie_named(*res, "sesame_fc_identity");
  REQUIRE_FALSE(identity.empty());
  CHECK(cookie_named(*res, "sesame_session").empty());

  const auto pending = journey.client.Get("/api/v1/franceconnect/pending", {{"Cookie", identity}});
  REQUIRE(pending);
  CHECK(pending->status == 200);
  CHECK(json::parse(pending->body) == json{{"given_name", "Emilie"}, {"family_name", "DUPONT"}});

  // The same callback again: the state is spent.
  const auto replayed = callback(journey, "code=un-code&state=" + login.state, login.cookie);
  REQUIRE(replayed);
  CHECK(replayed->get_header_value("Location") == "/#/franceconnect/echec/franceconnect_state_mismatch");
}

TEST_CASE("FranceConnect: every bad answer of the provider ends on a French failure, nothing made",
          "[franceconnect]") {
  FakeProvider provider;
  Journey journey(fast_security(), nullptr, provider.config());
  const SigningKey stranger = SigningKey::generate_es256("cle-1");  // the provider's kid, not its key
  const std::string sub(64, 'a');
  auto signed_by = [&](const SigningKey& key, std::function<void(json&)> change) {
    return [&provider, &journey, &key, change](const std::string& nonce) {
      json claims = good_claims(*journey.clock, provider.issuer, nonce);
      change(claims);
      return key.sign(claims);
    };
  };
  provider.userinfo = [&] {
    return provider.key.sign({{"iss", provider.issuer}, {"aud", kClientId}, {"sub", sub}, {"given_name", "Emilie"},
                              {"family_name", "DUPONT"}});
  };

  struct Case {
    const char* what;
    std::function<void()> arrange;
    const char* expected;
  };
  const auto unchanged = [](json&) {};
  const Case cases[] = {
      {"a signature by another key", [&] { provider.id_token = signed_by(stranger, unchanged); },
       "franceconnect_invalid_token"},
      {"another audience",
       [&] { provider.id_token = signed_by(provider.key, [](json& c) { c["aud"] = "un-autre-site"; }); },
       "franceconnect_invalid_token"},
      {"an expired token",
       [&] {
         provider.id_token = signed_by(provider.key, [&](json& c) { c["exp"] = unix_now(*journey.clock) - 3600; });
       },
       "franceconnect_invalid_token"},
      {"another nonce",
       [&] { provider.id_token = signed_by(provider.key, [](json& c) { c["nonce"] = std::string(32, 'n'); }); },
       "franceconnect_invalid_token"},
      {"another issuer",
       [&] { provider.id_token = signed_by(provider.key, [](json& c) { c["iss"] = "https://ailleurs.example"; }); },
       "franceconnect_invalid_token"},
      {"a lower level of assurance",
       [&] { provider.id_token = signed_by(provider.key, [](json& c) { c["acr"] = "eidas0"; }); },
       "franceconnect_invalid_token"},
      {"an unsigned token (alg none)",
       [&] {
         provider.id_token = [&](const std::string& nonce) {
           const json claims = good_claims(*journey.clock, provider.issuer, nonce);
           return franceconnect::base64url_encode(R"({"alg":"none"})") + "." +
                  franceconnect::base64url_encode(claims.dump()) + ".";
         };
       },
       "franceconnect_invalid_token"},
      {"userinfo about someone else",
       [&] {
         provider.id_token = signed_by(provider.key, unchanged);
         provider.userinfo = [&] {
           return provider.key.sign({{"iss", provider.issuer}, {"aud", kClientId}, {"sub", std::string(64, 'b')}});
         };
       },
       "franceconnect_invalid_token"},
      {"a code the provider refuses (replayed)",
       [&] {
         provider.id_token = signed_by(provider.key, unchanged);
         provider.token_status = 400;
       },
       "franceconnect_invalid_answer"},
      {"a provider failing", [&] { provider.token_status = 503; }, "franceconnect_unavailable"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    c.arrange();
    const Login login = begin_login(journey, provider);
    const auto res = callback(journey, "code=un-code&state=" + login.state, login.cookie);
    REQUIRE(res);
    CHECK(res->status == 302);
    CHECK(res->get_header_value("Location") == std::string("/#/franceconnect/echec/") + c.expected);
    CHECK(cookie_named(*res, "sesame_session").empty());
    CHECK(cookie_named(*res, "sesame_fc_identity").empty());
  }
  CHECK(journey.count("SELECT COUNT(*) FROM accounts WHERE profile = 'parent'") == 0);
  CHECK(journey.count("SELECT COUNT(*) FROM sessions") == 0);
  CHECK(journey.count("SELECT COUNT(*) FROM flows WHERE kind = 'franceconnect_attach' AND state = 'pending'") == 0);
}

TEST_CASE("FranceConnect: an acr meets the level asked when it is that level or a higher eIDAS one",
          "[franceconnect]") {
  struct Case {
    const char* asked;
    const char* given;
    bool met;
  };
  const Case cases[] = {
      {"eidas1", "eidas1", true},
      {"eidas1", "eidas2", true},
      {"eidas1", "eidas3", true},
      {"eidas2", "eidas2", true},
      {"eidas2", "eidas3", true},
      {"eidas3", "eidas3", true},
      {"eidas2", "eidas1", false},
      {"eidas3", "eidas2", false},
      {"eidas3", "eidas1", false},
      // What is not an eIDAS level is refused, however close it looks.
      {"eidas1", "", false},
      {"eidas1", "eidas0", false},
      {"eidas1", "eidas4", false},
      {"eidas1", "EIDAS2", false},
      {"eidas1", "eidas2 ", false},
      {"eidas1", "eidas1 eidas2", false},
      {"eidas1", "loa-high", false},
      // A configured value that is not an eIDAS level is met by itself only, as before.
      {"autre-niveau", "autre-niveau", true},
      {"autre-niveau", "eidas3", false},
  };
  for (const Case& c : cases) {
    INFO(c.asked << " asked, \"" << c.given << "\" given");
    CHECK(franceconnect::acr_satisfies(c.asked, c.given) == c.met);
  }
}

TEST_CASE("FranceConnect: an ID token of a higher eIDAS level than asked signs in, a lower one does not",
          "[franceconnect]") {
  FakeProvider provider;
  // The callback's landing for an ID token at `level`, with `asked` configured.
  const auto landing = [&](Journey& journey, const std::string& asked, const std::string& level) {
    INFO(asked << " asked, " << level << " given");
    provider.answer_as_emilie(*journey.clock, [level](json& claims) { claims["acr"] = level; });
    const Login login = begin_login(journey, provider, asked);
    const auto res = callback(journey, "code=un-code&state=" + login.state, login.cookie);
    REQUIRE(res);
    return res->get_header_value("Location");
  };

  Journey low(fast_security(), nullptr, provider.config());  // acr_values=eidas1, the default
  CHECK(landing(low, "eidas1", "eidas2") == "/#/franceconnect/rattacher");
  CHECK(landing(low, "eidas1", "eidas3") == "/#/franceconnect/rattacher");
  CHECK(landing(low, "eidas1", "eidas0") == "/#/franceconnect/echec/franceconnect_invalid_token");
  CHECK(landing(low, "eidas1", "") == "/#/franceconnect/echec/franceconnect_invalid_token");

  franceconnect::Config substantial_config = provider.config();
  substantial_config.acr_values = "eidas2";
  Journey substantial(fast_security(), nullptr, substantial_config);
  CHECK(landing(substantial, "eidas2", "eidas3") == "/#/franceconnect/rattacher");
  CHECK(landing(substantial, "eidas2", "eidas2") == "/#/franceconnect/rattacher");
  CHECK(landing(substantial, "eidas2", "eidas1") == "/#/franceconnect/echec/franceconnect_invalid_token");
  CHECK(landing(substantial, "eidas2", "substantial") == "/#/franceconnect/echec/franceconnect_invalid_token");
  CHECK(substantial.count("SELECT COUNT(*) FROM flows WHERE kind = 'franceconnect_attach' AND state = 'pending'") ==
        2);
  CHECK(substantial.count("SELECT COUNT(*) FROM sessions") == 0);
}

TEST_CASE("FranceConnect: the callback's iss is required when announced, and must be the issuer when sent",
          "[franceconnect]") {
  using franceconnect::callback_issuer_ok;
  const std::string issuer = "https://fc.exemple.gouv.fr/api/v2";
  CHECK(callback_issuer_ok(true, issuer, issuer));
  CHECK_FALSE(callback_issuer_ok(true, issuer, std::nullopt));
  CHECK_FALSE(callback_issuer_ok(true, issuer, ""));
  CHECK_FALSE(callback_issuer_ok(true, issuer, issuer + "/"));
  CHECK_FALSE(callback_issuer_ok(true, issuer, "https://ailleurs.exemple/api/v2"));
  // Not announced: may be left out, but one sent must still be the issuer (RFC 9207, 2.4).
  CHECK(callback_issuer_ok(false, issuer, std::nullopt));
  CHECK(callback_issuer_ok(false, issuer, issuer));
  CHECK_FALSE(callback_issuer_ok(false, issuer, ""));
  CHECK_FALSE(callback_issuer_ok(false, issuer, "https://ailleurs.exemple/api/v2"));
}

TEST_CASE("FranceConnect: a callback without the provider's iss ends on a French failure (RFC 9207)",
          "[franceconnect]") {
  const bool announced = GENERATE(true, false);
  INFO("authorization_response_iss_parameter_supported announced: " << announced);
  FakeProvider provider;
  provider.announce_iss = announced;
  Journey journey(fast_security(), nullptr, provider.config());
  provider.answer_as_emilie(*journey.clock);
  // The callback's landing for a fresh login, `rest` after its state in the query.
  const auto landing = [&](const std::string& rest) {
    INFO(rest);
    const Login login = begin_login(journey, provider);
    const auto res = callback(journey, "state=" + login.state + rest, login.cookie);
    REQUIRE(res);
    CHECK(cookie_named(*res, "sesame_session").empty());
    return res->get_header_value("Location");
  };
  const auto iss = [](const std::string& value) { return "&iss=" + httplib::detail::encode_query_param(value); };
  const std::string refused = "/#/franceconnect/echec/franceconnect_invalid_answer";

  // Another provider's answer, or an empty iss: refused, for a code or an error alike.
  CHECK(landing("&code=un-code" + iss("https://ailleurs.exemple/fc")) == refused);
  CHECK(landing("&code=un-code" + iss(provider.issuer + "/")) == refused);
  CHECK(landing("&code=un-code&iss=") == refused);
  CHECK(landing("&error=access_denied" + iss("https://ailleurs.exemple/fc")) == refused);
  // Without iss: refused only when the provider announces that it sends it.
  CHECK(landing("&code=un-code") == (announced ? refused : "/#/franceconnect/rattacher"));
  CHECK(landing("&error=access_denied") == (announced ? refused : "/#/franceconnect/echec/franceconnect_denied"));
  // The provider's own iss: the answer goes on.
  CHECK(landing("&error=access_denied" + iss(provider.issuer)) == "/#/franceconnect/echec/franceconnect_denied");
  CHECK(landing("&code=un-code" + iss(provider.issuer)) == "/#/franceconnect/rattacher");

  CHECK(journey.count("SELECT COUNT(*) FROM flows WHERE kind = 'franceconnect_attach' AND state = 'pending'") ==
        (announced ? 1 : 2));
  CHECK(journey.count("SELECT COUNT(*) FROM sessions") == 0);
}

TEST_CASE("FranceConnect: a forged state, a missing browser binding, the provider's refusal", "[franceconnect]") {
  FakeProvider provider;
  Journey journey(fast_security(), nullptr, provider.config());
  provider.id_token = [&](const std::string& nonce) {
    return provider.key.sign(good_claims(*journey.clock, provider.issuer, nonce));
  };
  const Login login = begin_login(journey, provider);
  const auto location = [](const httplib::Result& res) { return res ? res->get_header_value("Location") : ""; };
  CHECK(location(callback(journey, "code=c&state=" + std::string(32, 'x'), login.cookie)) ==
        "/#/franceconnect/echec/franceconnect_state_mismatch");
  // Another browser with the right state but not the cookie: a login CSRF.
  const Login other = begin_login(journey, provider);
  CHECK(location(callback(journey, "code=c&state=" + other.state, "")) ==
        "/#/franceconnect/echec/franceconnect_state_mismatch");
  const Login third = begin_login(journey, provider);
  CHECK(location(callback(journey, "error=access_denied&state=" + third.state, third.cookie)) ==
        "/#/franceconnect/echec/franceconnect_denied");
  CHECK(journey.count("SELECT COUNT(*) FROM accounts WHERE profile = 'parent'") == 0);
}

TEST_CASE("FranceConnect: a provider that cannot be reached", "[franceconnect]") {
  franceconnect::Config config;
  {
    httplib::Server closed;  // a port nobody listens on once this server is gone
    config.issuer = "http://127.0.0.1:" + std::to_string(closed.bind_to_any_port("127.0.0.1")) + "/fc";
  }
  config.client_id = kClientId;
  config.client_secret = "secret";
  config.http_timeout = std::chrono::seconds(2);
  Journey journey(fast_security(), nullptr, config);
  const auto res = journey.client.Get("/api/v1/franceconnect/authorize");
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/#/franceconnect/echec/franceconnect_unavailable");
  // The client is told FranceConnect is on: the button shows.
  CHECK(json::parse(journey.client.Get("/api/v1/config")->body)["franceconnect"] == true);
}

TEST_CASE("FranceConnect is off without its configuration", "[franceconnect]") {
  Journey journey;
  CHECK(journey.client.Get("/api/v1/franceconnect/authorize")->status == 404);
  CHECK(json::parse(journey.client.Get("/api/v1/config")->body)["franceconnect"] == false);
}

// --- Méthode A with the demonstration provider ---------------------------------

namespace {

// The demonstration provider and a server configured for it. Both clocks start
// at ManualClock's school morning, so the tokens' times agree.
struct DemoJourney {
  franceconnect::demo::Provider provider;
  std::unique_ptr<Journey> server_journey;

  static franceconnect::demo::ProviderConfig provider_config(std::string_view alg) {
    franceconnect::demo::ProviderConfig config;
    config.port = 0;
    config.client_id = kClientId;
    config.client_secret = "secret";
    config.redirect_uris = {kRedirectUri};
    config.post_logout_redirect_uris = {"https://ent.exemple.fr/"};
    config.identities = franceconnect::demo::load_identities(franceconnect::demo::shipped_identities_file());
    config.clock = std::make_shared<ManualClock>();
    config.key = franceconnect::demo::generate_key(alg);
    return config;
  }

  explicit DemoJourney(std::string_view alg = "ES256") : provider(provider_config(alg)) {
    provider.start();
    franceconnect::Config config;
    config.issuer = provider.issuer();
    config.client_id = kClientId;
    config.client_secret = "secret";
    config.redirect_uri = kRedirectUri;
    config.post_logout_redirect_uri = "https://ent.exemple.fr/";
    server_journey = std::make_unique<Journey>(fast_security(), nullptr, config);
  }
  ~DemoJourney() { provider.stop(); }

  Journey& journey() { return *server_journey; }

  // authorize at the server, the provider's page, `identity` picked: answers the server's callback.
  httplib::Result sign_in_as(const std::string& identity) {
    const auto authorize = journey().client.Get("/api/v1/franceconnect/authorize");
    REQUIRE(authorize);
    REQUIRE(authorize->status == 302);
    return at_provider(authorize->get_header_value("Location"), cookie_named(*authorize, "sesame_fc_login"),
                       identity);
  }

  // The provider's page at `to_provider`, `identity` picked: answers the server's callback.
  httplib::Result at_provider(const std::string& to_provider, const std::string& cookie, const std::string& identity) {
    httplib::Client browser("127.0.0.1", provider.port());
    const auto page = browser.Get(to_provider.substr(to_provider.find("/api/")).c_str());
    REQUIRE(page);
    REQUIRE(page->status == 200);
    const std::string marker = "name=\"authorization\" value=\"";
    const auto at = page->body.find(marker);
    REQUIRE(at != std::string::npos);
    const std::string authorization =
        page->body.substr(at + marker.size(), page->body.find('"', at + marker.size()) - at - marker.size());
    const auto chosen = browser.Post((provider.issuer().substr(provider.issuer().find("/api/")) + "/authorize/choose").c_str(),
                                     "authorization=" + authorization + "&identity=" + identity,
                                     "application/x-www-form-urlencoded");
    REQUIRE(chosen);
    REQUIRE(chosen->status == 302);
    const std::string back = chosen->get_header_value("Location");
    REQUIRE(back.rfind(kRedirectUri, 0) == 0);
    return callback(journey(), back.substr(back.find('?') + 1), cookie);
  }
};

}  // namespace

TEST_CASE("Méthode A with sesame-fc-demo: Emilie DUPONT attaches her children, then signs in at once, then logs out",
          "[franceconnect]") {
  DemoJourney demo;
  Journey& journey = demo.journey();

  const auto first = demo.sign_in_as("emilie-dupont");
  REQUIRE(first);
  REQUIRE(first->get_header_value("Location") == "/#/franceconnect/rattacher");
  const std::string identity = cookie_named(*first, "sesame_fc_identity");
  const httplib::Headers with_identity = {{"Cookie", identity}};

  // "Rattacher des élèves": the mobile known to the school, then the activation's steps.
  const auto attach = journey.client.Post("/api/v1/franceconnect/attach", with_identity,
                                          R"({"phone":"06 12 34 56 78"})", "application/json");
  REQUIRE(attach);
  REQUIRE(attach->status == 201);
  const std::string flow = json::parse(attach->body)["flow"];
  const auto offered = journey.post(journey.step(flow, "/sms"), {{"code", journey.latest_code()}});
  REQUIRE(offered->status == 200);
  const auto children = journey.post(journey.step(flow, "/children"), both_children(json::parse(offered->body)["children"]));
  REQUIRE(children);
  CHECK(children->status == 201);  // no password step: the account exists, signed in
  const std::string session = cookie_named(*children, "sesame_session");
  REQUIRE_FALSE(session.empty());
  const auto me = journey.client.Get("/api/v1/me", {{"Cookie", session}});
  REQUIRE(me->status == 200);
  const json account = json::parse(me->body);
  CHECK(account["franceconnect"] == true);
  CHECK(account["children"].size() == 2);
  CHECK(journey.count("SELECT COUNT(*) FROM accounts WHERE password_hash IS NULL AND franceconnect_sub IS NOT NULL") ==
        1);
  // Its password step cannot be taken afterwards.
  CHECK(journey.post(journey.step(flow, "/password"), {{"password", kEmiliePassword}, {"confirmation", kEmiliePassword}})
            ->status == 410);

  // The second time, straight to "Mon compte".
  const auto second = demo.sign_in_as("emilie-dupont");
  REQUIRE(second);
  CHECK(second->get_header_value("Location") == "/#/compte");
  const std::string again = cookie_named(*second, "sesame_session");
  REQUIRE_FALSE(again.empty());
  CHECK(journey.client.Get("/api/v1/me", {{"Cookie", again}})->status == 200);

  // Logout through the provider: the local session is gone, the provider's end-session is next.
  const auto logout = journey.client.Get("/api/v1/franceconnect/logout", {{"Cookie", again}});
  REQUIRE(logout);
  CHECK(logout->status == 302);
  const std::string end = logout->get_header_value("Location");
  CHECK(end.rfind(demo.provider.issuer() + "/session/end?", 0) == 0);
  const httplib::Params params = query_of(end);
  CHECK_FALSE(param(params, "id_token_hint").empty());
  CHECK(param(params, "post_logout_redirect_uri") == "https://ent.exemple.fr/");
  CHECK(journey.client.Get("/api/v1/me", {{"Cookie", again}})->status == 401);
  httplib::Client browser("127.0.0.1", demo.provider.port());
  const auto ended = browser.Get(end.substr(end.find("/api/")).c_str());
  REQUIRE(ended);
  CHECK(ended->status == 302);
  CHECK(ended->get_header_value("Location").rfind("https://ent.exemple.fr/?state=", 0) == 0);
}

TEST_CASE("Méthode A with a provider signing in RS256", "[franceconnect]") {
  DemoJourney demo("RS256");
  const auto back = demo.sign_in_as("emilie-dupont");
  REQUIRE(back);
  CHECK(back->get_header_value("Location") == "/#/franceconnect/rattacher");
  const auto pending = demo.journey().client.Get("/api/v1/franceconnect/pending",
                                                 {{"Cookie", cookie_named(*back, "sesame_fc_identity")}});
  REQUIRE(pending);
  CHECK(pending->status == 200);
  CHECK(json::parse(pending->body)["family_name"] == "DUPONT");
}

TEST_CASE("Méthode A: someone the schools do not know gets no child and no account", "[franceconnect]") {
  DemoJourney demo;
  const auto back = demo.sign_in_as("jean-inconnu");
  REQUIRE(back);
  REQUIRE(back->get_header_value("Location") == "/#/franceconnect/rattacher");
  const auto attach = demo.journey().client.Post("/api/v1/franceconnect/attach",
                                               {{"Cookie", cookie_named(*back, "sesame_fc_identity")}},
                                               R"({"phone":"06 12 34 56 78"})", "application/json");
  REQUIRE(attach);
  CHECK(attach->status == 201);  // the same answer for anyone: no SMS goes out
  CHECK(demo.journey().outbox(kEmilieMobile).empty());
  // Without the identity cookie, nothing to attach to.
  const auto orphan = demo.journey().client.Post("/api/v1/franceconnect/attach", R"({"phone":"06 12 34 56 78"})",
                                               "application/json");
  REQUIRE(orphan);
  CHECK(orphan->status == 410);
}

TEST_CASE("Mon compte: a password account links FranceConnect, which then signs in to it", "[franceconnect]") {
  DemoJourney demo;
  Journey& journey = demo.journey();
  const std::string identifier = journey.create_dupont_account();
  const std::string session = journey.sign_in_cookie(identifier, kEmiliePassword);
  const std::string path = "/api/v1/me/franceconnect";

  // Without a session, or with a wrong password: nothing begins.
  CHECK(journey.post(path, {{"password", kEmiliePassword}})->status == 401);
  const auto wrong = journey.post_as(session, path, {{"password", "PasLeBon2026!"}});
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK(json::parse(wrong->body)["error"]["code"] == "invalid_current_password");
  CHECK(json::parse(wrong->body)["error"]["field"] == "password");
  CHECK(journey.count("SELECT COUNT(*) FROM flows WHERE kind = 'franceconnect_attach'") == 0);
  CHECK(journey.post_as(session, path, json::object())->status == 400);

  // The password proved: the provider's authorize URL and the browser binding.
  const auto begun = journey.post_as(session, path, {{"password", kEmiliePassword}});
  REQUIRE(begun);
  REQUIRE(begun->status == 200);
  const std::string authorize_url = json::parse(begun->body)["authorize_url"];
  CHECK(authorize_url.rfind(demo.provider.issuer() + "/authorize?", 0) == 0);
  CHECK(param(query_of(authorize_url), "acr_values") == "eidas1");
  const std::string binding = cookie_named(*begun, "sesame_fc_login");
  REQUIRE_FALSE(binding.empty());

  // Back from the provider: linked, the session of "Mon compte" goes on.
  const auto back = demo.at_provider(authorize_url, binding, "emilie-dupont");
  REQUIRE(back);
  CHECK(back->get_header_value("Location") == "/#/compte/franceconnect/activee");
  CHECK(cookie_named(*back, "sesame_session").empty());
  const auto me = journey.get_as(session, "/api/v1/me");
  REQUIRE(me->status == 200);
  CHECK(json::parse(me->body)["franceconnect"] == true);
  CHECK(journey.count("SELECT COUNT(*) FROM audit_log WHERE kind = 'franceconnect_linked'") == 1);

  // Once linked: a second link is refused, and FranceConnect opens this very account.
  const auto again = journey.post_as(session, path, {{"password", kEmiliePassword}});
  REQUIRE(again);
  CHECK(again->status == 409);
  CHECK(json::parse(again->body)["error"]["code"] == "franceconnect_already_active");
  const auto signed_in = demo.sign_in_as("emilie-dupont");
  REQUIRE(signed_in);
  CHECK(signed_in->get_header_value("Location") == "/#/compte");
  const auto by_fc = journey.client.Get("/api/v1/me", {{"Cookie", cookie_named(*signed_in, "sesame_session")}});
  REQUIRE(by_fc->status == 200);
  CHECK(json::parse(by_fc->body)["identifier"] == identifier);
  // The password still works too.
  CHECK_FALSE(journey.sign_in_cookie(identifier, kEmiliePassword).empty());

  // Another parent cannot take Emilie's identity for an account of theirs.
  const std::string martin = journey.create_martin_account();
  const std::string paul = journey.sign_in_cookie(martin, kPaulPassword);
  const auto paul_begun = journey.post_as(paul, path, {{"password", kPaulPassword}});
  REQUIRE(paul_begun->status == 200);
  const auto stolen = demo.at_provider(json::parse(paul_begun->body)["authorize_url"],
                                       cookie_named(*paul_begun, "sesame_fc_login"), "emilie-dupont");
  REQUIRE(stolen);
  CHECK(stolen->get_header_value("Location") == "/#/franceconnect/echec/franceconnect_already_linked");
  CHECK(json::parse(journey.get_as(paul, "/api/v1/me")->body)["franceconnect"] == false);
  CHECK(journey.count("SELECT COUNT(*) FROM accounts WHERE franceconnect_sub IS NOT NULL") == 1);
}
