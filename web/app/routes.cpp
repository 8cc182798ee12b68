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
    {Screen::RecoveryIdentifier, "#/identifiant-oublie"},
    {Screen::RecoveryPasswordIdentifier, "#/mot-de-passe-oublie"},
    {Screen::RecoveryPasswordCode, "#/mot-de-passe-oublie/code"},
    {Screen::RecoveryPasswordNew, "#/mot-de-passe-oublie/nouveau"},
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
  return std::nullopt;
}

}  // namespace sesame::web
