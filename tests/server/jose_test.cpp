// Signed tokens as FranceConnect sends them: base64url, JWS parsing, ES256 and
// RS256 signatures checked against a JWKS, and everything an attacker could
// send instead (alg "none", HMAC, another key, altered parts) refused.
#include "server/franceconnect/jose.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace sesame::franceconnect;

namespace {

const json kClaims = {{"iss", "https://fc.exemple.fr/api/v2"}, {"sub", "abc"}, {"nonce", "n-0123456789"}};

// A token with the given header and payload and any signature: what an attacker can forge.
std::string forged(const json& header, const json& payload, std::string_view signature = "sig") {
  return base64url_encode(header.dump()) + "." + base64url_encode(payload.dump()) + "." +
         base64url_encode(signature);
}

JwsCheck check(std::string_view token, const std::vector<PublicKey>& keys) {
  const auto jws = parse_jws(token);
  if (!jws) return JwsCheck::Malformed;
  return verify_jws(*jws, keys);
}

std::vector<PublicKey> keys_of(const SigningKey& key) {
  return parse_jwks(json{{"keys", json::array({key.public_jwk()})}});
}

// The token with other claims but its header and signature kept: a tampered payload.
std::string with_payload(const std::string& token, const json& payload) {
  const std::size_t first = token.find('.');
  const std::size_t last = token.rfind('.');
  return token.substr(0, first + 1) + base64url_encode(payload.dump()) + token.substr(last);
}

// The token with one character of its signature changed.
std::string with_altered_signature(std::string token) {
  const std::size_t at = token.rfind('.') + 3;
  token[at] = token[at] == 'A' ? 'B' : 'A';
  return token;
}

}  // namespace

TEST_CASE("base64url round-trips any bytes without padding", "[jose]") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("\xfb\xff\xbf") == "-_-_");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    const std::string bytes = all.substr(0, length);
    CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
  }
  CHECK(base64url_decode("Zm9v") == "foo");
  CHECK(base64url_decode("-_-_") == "\xfb\xff\xbf");
}

TEST_CASE("base64url refuses padding, the other alphabet and impossible lengths", "[jose]") {
  for (const char* text : {"Zg==", "Zm8=", "+/+/", "Zm 9v", "Zm9v\n", "Z", "Zm9vY", "Zh", "é"}) {
    INFO(text);
    CHECK_FALSE(base64url_decode(text));
  }
}

TEST_CASE("a token signed with ES256 or RS256 is valid against its key's JWKS", "[jose]") {
  const SigningKey ec = SigningKey::generate_es256("ec-1");
  const SigningKey rsa = SigningKey::generate_rs256("rsa-1");
  for (const SigningKey* key : {&ec, &rsa}) {
    INFO(key->alg());
    const std::string token = key->sign(kClaims);
    const auto jws = parse_jws(token);
    REQUIRE(jws);
    CHECK(jws->header == json{{"alg", key->alg()}, {"kid", key->kid()}, {"typ", "JWT"}});
    CHECK(jws->payload == kClaims);
    CHECK(jws->signature.size() == (key == &ec ? 64u : 256u));
    const json jwks = {{"keys", json::array({ec.public_jwk(), rsa.public_jwk()})}};
    CHECK(verify_jws(*jws, parse_jwks(jwks)) == JwsCheck::Valid);
  }
}

TEST_CASE("public keys read from a JWKS carry their kid, alg and type; others are skipped", "[jose]") {
  const SigningKey ec = SigningKey::generate_es256("ec-1");
  const SigningKey rsa = SigningKey::generate_rs256("rsa-1");
  json ec_jwk = ec.public_jwk();
  CHECK(ec_jwk["kty"] == "EC");
  CHECK(ec_jwk["crv"] == "P-256");
  CHECK(ec_jwk["use"] == "sig");
  CHECK(ec_jwk["alg"] == "ES256");
  CHECK(rsa.public_jwk()["e"] == "AQAB");
  json off_curve = ec_jwk;
  off_curve["y"] = ec_jwk["x"];
  json p384 = ec_jwk;
  p384["crv"] = "P-384";
  json encryption = rsa.public_jwk();
  encryption["use"] = "enc";
  const json jwks = {{"keys", json::array({ec_jwk,
                                           rsa.public_jwk(),
                                           off_curve,
                                           p384,
                                           encryption,
                                           {{"kty", "oct"}, {"k", "c2VjcmV0"}},
                                           "not an object",
                                           {{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}}})}};
  const auto keys = parse_jwks(jwks);
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].kid() == "ec-1");
  CHECK(keys[0].alg() == "ES256");
  CHECK(keys[0].is_ec());
  CHECK(keys[1].kid() == "rsa-1");
  CHECK_FALSE(keys[1].is_ec());
  CHECK(parse_jwks(json::array()).empty());
  CHECK(parse_jwks(json{{"keys", "none"}}).empty());
}

TEST_CASE("an RSA key under 2048 bits is refused", "[jose]") {
  json jwk = SigningKey::generate_rs256("r").public_jwk();
  auto n = base64url_decode(jwk["n"].get<std::string>());
  REQUIRE(n);
  jwk["n"] = base64url_encode(n->substr(0, 128));  // 1024 bits
  CHECK_FALSE(PublicKey::from_jwk(jwk));
}

TEST_CASE("altered, foreign or unsigned tokens are refused with the reason", "[jose]") {
  const SigningKey key = SigningKey::generate_es256("ec-1");
  const SigningKey other = SigningKey::generate_es256("ec-1");  // same kid, another key
  const auto keys = keys_of(key);
  const std::string token = key.sign(kClaims);
  REQUIRE(check(token, keys) == JwsCheck::Valid);

  json other_claims = kClaims;
  other_claims["sub"] = "abd";
  CHECK(check(with_payload(token, other_claims), keys) == JwsCheck::BadSignature);
  CHECK(check(with_altered_signature(token), keys) == JwsCheck::BadSignature);
  CHECK(check(other.sign(kClaims), keys) == JwsCheck::BadSignature);
  CHECK(check(SigningKey::generate_es256("ec-2").sign(kClaims), keys) == JwsCheck::UnknownKey);
  CHECK(check(SigningKey::generate_rs256("ec-1").sign(kClaims), keys) == JwsCheck::UnknownKey);

  CHECK(check(forged({{"alg", "none"}}, kClaims, ""), keys) == JwsCheck::UnsupportedAlgorithm);
  CHECK(check(forged({{"alg", "HS256"}, {"kid", "ec-1"}}, kClaims), keys) == JwsCheck::UnsupportedAlgorithm);
  CHECK(check(forged({{"alg", "ES384"}}, kClaims), keys) == JwsCheck::UnsupportedAlgorithm);
  CHECK(check(forged({{"kid", "ec-1"}}, kClaims), keys) == JwsCheck::Malformed);
  CHECK(check(forged({{"alg", "ES256"}, {"kid", 7}}, kClaims), keys) == JwsCheck::Malformed);
  CHECK(check(forged({{"alg", "ES256"}, {"crit", {"exp"}}}, kClaims), keys) == JwsCheck::Malformed);

  // An ES256 signature of the wrong length is a bad signature, not a crash.
  const std::string body = token.substr(0, token.rfind('.'));
  CHECK(check(body + "." + base64url_encode(std::string(63, 'x')), keys) == JwsCheck::BadSignature);
  CHECK(check(body + "." + base64url_encode(std::string(72, 'x')), keys) == JwsCheck::BadSignature);
  CHECK(check(body + ".", keys) == JwsCheck::BadSignature);

  // Truncated tokens and non-JSON headers never reach a key.
  CHECK(check(token.substr(0, token.size() - 10), keys) == JwsCheck::BadSignature);
  CHECK(check(body, keys) == JwsCheck::Malformed);
  CHECK(check(token.substr(0, token.size() / 2), keys) == JwsCheck::Malformed);
  CHECK(check(base64url_encode("alg=ES256") + token.substr(token.find('.')), keys) == JwsCheck::Malformed);
  CHECK_FALSE(parse_jws(body));
  CHECK_FALSE(parse_jws(token.substr(0, token.size() / 2)));
  CHECK_FALSE(parse_jws(token + ".x"));
  CHECK_FALSE(parse_jws(""));
  CHECK_FALSE(parse_jws(".."));
  CHECK_FALSE(parse_jws(base64url_encode("not json") + "." + base64url_encode(kClaims.dump()) + ".c2ln"));
  CHECK_FALSE(parse_jws(base64url_encode("[1]") + "." + base64url_encode(kClaims.dump()) + ".c2ln"));
  CHECK_FALSE(
      parse_jws(base64url_encode(R"({"alg":"ES256"})") + "." + base64url_encode("\"text\"") + ".c2ln"));
  CHECK_FALSE(
      parse_jws(base64url_encode(R"({"alg":"ES256"})") + "=." + base64url_encode(kClaims.dump()) + ".c2ln"));
}

TEST_CASE("without a kid, the only key fitting the algorithm is used", "[jose]") {
  const SigningKey key = SigningKey::generate_es256("ec-1");
  json jwk = key.public_jwk();
  jwk.erase("kid");
  const std::string token = key.sign(kClaims);
  auto jws = parse_jws(token);
  REQUIRE(jws);
  jws->header.erase("kid");  // the signing input is unchanged: only the lookup differs
  const auto one =
      parse_jwks(json{{"keys", json::array({jwk, SigningKey::generate_rs256("r").public_jwk()})}});
  CHECK(verify_jws(*jws, one) == JwsCheck::Valid);
  const auto two =
      parse_jwks(json{{"keys", json::array({jwk, SigningKey::generate_es256("e").public_jwk()})}});
  CHECK(verify_jws(*jws, two) == JwsCheck::UnknownKey);
}

TEST_CASE("a signing key survives a PEM round trip; other PEM is refused", "[jose]") {
  for (const SigningKey& key : {SigningKey::generate_es256("a"), SigningKey::generate_rs256("b")}) {
    INFO(key.alg());
    const std::string pem = key.to_pem();
    CHECK(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    const auto again = SigningKey::from_pem(pem, key.kid());
    REQUIRE(again);
    CHECK(std::string(again->alg()) == key.alg());
    CHECK(again->public_jwk() == key.public_jwk());
    CHECK(check(again->sign(kClaims), keys_of(key)) == JwsCheck::Valid);
  }
  CHECK_FALSE(SigningKey::from_pem("", "k"));
  CHECK_FALSE(SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "k"));
}

TEST_CASE("RFC 7515's ES256 example (appendix A.3) is valid", "[jose]") {
  const json jwk = {{"kty", "EC"},
                    {"crv", "P-256"},
                    {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                    {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}};
  const std::string token =
      "eyJhbGciOiJFUzI1NiJ9"
      ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  const auto keys = parse_jwks(json{{"keys", json::array({jwk})}});
  REQUIRE(keys.size() == 1);
  const auto jws = parse_jws(token);
  REQUIRE(jws);
  CHECK(jws->payload["iss"] == "joe");
  CHECK(jws->payload["exp"] == 1300819380);
  CHECK(verify_jws(*jws, keys) == JwsCheck::Valid);
  CHECK(
      check(with_payload(token, {{"iss", "joe"}, {"exp", 1300819380}, {"http://example.com/is_root", false}}),
            keys) == JwsCheck::BadSignature);
}
