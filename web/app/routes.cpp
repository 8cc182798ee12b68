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
    {Screen::ParentFirstSignInChildren, "#/premiere-connexion/enfants"},
    {Screen::ParentFirstSignInPassword, "#/premiere-connexion/mot-de-passe"},
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
    {Screen::StaffSignIn, "#/personnel/connexion"},
    {Screen::StaffCode, "#/personnel/code"},
    {Screen::StaffInvitation, "#/personnel/invitation"},  // + "/<token>"
    {Screen::StaffConsole, "#/personnel/console"},
    {Screen::StaffPerson, "#/personnel/personne"},  // + "/<kind>/<id>"
};

constexpr std::string_view kInvitationPrefix = "#/personnel/invitation/";
constexpr std::string_view kPersonPrefix = "#/personnel/personne/";

// Only what an opaque id may hold: nothing else from the address bar reaches a path.
bool opaque_id(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max &&
         text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
             std::string_view::npos;
}
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
  // A malformed invitation or person still opens their screen, which says or corrects it.
  if (route.starts_with(kInvitationPrefix)) return Screen::StaffInvitation;
  if (route.starts_with(kPersonPrefix)) return Screen::StaffPerson;
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

std::string staff_invitation_token_of(std::string_view route) {
  if (!route.starts_with(kInvitationPrefix)) return {};
  std::string_view token = route.substr(kInvitationPrefix.size());
  if (!token.empty() && token.back() == '/') token.remove_suffix(1);
  return opaque_id(token, 16, 128) ? std::string(token) : std::string();
}

std::optional<PersonRef> staff_person_of(std::string_view route) {
  if (!route.starts_with(kPersonPrefix)) return std::nullopt;
  std::string_view rest = route.substr(kPersonPrefix.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view kind = rest.substr(0, slash), id = rest.substr(slash + 1);
  if ((kind != "pupil" && kind != "guardian") || !opaque_id(id, 1, 64)) return std::nullopt;
  return PersonRef{std::string(kind), std::string(id)};
}

std::string staff_person_route(const std::string& kind, const std::string& id) {
  return std::string(kPersonPrefix) + kind + "/" + id;
}

}  // namespace sesame::web
