#pragma once
// "Accéder à mes services": the ENT's links for the schools of the parent's
// children, or of the pupil's own school (GET /api/v1/me/services), asked each
// time the page opens, and a service opened only among the links the server gave.
#include <string>
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web::ent_services {

// "Accéder à mes services" on #/compte or #/eleve/compte.
void open(AppState& state, std::vector<Request>& out);
// Asks the server for the list (entering #/compte/services, "Réessayer").
void load(AppState& state, std::vector<Request>& out);
// A service's link: the browser leaves for it.
void open_service(AppState& state, std::vector<Request>& out, const std::string& url);
void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer);

}  // namespace sesame::web::ent_services
