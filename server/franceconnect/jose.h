#pragma once
// JSON Web Tokens as OpenID Connect uses them (RFC 7515/7517/7518/7519), with
// OpenSSL 3: a signed token's parts, its signature checked against a key of the
// provider's JWKS (ES256 or RS256 only: "none" and HMAC are refused), and, for
// the demonstration provider and the tests, keys made and tokens signed.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sesame::franceconnect {

std::string base64url_encode(std::string_view bytes);
// nullopt for anything but unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

// A JWS in compact serialisation, split and decoded; the signature is not checked yet.
struct Jws {
  nlohmann::json header;   // {"alg": "ES256", "kid": "…", …}
  nlohmann::json payload;  // the claims
  std::string signing_input;  // "<header>.<payload>" as received: what the signature covers
  std::string signature;      // raw bytes (ES256: r || s, 64 bytes)
};
// nullopt unless three base64url parts whose first two are JSON objects.
std::optional<Jws> parse_jws(std::string_view compact);

// One public key of a JWKS: RSA (n, e) or EC P-256 (x, y).
class PublicKey {
 public:
  // nullopt for a key of another type or curve, or malformed.
  static std::optional<PublicKey> from_jwk(const nlohmann::json& jwk);
  const std::string& kid() const { return kid_; }
  const std::string& alg() const { return alg_; }  // the JWK's "alg" when it gives one, else ""
  bool is_ec() const { return ec_; }
  // The signature of `signing_input` by this key with `alg` ("ES256" or "RS256").
  bool verify(std::string_view alg, std::string_view signing_input, std::string_view signature) const;

 private:
  std::shared_ptr<void> key_;  // EVP_PKEY, freed by EVP_PKEY_free
  std::string kid_;
  std::string alg_;
  bool ec_ = false;
};

// The keys of a JWKS document ({"keys": [...]}); keys of unsupported types are skipped.
std::vector<PublicKey> parse_jwks(const nlohmann::json& jwks);

enum class JwsCheck { Valid, Malformed, UnsupportedAlgorithm, UnknownKey, BadSignature };
// The token's signature against the key its header's "kid" names (or the only
// key fitting its alg when there is no kid). alg must be ES256 or RS256.
JwsCheck verify_jws(const Jws& jws, const std::vector<PublicKey>& keys);

// A private key to sign with: the demonstration provider's and the tests'.
class SigningKey {
 public:
  static SigningKey generate_es256(std::string kid);
  static SigningKey generate_rs256(std::string kid);
  // PEM (PKCS#8) round trip, so the demonstration provider keeps its key across restarts.
  static std::optional<SigningKey> from_pem(std::string_view pem, std::string kid);
  std::string to_pem() const;
  const std::string& kid() const { return kid_; }
  const char* alg() const { return ec_ ? "ES256" : "RS256"; }
  // The public half as a JWK: {"kty", "kid", "alg", "use": "sig", …}.
  nlohmann::json public_jwk() const;
  // A compact JWS of `payload` with header {"alg", "kid", "typ": "JWT"}.
  std::string sign(const nlohmann::json& payload) const;

 private:
  std::shared_ptr<void> key_;  // EVP_PKEY
  std::string kid_;
  bool ec_ = false;
};

}  // namespace sesame::franceconnect
