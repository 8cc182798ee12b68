#include "web/app/routes.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>

using namespace sesame::web;

TEST_CASE("every screen has a hash route that leads back to it", "[routes]") {
  for (Screen screen : {Screen::ProfileChoice, Screen::EduConnectProfile}) {
    auto route = route_of(screen);
    CHECK(route.substr(0, 2) == "#/");
    CHECK(screen_of(route) == screen);
  }
  CHECK(route_of(Screen::ProfileChoice) == "#/profil");
  CHECK(route_of(Screen::EduConnectProfile) == "#/educonnect");
}

TEST_CASE("a trailing slash is forgiven, unknown and empty routes are not screens", "[routes]") {
  CHECK(screen_of("#/profil/") == Screen::ProfileChoice);
  CHECK_FALSE(screen_of(""));
  CHECK_FALSE(screen_of("#"));
  CHECK_FALSE(screen_of("#/"));
  CHECK_FALSE(screen_of("#/inconnu"));
  CHECK_FALSE(screen_of("#/PROFIL"));
}

TEST_CASE("the accessibility statement has its route, reached with or without a trailing slash", "[routes]") {
  CHECK(route_of(Screen::Accessibility) == "#/accessibilite");
  CHECK(screen_of(route_of(Screen::Accessibility)) == Screen::Accessibility);
  CHECK(screen_of("#/accessibilite/") == Screen::Accessibility);
  CHECK_FALSE(screen_of("#/accessibilité"));  // the address is unaccented
}

TEST_CASE("the pupils' screens and a parent's first sign-in have their routes, in French without accents",
          "[routes]") {
  const std::pair<Screen, const char*> routes[] = {
      {Screen::PupilSignIn, "#/eleve/connexion"},
      {Screen::PupilHelp, "#/eleve/aide"},
      {Screen::PupilBirthDate, "#/eleve/premiere-connexion/naissance"},
      {Screen::PupilPassword, "#/eleve/premiere-connexion/mot-de-passe"},
      {Screen::PupilAccount, "#/eleve/compte"},
      {Screen::ParentFirstSignInChildren, "#/premiere-connexion/enfants"},
      {Screen::ParentFirstSignInPassword, "#/premiere-connexion/mot-de-passe"},
  };
  for (const auto& [screen, route] : routes) {
    INFO(route);
    CHECK(route_of(screen) == route);
    CHECK(screen_of(route) == screen);
    CHECK(screen_of(std::string(route) + "/") == screen);
  }
  CHECK_FALSE(screen_of("#/élève/connexion"));
  CHECK_FALSE(screen_of("#/eleve"));
}
