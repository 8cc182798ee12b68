#include "web/app/routes.h"

namespace sesame::web {

namespace {
struct RouteEntry {
  Screen screen;
  std::string_view route;
};
constexpr RouteEntry kRoutes[] = {
    {Screen::ProfileChoice, "#/profil"},
    {Screen::EduConnectProfile, "#/educonnect"},
    {Screen::SignIn, "#/connexion"},
    {Screen::PupilSignIn, "#/eleve/connexion"},
    {Screen::PupilHelp, "#/eleve/aide"},
    {Screen::PupilBirthDate, "#/eleve/premiere-connexion/naissance"},
    {Screen::PupilPassword, "#/eleve/premiere-connexion/mot-de-passe"},
    {Screen::PupilAccount, "#/eleve/compte"},
    {Screen::ActivationIdentity, "#/activation/identite"},
    {Screen::ActivationCode, "#/activation/code"},
    {Screen::ActivationChildren, "#/activation/enfants"},
    {Screen::ActivationPassword, "#/activation/mot-de-passe"},
    {Screen::ActivationIdentifier, "#/activation/identifiant"},
    {Screen::Account, "#/compte"},
    {Screen::AccountEmail, "#/compte/email"},
    {Screen::AccountPhone, "#/compte/telephone"},
    {Screen::AccountPassword, "#/compte/mot-de-passe"},
    {Screen::AccountFromAccount, "#/compte/ajout-eleve"},
    {Screen::AccountServices, "#/compte/services"},
    {Screen::AccountFranceConnect, "#/compte/franceconnect"},
    // Where the server's callback lands after a link: "Mon compte" and its success alert.
    {Screen::Account, kFranceConnectLinkedRoute},
    {Screen::RecoveryIdentifier, "#/identifiant-oublie"},
    {Screen::RecoveryPasswordIdentifier, "#/mot-de-passe-oublie"},
    {Screen::RecoveryPasswordCode, "#/mot-de-passe-oublie/code"},
    {Screen::RecoveryPasswordNew, "#/mot-de-passe-oublie/nouveau"},
    {Screen::FranceConnectAttach, "#/franceconnect/rattacher"},
    {Screen::FranceConnectFailure, "#/franceconnect/echec"},  // + "/<code>"
    {Screen::Accessibility, "#/accessibilite"},
};
}  // namespace

std::string_view route_of(Screen screen) {
  for (const auto& entry : kRoutes)
    if (entry.screen == screen) return entry.route;
  return kRoutes[0].route;
}

std::optional<Screen> screen_of(std::string_view route) {
  // A trailing slash is what people type by habit: "#/profil/".
  if (route.size() > 2 && route.back() == '/') route.remove_suffix(1);
  for (const auto& entry : kRoutes)
    if (entry.route == route) return entry.screen;
  if (!franceconnect_failure_of(route).empty()) return Screen::FranceConnectFailure;
  return std::nullopt;
}

std::string franceconnect_failure_of(std::string_view route) {
  constexpr std::string_view kPrefix = "#/franceconnect/echec/";
  if (!route.starts_with(kPrefix)) return {};
  std::string code(route.substr(kPrefix.size()));
  if (!code.empty() && code.back() == '/') code.pop_back();
  // A catalogue code: lower-case letters and underscores, nothing else from the address bar.
  const bool shaped = !code.empty() && code.size() <= 64 &&
                      code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
  return shaped ? code : std::string();
}

}  // namespace sesame::web
