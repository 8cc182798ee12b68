#pragma once
// The provider's pending state, kept in memory only and bounded: an identity
// page waiting for a choice, a code waiting for the token endpoint, an access
// token waiting for userinfo. Shared by the front- and back-channel endpoints.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "server/franceconnect/demo_provider/provider.h"
#include "server/security/secrets.h"

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

// A page id, code or access token: 256 random bits (44 characters), made of two
// of the project's random tokens so the test double uses the server's generator.
inline std::string new_grant_id() { return security::random_token() + security::random_token(); }

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
