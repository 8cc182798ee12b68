#pragma once
// Small pure checks of what the provider answers, kept apart from the relying
// party so that tests can call them with every value directly.
#include <optional>
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

}  // namespace sesame::franceconnect
