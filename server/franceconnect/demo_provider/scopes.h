#pragma once
// What the demonstration provider offers a service: the scopes it may ask for,
// the claim each one releases, and the one level of assurance it signs for.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "server/franceconnect/demo_provider/material.h"

namespace sesame::franceconnect::demo {

// FranceConnect (unlike FranceConnect+) signs people in at eIDAS "low" only.
inline constexpr const char* kAcr = "eidas1";

// What each scope lets the service read, in the order the page lists it.
struct ScopeClaim {
  const char* scope;
  const char* label;  // French, for the consent line
  std::string Identity::*field;
};
inline const std::array<ScopeClaim, 6> kScopeClaims = {{
    {"given_name", "prénoms", &Identity::given_name},
    {"family_name", "nom de naissance", &Identity::family_name},
    {"birthdate", "date de naissance", &Identity::birthdate},
    {"gender", "sexe", &Identity::gender},
    {"email", "adresse électronique", &Identity::email},
    {"preferred_username", "nom d’usage", &Identity::preferred_username},
}};

// A space-separated list (scope, acr_values), each value once, in order.
std::vector<std::string> split_scopes(std::string_view text);
bool has(const std::vector<std::string>& list, std::string_view item);
std::string join(const std::vector<std::string>& list, std::string_view separator);

}  // namespace sesame::franceconnect::demo
