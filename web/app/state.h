#pragma once
// Everything the client shows, as plain data: the UI draws it, `update` changes it.
#include <string>

#include "web/app/server_config.h"

namespace sesame::web {

// One per page of the guide; each has a hash route (routes.h).
enum class Screen {
  ProfileChoice,      // "Veuillez renseigner quelques informations…" (#/profil)
  EduConnectProfile,  // "Je sélectionne mon profil": Responsable d'élève / Élève (#/educonnect)
};

enum class LoadStatus { Loading, Loaded, Failed };

// The first screen's three questions.
struct ProfileChoiceForm {
  std::string profile;    // a profile code, empty until chosen
  std::string level;      // a level code, empty until chosen
  bool remember = false;  // "Oui (je me connecte depuis mon ordinateur)"
  bool operator==(const ProfileChoiceForm&) const = default;
};

enum class EduConnectRole { None, Guardian, Pupil };

// A message shown under the form after an action; the UI words it in French.
enum class Notice {
  None,
  ProfileNotServedYet,   // "Se connecter" with a profile other than the parents'
  EduConnectComingSoon,  // a role picked on the placeholder second screen
};

struct AppState {
  Screen screen = Screen::ProfileChoice;
  LoadStatus config_status = LoadStatus::Loading;
  ServerConfig config = compiled_config();
  ProfileChoiceForm choice;
  EduConnectRole educonnect_role = EduConnectRole::None;
  Notice notice = Notice::None;

  // "Se connecter" is enabled once a profile and a level are chosen.
  bool can_connect() const { return !choice.profile.empty() && !choice.level.empty(); }
};

}  // namespace sesame::web
