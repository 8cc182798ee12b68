#pragma once
// Small pure checks of what the provider answers, kept apart from the relying
// party so that tests can call them with every value directly.
#include <optional>
#include <string>
#include <string_view>

namespace sesame::franceconnect {

// The eIDAS level of assurance an `acr` names: 1 (low), 2 (substantial) or
// 3 (high) for eidas1, eidas2, eidas3; nullopt for any other value.
constexpr std::optional<int> eidas_level(std::string_view acr) {
  if (acr == "eidas1") return 1;
  if (acr == "eidas2") return 2;
  if (acr == "eidas3") return 3;
  return std::nullopt;
}

// Whether an ID token's `acr` meets the `acr_values` we asked for: the same
// value, or a higher eIDAS level, since a provider may authenticate the parent
// more strongly than asked and says so in acr. A lower level, or a value that
// is not an eIDAS level, does not.
constexpr bool acr_satisfies(std::string_view asked, std::string_view given) {
  if (given == asked) return true;
  const std::optional<int> wanted = eidas_level(asked);
  const std::optional<int> got = eidas_level(given);
  return wanted && got && *got >= *wanted;
}

// RFC 9207: the `iss` of an authorization response (the callback) against the
// issuer of the provider we sent the parent to, so that an answer meant for
// another provider's client cannot be played here (a mix-up attack). When the
// discovery announces authorization_response_iss_parameter_supported, `iss`
// must be there. When it does not, a missing `iss` is fine; one sent anyway
// must still be the issuer: RFC 9207 section 2.4 leaves accepting it to local
// policy (some providers send it without announcing it), and refusing a
// different one is what its mix-up defence is for.
inline bool callback_issuer_ok(bool announced, std::string_view issuer,
                               const std::optional<std::string>& iss) {
  if (!iss) return !announced;
  return *iss == issuer;
}

}  // namespace sesame::franceconnect
