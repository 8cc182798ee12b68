// sesame-fc-demo, the FranceConnect look-alike, run in-process on 127.0.0.1
// and driven like a relying party would: discovery, the identity page, the
// code, the token, userinfo, logout, and every request it must refuse.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "server/config/clock.h"
#include "server/franceconnect/demo_provider/provider.h"
#include "server/franceconnect/jose.h"
#include "support.h"

using nlohmann::json;
using namespace sesame::franceconnect;

namespace {

constexpr const char* kRedirect = "http://127.0.0.1:8080/api/v1/franceconnect/callback";
constexpr const char* kAfterLogout = "http://127.0.0.1:8080/";
const std::string kState = "state-0123456789abcdef0123456789abcdef";
const std::string kNonce = "nonce-0123456789abcdef0123456789abcdef";

std::string query_of(const httplib::Params& params) {
  std::string query;
  for (const auto& [name, value] : params)
    query += (query.empty() ? "" : "&") + name + "=" + httplib::detail::encode_query_param(value);
  return query;
}

// The parameters of a Location's query, decoded.
httplib::Params query_params(const std::string& location) {
  httplib::Params params;
  const std::size_t mark = location.find('?');
  if (mark != std::string::npos) httplib::detail::parse_query_text(location.substr(mark + 1), params);
  return params;
}

std::string param(const httplib::Params& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

struct DemoProvider {
  std::shared_ptr<sesame::ManualClock> clock;
  std::unique_ptr<demo::Provider> provider;
  std::unique_ptr<httplib::Client> client;

  explicit DemoProvider(demo::ProviderConfig config = {}) {
    config.host = "127.0.0.1";
    config.port = 0;
    if (config.identities.empty()) config.identities = demo::load_identities(demo::shipped_identities_file());
    clock = std::make_shared<sesame::ManualClock>(std::chrono::system_clock::now());
    if (!config.clock) config.clock = clock;
    provider = std::make_unique<demo::Provider>(std::move(config));
    provider->start();
    client = std::make_unique<httplib::Client>("127.0.0.1", provider->port());
  }

  httplib::Params authorize_params() const {
    return {{"response_type", "code"},   {"client_id", "sesame-demo"},
            {"redirect_uri", kRedirect}, {"scope", "openid given_name family_name birthdate email"},
            {"state", kState},           {"nonce", kNonce},
            {"acr_values", "eidas1"}};
  }

  httplib::Result authorize(const httplib::Params& params) {
    return client->Get("/api/v2/authorize?" + query_of(params));
  }

  // The server-side id the identity page's forms carry.
  std::string authorization_id(const httplib::Params& params) {
    const auto res = authorize(params);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::smatch match;
    REQUIRE(std::regex_search(res->body, match, std::regex("name=\"authorization\" value=\"([^\"]+)\"")));
    return match[1];
  }

  httplib::Result choose(const std::string& authorization, const std::string& identity) {
    return client->Post("/api/v2/authorize/choose",
                        httplib::Params{{"authorization", authorization}, {"identity", identity}});
  }

  // Signs in as `identity` and returns the code the callback receives.
  std::string code_for(const std::string& identity = "emilie-dupont") {
    const auto res = choose(authorization_id(authorize_params()), identity);
    REQUIRE(res);
    REQUIRE(res->status == 302);
    const auto params = query_params(res->get_header_value("Location"));
    REQUIRE(param(params, "state") == kState);
    return param(params, "code");
  }

  httplib::Result token(const std::string& code, const std::string& secret = "sesame-demo-secret") {
    return client->Post("/api/v2/token", httplib::Params{{"grant_type", "authorization_code"},
                                                         {"code", code},
                                                         {"redirect_uri", kRedirect},
                                                         {"client_id", "sesame-demo"},
                                                         {"client_secret", secret}});
  }

  httplib::Result userinfo(const std::string& access_token) {
    return client->Get("/api/v2/userinfo", httplib::Headers{{"Authorization", "Bearer " + access_token}});
  }

  std::vector<PublicKey> keys() {
    const auto res = client->Get("/api/v2/jwks");
    REQUIRE(res);
    return parse_jwks(json::parse(res->body));
  }

  // The claims of a token after its signature is checked against the provider's JWKS.
  json verified_claims(const std::string& token) {
    const auto jws = parse_jws(token);
    REQUIRE(jws);
    REQUIRE(verify_jws(*jws, keys()) == JwsCheck::Valid);
    return jws->payload;
  }
};

void require_oauth_error(const httplib::Result& res, int status, const char* error) {
  REQUIRE(res);
  CHECK(res->status == status);
  const json body = json::parse(res->body, nullptr, false);
  CHECK(body.value("error", "") == error);
  CHECK_FALSE(body.value("error_description", "").empty());
}

}  // namespace

TEST_CASE("the shipped identities are the guide's parents, named as the civil registry does", "[fc-demo]") {
  const auto identities = demo::load_identities(demo::shipped_identities_file());
  REQUIRE(identities.size() >= 4);
  const auto find = [&](const char* family) -> const demo::Identity& {
    for (const auto& identity : identities)
      if (identity.family_name == family) return identity;
    FAIL("no " << family);
    return identities.front();
  };
  CHECK(find("DUPONT").given_name == "Emilie");
  CHECK(find("DUPONT").birthdate == "1984-05-12");
  CHECK(find("DUPONT").email == "emilie.dupont@exemple.fr");
  CHECK(find("MARTIN").given_name == "Paul");
  CHECK(find("D’ANGELO").given_name == "Zoé");
  CHECK(find("INCONNU").given_name == "Jean");

  CHECK_THROWS_AS(demo::parse_identities("{}"), demo::IdentitiesError);
  CHECK_THROWS_WITH(demo::parse_identities(R"([{"id": "a", "given_name": "A", "family_name": "B",
      "birthdate": "12/05/1984", "gender": "female"}])"),
                    Catch::Contains("YYYY-MM-DD"));
}

TEST_CASE("sub is pairwise: 64 hex characters, different for each service", "[fc-demo]") {
  const std::string sub = demo::pairwise_sub("sesame-demo", "emilie-dupont");
  CHECK(std::regex_match(sub, std::regex("[0-9a-f]{64}")));
  CHECK(sub == demo::pairwise_sub("sesame-demo", "emilie-dupont"));
  CHECK(sub != demo::pairwise_sub("autre-service", "emilie-dupont"));
  // SHA-256("") is well known; "/" alone must hash to something else.
  CHECK(demo::pairwise_sub("", "") != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("discovery and JWKS describe the provider like FranceConnect v2's", "[fc-demo]") {
  DemoProvider fc;
  const std::string issuer = "http://127.0.0.1:" + std::to_string(fc.provider->port()) + "/api/v2";
  CHECK(fc.provider->issuer() == issuer);
  const auto res = fc.client->Get("/api/v2/.well-known/openid-configuration");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const json discovery = json::parse(res->body);
  CHECK(discovery["issuer"] == issuer);
  CHECK(discovery["authorization_endpoint"] == issuer + "/authorize");
  CHECK(discovery["token_endpoint"] == issuer + "/token");
  CHECK(discovery["userinfo_endpoint"] == issuer + "/userinfo");
  CHECK(discovery["end_session_endpoint"] == issuer + "/session/end");
  CHECK(discovery["jwks_uri"] == issuer + "/jwks");
  CHECK(discovery["response_types_supported"] == json{"code"});
  CHECK(discovery["acr_values_supported"] == json{"eidas1"});
  CHECK(discovery["token_endpoint_auth_methods_supported"] == json{"client_secret_post"});
  CHECK(discovery["id_token_signing_alg_values_supported"] == json{"ES256"});
  CHECK(discovery["userinfo_signing_alg_values_supported"] == json{"ES256"});
  for (const char* scope : {"openid", "given_name", "family_name", "birthdate", "email"}) {
    INFO(scope);
    CHECK(std::find(discovery["scopes_supported"].begin(), discovery["scopes_supported"].end(), scope) !=
          discovery["scopes_supported"].end());
  }
  CHECK(discovery["claims_supported"].size() >= 6);

  const auto keys = fc.keys();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].kid() == fc.provider->key().kid());
  CHECK(keys[0].is_ec());
}

TEST_CASE("the identity page lists the test identities, in French, on its own", "[fc-demo]") {
  DemoProvider fc;
  const auto res = fc.authorize(fc.authorize_params());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK_THAT(res->get_header_value("Content-Security-Policy"), Catch::Contains("default-src 'none'"));
  CHECK_THAT(res->body, Catch::Contains("<html lang=\"fr\">"));
  CHECK_THAT(res->body, Catch::Contains("Choisissez une identité de test"));
  CHECK_THAT(res->body, Catch::Contains("Emilie DUPONT"));
  CHECK_THAT(res->body, Catch::Contains("Née le 12 mai 1984"));
  CHECK_THAT(res->body, Catch::Contains("Zoé D’ANGELO"));
  CHECK_THAT(res->body, Catch::Contains(">Refuser</button>"));
  CHECK_THAT(res->body,
             Catch::Contains("prénoms, nom de naissance, date de naissance, adresse électronique"));
  // Nothing from elsewhere: no script, no external style sheet or image.
  CHECK_THAT(res->body, !Catch::Contains("<script") && !Catch::Contains("<link") && !Catch::Contains("src="));
  // The page never echoes what the browser sent into the forms: only the server's id.
  CHECK_THAT(res->body, !Catch::Contains(kNonce));
}

TEST_CASE("an unknown service or return address gets an error page, never a redirect", "[fc-demo]") {
  DemoProvider fc;
  auto params = fc.authorize_params();
  params.find("redirect_uri")->second = "https://attaquant.exemple/callback";
  auto res = fc.authorize(params);
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK_FALSE(res->has_header("Location"));
  CHECK_THAT(res->body, Catch::Contains("n’est pas enregistrée"));
  CHECK_THAT(res->body, Catch::Contains("https://attaquant.exemple/callback"));

  params = fc.authorize_params();
  params.find("redirect_uri")->second = std::string(kRedirect) + "/";  // exact match only
  res = fc.authorize(params);
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK_FALSE(res->has_header("Location"));

  params = fc.authorize_params();
  params.find("client_id")->second = "<script>x</script>";
  res = fc.authorize(params);
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK_FALSE(res->has_header("Location"));
  CHECK_THAT(res->body, Catch::Contains("&lt;script&gt;x&lt;/script&gt;") && !Catch::Contains("<script>x"));

  params = fc.authorize_params();
  params.find("response_type")->second = "token";
  res = fc.authorize(params);
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK_FALSE(res->has_header("Location"));
}

TEST_CASE("other bad authorization requests go back to the service as invalid_request", "[fc-demo]") {
  DemoProvider fc;
  const auto refused = [&](const char* name, const std::string& value, bool state_back) {
    INFO(name << "=" << value);
    auto params = fc.authorize_params();
    if (value.empty()) {
      params.erase(name);
    } else {
      params.find(name)->second = value;
    }
    const auto res = fc.authorize(params);
    REQUIRE(res);
    REQUIRE(res->status == 302);
    const std::string location = res->get_header_value("Location");
    CHECK(location.starts_with(std::string(kRedirect) + "?"));
    const auto back = query_params(location);
    CHECK(param(back, "error") == "invalid_request");
    CHECK_FALSE(param(back, "error_description").empty());
    CHECK(param(back, "state") == (state_back ? param(params, "state") : ""));
    CHECK(param(back, "code").empty());
  };
  refused("state", "court", true);
  refused("state", "", false);
  refused("nonce", "court", true);
  refused("nonce", "", true);
  refused("scope", "given_name family_name", true);
  refused("acr_values", "", true);
}

TEST_CASE("choose, code, token: the id_token is signed and says who, for whom and for which request",
          "[fc-demo]") {
  DemoProvider fc;
  const std::string code = fc.code_for("emilie-dupont");
  CHECK(code.size() >= 43);  // 32 random bytes in base64url
  const auto res = fc.token(code);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  const json body = json::parse(res->body);
  CHECK(body["token_type"] == "Bearer");
  CHECK(body["expires_in"] == 60);
  CHECK(body["scope"] == "openid given_name family_name birthdate email");
  const json claims = fc.verified_claims(body["id_token"]);
  const std::int64_t now = fc.clock->unix_seconds();
  CHECK(claims["iss"] == fc.provider->issuer());
  CHECK(claims["aud"] == "sesame-demo");
  CHECK(claims["sub"] == demo::pairwise_sub("sesame-demo", "emilie-dupont"));
  CHECK(claims["nonce"] == kNonce);
  CHECK(claims["acr"] == "eidas1");
  CHECK(claims["amr"] == json{"pwd"});
  CHECK(claims["iat"] == now);
  CHECK(claims["exp"] == now + 60);

  SECTION("userinfo is a signed JWT with what the scopes allow") {
    const auto info = fc.userinfo(body["access_token"]);
    REQUIRE(info);
    REQUIRE(info->status == 200);
    CHECK(info->get_header_value("Content-Type") == "application/jwt");
    const json user = fc.verified_claims(info->body);
    CHECK(user["iss"] == fc.provider->issuer());
    CHECK(user["aud"] == "sesame-demo");
    CHECK(user["sub"] == claims["sub"]);
    CHECK(user["given_name"] == "Emilie");
    CHECK(user["family_name"] == "DUPONT");
    CHECK(user["birthdate"] == "1984-05-12");
    CHECK(user["email"] == "emilie.dupont@exemple.fr");
    CHECK_FALSE(user.contains("gender"));  // not asked for
  }
  SECTION("the code works once: a replay is refused and withdraws the access token") {
    require_oauth_error(fc.token(code), 400, "invalid_grant");
    const auto info = fc.userinfo(body["access_token"]);
    REQUIRE(info);
    CHECK(info->status == 401);
    CHECK(info->get_header_value("WWW-Authenticate") == "Bearer error=\"invalid_token\"");
  }
  SECTION("the end of session sends back to the registered address with the state") {
    const auto end =
        fc.client->Get("/api/v2/session/end?" + query_of({{"id_token_hint", body["id_token"]},
                                                          {"state", kState},
                                                          {"post_logout_redirect_uri", kAfterLogout}}));
    REQUIRE(end);
    REQUIRE(end->status == 302);
    CHECK(end->get_header_value("Location") == std::string(kAfterLogout) + "?state=" + kState);

    const auto elsewhere = fc.client->Get(
        "/api/v2/session/end?" + query_of({{"id_token_hint", body["id_token"]},
                                           {"state", kState},
                                           {"post_logout_redirect_uri", "https://ailleurs.exemple/"}}));
    REQUIRE(elsewhere);
    CHECK(elsewhere->status == 400);
    CHECK_FALSE(elsewhere->has_header("Location"));

    const std::string foreign = SigningKey::generate_es256(fc.provider->key().kid()).sign(claims);
    const auto forged =
        fc.client->Get("/api/v2/session/end?" + query_of({{"id_token_hint", foreign},
                                                          {"state", kState},
                                                          {"post_logout_redirect_uri", kAfterLogout}}));
    REQUIRE(forged);
    CHECK(forged->status == 400);
    CHECK_FALSE(forged->has_header("Location"));
    CHECK_THAT(forged->body, Catch::Contains("déconnexion"));
  }
}

TEST_CASE("answers to the service carry iss as discovery announces (RFC 9207), unless turned off",
          "[fc-demo]") {
  const bool on = GENERATE(true, false);
  INFO("iss_parameter: " << on);
  demo::ProviderConfig config;
  config.iss_parameter = on;
  DemoProvider fc(config);
  const json discovery = json::parse(fc.client->Get("/api/v2/.well-known/openid-configuration")->body);
  if (on) {
    CHECK(discovery["authorization_response_iss_parameter_supported"] == true);
  } else {
    CHECK_FALSE(discovery.contains("authorization_response_iss_parameter_supported"));
  }
  const auto iss_of = [](const httplib::Result& res) {
    REQUIRE(res);
    REQUIRE(res->status == 302);
    const auto back = query_params(res->get_header_value("Location"));
    CHECK(param(back, "state") == kState);
    return back.count("iss") ? std::optional(param(back, "iss")) : std::nullopt;
  };
  const std::optional<std::string> expected = on ? std::optional(fc.provider->issuer()) : std::nullopt;

  // A code, a refusal on the page, a bad request sent back: each says who answers.
  CHECK(iss_of(fc.choose(fc.authorization_id(fc.authorize_params()), "emilie-dupont")) == expected);
  CHECK(iss_of(fc.client->Post("/api/v2/authorize/choose",
                               httplib::Params{{"authorization", fc.authorization_id(fc.authorize_params())},
                                               {"decision", "refuse"}})) == expected);
  auto params = fc.authorize_params();
  params.find("nonce")->second = "court";
  CHECK(iss_of(fc.authorize(params)) == expected);
}

TEST_CASE("the token endpoint refuses a wrong secret, a wrong redirect_uri and unknown codes", "[fc-demo]") {
  DemoProvider fc;
  const std::string code = fc.code_for("paul-martin");
  require_oauth_error(fc.token(code, "mauvais-secret"), 401, "invalid_client");
  require_oauth_error(fc.token(code, ""), 401, "invalid_client");
  require_oauth_error(fc.token("inconnu"), 400, "invalid_grant");
  require_oauth_error(fc.client->Post("/api/v2/token", httplib::Params{{"grant_type", "password"}}), 400,
                      "unsupported_grant_type");
  auto wrong_return =
      fc.client->Post("/api/v2/token", httplib::Params{{"grant_type", "authorization_code"},
                                                       {"code", code},
                                                       {"redirect_uri", "http://127.0.0.1:8080/"},
                                                       {"client_id", "sesame-demo"},
                                                       {"client_secret", "sesame-demo-secret"}});
  require_oauth_error(wrong_return, 400, "invalid_grant");
  // None of these used the code up.
  const auto res = fc.token(code);
  REQUIRE(res);
  CHECK(res->status == 200);
  require_oauth_error(fc.userinfo("inconnu"), 401, "invalid_token");
  const auto no_header = fc.client->Get("/api/v2/userinfo");
  REQUIRE(no_header);
  CHECK(no_header->status == 401);
}

TEST_CASE("a code expires after 60 seconds, an access token too", "[fc-demo]") {
  DemoProvider fc;
  const std::string late = fc.code_for();
  const std::string in_time = fc.code_for();
  fc.clock->advance(std::chrono::seconds(59));
  const auto res = fc.token(in_time);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string access_token = json::parse(res->body)["access_token"];
  fc.clock->advance(std::chrono::seconds(1));
  require_oauth_error(fc.token(late), 400, "invalid_grant");
  const auto info = fc.userinfo(access_token);
  REQUIRE(info);
  CHECK(info->status == 200);
  fc.clock->advance(std::chrono::seconds(60));
  require_oauth_error(fc.userinfo(access_token), 401, "invalid_token");
}

TEST_CASE("refusing on the page goes back with access_denied; the page's id serves once", "[fc-demo]") {
  DemoProvider fc;
  const std::string id = fc.authorization_id(fc.authorize_params());
  const auto res = fc.client->Post("/api/v2/authorize/choose",
                                   httplib::Params{{"authorization", id}, {"decision", "refuse"}});
  REQUIRE(res);
  REQUIRE(res->status == 302);
  const auto back = query_params(res->get_header_value("Location"));
  CHECK(param(back, "error") == "access_denied");
  CHECK_FALSE(param(back, "error_description").empty());
  CHECK(param(back, "state") == kState);
  CHECK(param(back, "code").empty());

  const auto again = fc.choose(id, "emilie-dupont");
  REQUIRE(again);
  CHECK(again->status == 400);
  CHECK_FALSE(again->has_header("Location"));
  const auto forged = fc.choose("invente", "emilie-dupont");
  REQUIRE(forged);
  CHECK(forged->status == 400);
  const auto nobody = fc.choose(fc.authorization_id(fc.authorize_params()), "personne");
  REQUIRE(nobody);
  CHECK(nobody->status == 400);
}

TEST_CASE("pending state is bounded: a flood evicts the oldest requests", "[fc-demo]") {
  demo::ProviderConfig config;
  config.max_entries = 5;
  DemoProvider fc(config);
  const std::string first = fc.authorization_id(fc.authorize_params());
  std::string last;
  for (int i = 0; i < 20; ++i) {
    fc.clock->advance(std::chrono::seconds(1));  // each request a little younger than the one before
    last = fc.authorization_id(fc.authorize_params());
  }
  const auto evicted = fc.choose(first, "emilie-dupont");
  REQUIRE(evicted);
  CHECK(evicted->status == 400);
  const auto kept = fc.choose(last, "emilie-dupont");
  REQUIRE(kept);
  CHECK(kept->status == 302);
}

TEST_CASE("an RS256 provider signs with RS256 and its key survives a restart through the key file",
          "[fc-demo]") {
  const sesame::testing::TempDir dir;
  const auto file = dir / "key.pem";
  const SigningKey created = demo::load_or_create_key(file, "RS256");
  CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  const SigningKey again = demo::load_or_create_key(file, "RS256");
  CHECK(again.kid() == created.kid());
  CHECK(again.public_jwk() == created.public_jwk());
  CHECK_THROWS_WITH(demo::load_or_create_key(file, "ES256"), Catch::Contains("--alg RS256"));

  demo::ProviderConfig config;
  config.key = again;
  DemoProvider fc(config);
  const auto res = fc.token(fc.code_for("zoe-dangelo"));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto jws = parse_jws(json::parse(res->body)["id_token"].get<std::string>());
  REQUIRE(jws);
  CHECK(jws->header["alg"] == "RS256");
  CHECK(verify_jws(*jws, fc.keys()) == JwsCheck::Valid);
}
