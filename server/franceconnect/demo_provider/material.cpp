#include "server/franceconnect/demo_provider/material.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace sesame::franceconnect::demo {

using nlohmann::json;

namespace {

// Plain SHA-256, not the project's KeyedHasher (BLAKE2b under the server's
// key): RFC 7638 defines the thumbprint with SHA-256, and the pairwise sub must
// stay the same across runs of a provider that has no server key.
std::string sha256(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

bool is_date(std::string_view text) {
  static const std::regex kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
  return std::regex_match(text.begin(), text.end(), kDate);
}

std::string thumbprint(const json& jwk) {
  // RFC 7638: the required members only, sorted, without spaces: what dump() writes.
  json members;
  for (const char* name : {"crv", "e", "kty", "n", "x", "y"})
    if (jwk.contains(name)) members[name] = jwk[name];
  return base64url_encode(sha256(members.dump()));
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::vector<Identity> parse_identities(std::string_view json_text) {
  const json root = json::parse(json_text, nullptr, false);
  if (!root.is_array() || root.empty()) throw IdentitiesError("expected a non-empty JSON list of identities");
  std::vector<Identity> identities;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const json& item = root[i];
    const std::string where = "identity " + std::to_string(i + 1);
    if (!item.is_object()) throw IdentitiesError(where + ": expected an object");
    const auto text = [&](const char* name, bool required) {
      if (!item.contains(name)) {
        if (required) throw IdentitiesError(where + ": \"" + name + "\" is missing");
        return std::string();
      }
      if (!item[name].is_string()) throw IdentitiesError(where + ": \"" + name + "\" must be a string");
      std::string value = item[name].get<std::string>();
      if (required && value.empty()) throw IdentitiesError(where + ": \"" + name + "\" is empty");
      return value;
    };
    Identity identity{text("id", true),
                      text("given_name", true),
                      text("family_name", true),
                      text("birthdate", true),
                      text("email", false),
                      text("gender", true),
                      text("preferred_username", false)};
    if (!is_date(identity.birthdate)) throw IdentitiesError(where + ": \"birthdate\" must be YYYY-MM-DD");
    if (identity.gender != "female" && identity.gender != "male")
      throw IdentitiesError(where + ": \"gender\" must be \"female\" or \"male\"");
    for (const Identity& other : identities)
      if (other.id == identity.id)
        throw IdentitiesError(where + ": the id \"" + identity.id + "\" is used twice");
    identities.push_back(std::move(identity));
  }
  return identities;
}

std::vector<Identity> load_identities(const std::filesystem::path& file) {
  std::string text;
  try {
    text = read_file(file);
  } catch (const std::runtime_error& error) {
    throw IdentitiesError(error.what());
  }
  try {
    return parse_identities(text);
  } catch (const IdentitiesError& error) {
    throw IdentitiesError(file.string() + ": " + error.what());
  }
}

std::filesystem::path shipped_identities_file() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto beside = self.parent_path() / ".." / "share" / "sesame" / "fc-demo-identities.json";
    if (std::filesystem::exists(beside, error)) return beside.lexically_normal();
  }
  return SESAME_FC_DEMO_IDENTITIES;
}

std::string pairwise_sub(std::string_view client_id, std::string_view identity_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string digest = sha256(std::string(client_id) + "/" + std::string(identity_id));
  std::string hex;
  for (const char c : digest) {
    hex += kHex[static_cast<unsigned char>(c) >> 4];
    hex += kHex[static_cast<unsigned char>(c) & 15];
  }
  return hex;
}

SigningKey generate_key(std::string_view alg) {
  if (alg != "ES256" && alg != "RS256") throw std::runtime_error("the algorithm must be ES256 or RS256");
  const SigningKey made = alg == "ES256" ? SigningKey::generate_es256("") : SigningKey::generate_rs256("");
  // The kid names the key itself, so that a key kept in a file keeps its kid.
  auto key = SigningKey::from_pem(made.to_pem(), thumbprint(made.public_jwk()));
  if (!key) throw std::runtime_error("cannot reload a generated key");
  return *key;
}

SigningKey load_or_create_key(const std::filesystem::path& file, std::string_view alg) {
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    const std::string pem = read_file(file);
    const auto unnamed = SigningKey::from_pem(pem, "");
    if (!unnamed)
      throw std::runtime_error(file.string() +
                               ": not an unencrypted P-256 or RSA (2048 bits or more) PEM private key");
    if (unnamed->alg() != alg)
      throw std::runtime_error(file.string() + " holds an " + unnamed->alg() + " key: give --alg " +
                               unnamed->alg() + " or another --key file");
    return *SigningKey::from_pem(pem, thumbprint(unnamed->public_jwk()));
  }
  SigningKey key = generate_key(alg);
  const std::string pem = key.to_pem();
  // Created private from the start: never readable by others, even for an instant.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string() + ": " + std::strerror(errno));
  const ssize_t written = ::write(fd, pem.data(), pem.size());
  const bool closed = ::close(fd) == 0;
  if (written != static_cast<ssize_t>(pem.size()) || !closed) {
    std::filesystem::remove(file, error);
    throw std::runtime_error("cannot write " + file.string());
  }
  return key;
}

}  // namespace sesame::franceconnect::demo
