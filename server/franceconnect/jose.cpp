#include "server/franceconnect/jose.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <array>
#include <stdexcept>

namespace sesame::franceconnect {

namespace {

using nlohmann::json;

// Owners for every OpenSSL object this file makes: nothing is freed by hand.
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using Params = std::unique_ptr<OSSL_PARAM, ParamFree>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

constexpr std::size_t kMinRsaBits = 2048;
constexpr std::size_t kP256Bytes = 32;

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::shared_ptr<void> share(Pkey key) { return std::shared_ptr<void>(key.release(), EVP_PKEY_free); }

EVP_PKEY* raw(const std::shared_ptr<void>& key) { return static_cast<EVP_PKEY*>(key.get()); }

// A failure leaves reasons on OpenSSL's per-thread error queue; drop them so
// they are not blamed on a later, unrelated call.
template <typename T>
T cleared(T result) {
  ERR_clear_error();
  return result;
}

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool is_p256(EVP_PKEY* key) {
  std::array<char, 64> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &length) !=
      1)
    return cleared(false);
  const std::string_view name(group.data(), length);
  return name == "prime256v1" || name == "P-256";
}

// Only the two kinds of key ES256 and RS256 need, RSA of a safe size.
bool is_acceptable(EVP_PKEY* key, bool& ec) {
  if (EVP_PKEY_is_a(key, "EC")) {
    ec = true;
    return is_p256(key);
  }
  if (EVP_PKEY_is_a(key, "RSA")) {
    ec = false;
    return EVP_PKEY_get_bits(key) >= static_cast<int>(kMinRsaBits);
  }
  return false;
}

std::optional<std::string> decoded_member(const json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  auto bytes = base64url_decode(it->get_ref<const std::string&>());
  if (!bytes || bytes->empty()) return std::nullopt;
  return bytes;
}

Pkey key_from_params(const char* type, OSSL_PARAM_BLD* builder) {
  const Params params(OSSL_PARAM_BLD_to_param(builder));
  if (!params) return nullptr;
  const PkeyCtx context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!context || EVP_PKEY_fromdata_init(context.get()) != 1) return nullptr;
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return nullptr;
  return Pkey(key);
}

Pkey ec_public_key(const json& jwk) {
  if (!jwk.contains("crv") || jwk["crv"] != "P-256") return nullptr;
  const auto x = decoded_member(jwk, "x");
  const auto y = decoded_member(jwk, "y");
  if (!x || !y || x->size() != kP256Bytes || y->size() != kP256Bytes) return nullptr;
  const std::string point = "\x04" + *x + *y;  // uncompressed SEC 1 point
  const ParamBld builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) !=
          1)
    return nullptr;
  Pkey key = key_from_params("EC", builder.get());
  if (!key) return nullptr;
  // A point off the curve would make every later check meaningless.
  const PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

Pkey rsa_public_key(const json& jwk) {
  const auto n = decoded_member(jwk, "n");
  const auto e = decoded_member(jwk, "e");
  if (!n || !e || e->size() > 8) return nullptr;
  const Bn modulus(BN_bin2bn(bytes_of(*n), static_cast<int>(n->size()), nullptr));
  const Bn exponent(BN_bin2bn(bytes_of(*e), static_cast<int>(e->size()), nullptr));
  if (!modulus || !exponent || BN_num_bits(modulus.get()) < static_cast<int>(kMinRsaBits) ||
      BN_is_one(exponent.get()) || !BN_is_odd(exponent.get()))
    return nullptr;
  const ParamBld builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1)
    return nullptr;
  return key_from_params("RSA", builder.get());
}

// JOSE's r || s into the DER ECDSA-Sig-Value OpenSSL verifies.
std::optional<std::string> der_from_raw(std::string_view raw_signature) {
  if (raw_signature.size() != 2 * kP256Bytes) return std::nullopt;
  EcdsaSig signature(ECDSA_SIG_new());
  Bn r(BN_bin2bn(bytes_of(raw_signature), kP256Bytes, nullptr));
  Bn s(BN_bin2bn(bytes_of(raw_signature.substr(kP256Bytes)), kP256Bytes, nullptr));
  if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // owned by the signature now
  s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) return std::nullopt;
  std::string result(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return result;
}

// OpenSSL's DER signature into JOSE's fixed-width r || s.
std::string raw_from_der(std::string_view der) {
  const unsigned char* cursor = bytes_of(der);
  const EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!signature) throw std::runtime_error("ES256: OpenSSL gave an unreadable signature");
  std::string result(2 * kP256Bytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(result.data());
  const int width = static_cast<int>(kP256Bytes);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, width) != width ||
      BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + kP256Bytes, width) != width)
    throw std::runtime_error("ES256: signature does not fit 64 bytes");
  return result;
}

std::string bn_param(EVP_PKEY* key, const char* name, int width) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) throw std::runtime_error("cannot read a key parameter");
  const Bn owned(value);
  const int size = width > 0 ? width : BN_num_bytes(value);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (BN_bn2binpad(value, reinterpret_cast<unsigned char*>(bytes.data()), size) != size)
    throw std::runtime_error("key parameter too large");
  return base64url_encode(bytes);
}

// Encrypted PEM is not for us: refuse instead of prompting on a terminal.
int no_passphrase(char*, int, int, void*) { return 0; }

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    text += kAlphabet[v >> 18 & 63];
    text += kAlphabet[v >> 12 & 63];
    text += kAlphabet[v >> 6 & 63];
    text += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    text += kAlphabet[v >> 18 & 63];
    text += kAlphabet[v >> 12 & 63];
    if (rest == 2) text += kAlphabet[v >> 6 & 63];
  }
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // no byte ends a group after one character
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base64url_value(c);
    if (value < 0) return std::nullopt;  // '=', '+', '/', spaces…
    buffer = (buffer << 6 | static_cast<unsigned>(value)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>(buffer >> bits & 0xFF);
    }
  }
  // Leftover bits must be zero: one encoding per byte string, so a token
  // cannot be altered without its signing input changing too.
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return bytes;
}

std::optional<Jws> parse_jws(std::string_view compact) {
  const std::size_t first = compact.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
    return std::nullopt;
  const auto header = base64url_decode(compact.substr(0, first));
  const auto payload = base64url_decode(compact.substr(first + 1, second - first - 1));
  const auto signature = base64url_decode(compact.substr(second + 1));
  if (!header || !payload || !signature) return std::nullopt;
  Jws jws;
  jws.header = json::parse(*header, nullptr, false);
  jws.payload = json::parse(*payload, nullptr, false);
  if (!jws.header.is_object() || !jws.payload.is_object()) return std::nullopt;
  jws.signing_input = std::string(compact.substr(0, second));
  jws.signature = *signature;
  return jws;
}

std::optional<PublicKey> PublicKey::from_jwk(const json& jwk) {
  if (!jwk.is_object() || !jwk.contains("kty") || !jwk["kty"].is_string()) return std::nullopt;
  if (jwk.contains("use") && jwk["use"] != "sig") return std::nullopt;
  PublicKey key;
  if (jwk.contains("kid")) {
    if (!jwk["kid"].is_string()) return std::nullopt;
    key.kid_ = jwk["kid"].get<std::string>();
  }
  if (jwk.contains("alg")) {
    if (!jwk["alg"].is_string()) return std::nullopt;
    key.alg_ = jwk["alg"].get<std::string>();
  }
  const std::string& kty = jwk["kty"].get_ref<const std::string&>();
  Pkey made;
  if (kty == "EC") {
    made = ec_public_key(jwk);
    key.ec_ = true;
  } else if (kty == "RSA") {
    made = rsa_public_key(jwk);
  }
  if (!made) return cleared(std::nullopt);
  if (!key.alg_.empty() && key.alg_ != (key.ec_ ? "ES256" : "RS256")) return std::nullopt;
  key.key_ = share(std::move(made));
  return key;
}

bool PublicKey::verify(std::string_view alg, std::string_view signing_input,
                       std::string_view signature) const {
  if (!key_ || alg != (ec_ ? "ES256" : "RS256") || (!alg_.empty() && alg != alg_)) return false;
  std::string der;
  if (ec_) {
    auto converted = der_from_raw(signature);
    if (!converted) return cleared(false);
    der = std::move(*converted);
    signature = der;
  }
  const MdCtx context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, raw(key_)) != 1)
    return cleared(false);
  const int result = EVP_DigestVerify(context.get(), bytes_of(signature), signature.size(),
                                      bytes_of(signing_input), signing_input.size());
  return cleared(result == 1);
}

std::vector<PublicKey> parse_jwks(const json& jwks) {
  std::vector<PublicKey> keys;
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) return keys;
  for (const json& jwk : jwks["keys"])
    if (auto key = PublicKey::from_jwk(jwk)) keys.push_back(std::move(*key));
  return keys;
}

JwsCheck verify_jws(const Jws& jws, const std::vector<PublicKey>& keys) {
  if (!jws.header.is_object() || !jws.header.contains("alg") || !jws.header["alg"].is_string())
    return JwsCheck::Malformed;
  const std::string& alg = jws.header["alg"].get_ref<const std::string&>();
  if (alg != "ES256" && alg != "RS256") return JwsCheck::UnsupportedAlgorithm;
  // Extensions we do not understand must not be ignored (RFC 7515 §4.1.11).
  if (jws.header.contains("crit")) return JwsCheck::Malformed;
  const bool want_ec = alg == "ES256";
  const auto fits = [&](const PublicKey& key) {
    return key.is_ec() == want_ec && (key.alg().empty() || key.alg() == alg);
  };

  const PublicKey* chosen = nullptr;
  if (jws.header.contains("kid")) {
    if (!jws.header["kid"].is_string()) return JwsCheck::Malformed;
    const std::string& kid = jws.header["kid"].get_ref<const std::string&>();
    for (const PublicKey& key : keys)
      if (key.kid() == kid && fits(key)) chosen = &key;
  } else {
    int fitting = 0;
    for (const PublicKey& key : keys)
      if (fits(key)) {
        chosen = &key;
        ++fitting;
      }
    if (fitting != 1) chosen = nullptr;  // ambiguous: no guessing
  }
  if (!chosen) return JwsCheck::UnknownKey;
  return chosen->verify(alg, jws.signing_input, jws.signature) ? JwsCheck::Valid : JwsCheck::BadSignature;
}

SigningKey SigningKey::generate_es256(std::string kid) {
  Pkey made(EVP_EC_gen("P-256"));
  if (!made) throw std::runtime_error("cannot generate a P-256 key");
  SigningKey key;
  key.key_ = share(std::move(made));
  key.kid_ = std::move(kid);
  key.ec_ = true;
  return key;
}

SigningKey SigningKey::generate_rs256(std::string kid) {
  Pkey made(EVP_RSA_gen(static_cast<unsigned>(kMinRsaBits)));
  if (!made) throw std::runtime_error("cannot generate an RSA key");
  SigningKey key;
  key.key_ = share(std::move(made));
  key.kid_ = std::move(kid);
  key.ec_ = false;
  return key;
}

std::optional<SigningKey> SigningKey::from_pem(std::string_view pem, std::string kid) {
  const Bio input(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!input) return cleared(std::nullopt);
  Pkey made(PEM_read_bio_PrivateKey(input.get(), nullptr, no_passphrase, nullptr));
  if (!made) return cleared(std::nullopt);
  SigningKey key;
  if (!is_acceptable(made.get(), key.ec_)) return cleared(std::nullopt);
  key.key_ = share(std::move(made));
  key.kid_ = std::move(kid);
  return key;
}

std::string SigningKey::to_pem() const {
  const Bio output(BIO_new(BIO_s_mem()));
  if (!output ||
      PEM_write_bio_PrivateKey(output.get(), raw(key_), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("cannot write the key as PEM");
  char* data = nullptr;
  const long length = BIO_get_mem_data(output.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

json SigningKey::public_jwk() const {
  json jwk = {{"kid", kid_}, {"alg", alg()}, {"use", "sig"}};
  if (ec_) {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = bn_param(raw(key_), OSSL_PKEY_PARAM_EC_PUB_X, kP256Bytes);
    jwk["y"] = bn_param(raw(key_), OSSL_PKEY_PARAM_EC_PUB_Y, kP256Bytes);
  } else {
    jwk["kty"] = "RSA";
    jwk["n"] = bn_param(raw(key_), OSSL_PKEY_PARAM_RSA_N, 0);
    jwk["e"] = bn_param(raw(key_), OSSL_PKEY_PARAM_RSA_E, 0);
  }
  return jwk;
}

std::string SigningKey::sign(const json& payload) const {
  const json header = {{"alg", alg()}, {"kid", kid_}, {"typ", "JWT"}};
  const std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  const MdCtx context(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, raw(key_)) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, bytes_of(signing_input), signing_input.size()) != 1)
    throw std::runtime_error(cleared(std::string("cannot sign the token")));
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     bytes_of(signing_input), signing_input.size()) != 1)
    throw std::runtime_error(cleared(std::string("cannot sign the token")));
  signature.resize(length);
  if (ec_) signature = raw_from_der(signature);
  return signing_input + "." + base64url_encode(signature);
}

}  // namespace sesame::franceconnect
