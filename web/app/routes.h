#pragma once
// Hash routes, so that a reload stays on the same screen and the browser's back
// button works: "#/profil", "#/educonnect".
#include <optional>
#include <string>
#include <string_view>

#include "web/app/state.h"

namespace sesame::web {

// The server's callback sends the browser here once FranceConnect is linked to the account.
inline constexpr std::string_view kFranceConnectLinkedRoute = "#/compte/franceconnect/activee";

std::string_view route_of(Screen screen);
// nullopt for an empty or unknown route.
std::optional<Screen> screen_of(std::string_view route);
// The catalogue code of "#/franceconnect/echec/<code>" (where the server's
// callback sends a failure); empty for any other route or a malformed code.
std::string franceconnect_failure_of(std::string_view route);

// "#/personnel/invitation/<token>": the invitation's token (letters, digits, '-' and '_',
// 16 to 128 of them); empty for any other route.
std::string staff_invitation_token_of(std::string_view route);
// "#/personnel/personne/<kind>/<id>": the person the address names (kind "pupil" or
// "guardian", an id of letters, digits, '-' and '_'); nullopt for any other route.
struct PersonRef {
  std::string kind;
  std::string id;
  bool operator==(const PersonRef&) const = default;
};
std::optional<PersonRef> staff_person_of(std::string_view route);
std::string staff_person_route(const std::string& kind, const std::string& id);

}  // namespace sesame::web
