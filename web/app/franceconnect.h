#pragma once
// Méthode A of the guide: "S'identifier avec FranceConnect" leaves for the
// server's /franceconnect/authorize; back from the provider, an identity
// unknown here lands on "Rattacher des élèves" (the mobile known to the
// school), then the activation flow's code and children screens, without a
// password; a failure lands on its French explanation.
#include <string>
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::franceconnect {

inline constexpr const char* kAuthorizePath = "/api/v1/franceconnect/authorize";
inline constexpr const char* kLogoutPath = "/api/v1/franceconnect/logout";
inline constexpr const char* kInfoUrl = "https://franceconnect.gouv.fr/";

void sign_in(AppState& state, std::vector<Request>& out);  // the button, or "Réessayer"
// Entering #/franceconnect/rattacher (asks who FranceConnect identified) or the failure page.
void enter_attach(AppState& state, std::vector<Request>& out);
void enter_failure(AppState& state, const std::string& route);
void submit_attach(AppState& state, std::vector<Request>& out);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

}  // namespace sesame::web::franceconnect
