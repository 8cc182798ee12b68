#pragma once
// The provider's pending state, kept in memory only and bounded: an identity
// page waiting for a choice, a code waiting for the token endpoint, an access
// token waiting for userinfo. Shared by the front- and back-channel endpoints.
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/franceconnect/demo_provider/provider.h"
#include "server/franceconnect/jose.h"

namespace sesame::franceconnect::demo {

struct Provider::Authorization {
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::vector<std::string> scopes;
  std::int64_t expires = 0;
};

struct Provider::CodeGrant {
  std::string redirect_uri;
  std::string nonce;
  std::vector<std::string> scopes;
  std::size_t identity = 0;
  std::int64_t expires = 0;
  bool used = false;
  std::string access_token;  // issued with it: revoked if the code comes back
};

struct Provider::AccessGrant {
  std::vector<std::string> scopes;
  std::size_t identity = 0;
  std::int64_t expires = 0;
};

// A page id, code or access token: 32 random bytes in base64url.
inline std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("no randomness available");
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Keeps a map of pending state under `cap` entries: expired ones go first,
// then the ones closest to expiring. A flood cannot make it grow further.
template <typename Map>
void make_room(Map& map, std::int64_t now, std::size_t cap) {
  if (map.size() < cap) return;
  std::erase_if(map, [now](const auto& entry) { return entry.second->expires <= now; });
  while (!map.empty() && map.size() >= cap) {
    const auto soonest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
      return a.second->expires < b.second->expires;
    });
    map.erase(soonest);
  }
}

}  // namespace sesame::franceconnect::demo
