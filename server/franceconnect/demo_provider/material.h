#pragma once
// The demonstration provider's material, read from files: the test identities
// one can sign in as, and the key that signs its tokens (kept in a file so a
// restart does not invalidate the ID tokens the server still holds).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "server/franceconnect/jose.h"

namespace sesame::franceconnect::demo {

// A person one can sign in as, with the claims FranceConnect gives about them.
struct Identity {
  std::string id;          // stable: the pairwise sub is derived from it
  std::string given_name;  // first names as the civil registry writes them
  std::string family_name;
  std::string birthdate;  // YYYY-MM-DD
  std::string email;
  std::string gender;              // "female" or "male"
  std::string preferred_username;  // the usage name, often empty
};

class IdentitiesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A JSON list of identities; throws IdentitiesError naming what is wrong and where.
std::vector<Identity> parse_identities(std::string_view json_text);
std::vector<Identity> load_identities(const std::filesystem::path& file);
// The identities file shipped with the program: ../share/sesame/ beside it,
// or the source tree's when run from a build folder.
std::filesystem::path shipped_identities_file();

// FranceConnect's pairwise subject: hex SHA-256 of "<client id>/<identity id>".
std::string pairwise_sub(std::string_view client_id, std::string_view identity_id);

// The key in `file` (PEM), or a new one of `alg` ("ES256" or "RS256") written
// there with mode 0600. Its kid is the RFC 7638 thumbprint of its public half.
// Throws std::runtime_error when the file cannot be read, written or used.
SigningKey load_or_create_key(const std::filesystem::path& file, std::string_view alg);
SigningKey generate_key(std::string_view alg);

}  // namespace sesame::franceconnect::demo
