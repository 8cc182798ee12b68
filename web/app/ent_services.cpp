#include "web/app/ent_services.h"

#include <nlohmann/json.hpp>

#include "web/app/answers.h"
#include "web/app/navigation.h"
#include "web/app/sign_in.h"

namespace sesame::web::ent_services {

void open(AppState& state, std::vector<Request>& out) {
  if (state.busy || (state.screen != Screen::Account && state.screen != Screen::PupilAccount)) return;
  go(state, out, Screen::AccountServices);
  load(state, out);
}

void load(AppState& state, std::vector<Request>& out) {
  if (state.services_status == LoadStatus::Loading && state.services_asked) return;  // one request at a time
  state.services_status = LoadStatus::Loading;
  state.services_asked = true;
  state.form_error.clear();
  out.push_back(HttpRequest{RequestKind::Services, "GET", "/api/v1/me/services", ""});
}

void open_service(AppState& state, std::vector<Request>& out, const std::string& url) {
  if (state.screen != Screen::AccountServices || !state.services) return;
  // Only a link of the server's answer: nothing else can send the parent elsewhere.
  for (const api::SchoolServices& school : state.services->schools)
    for (const api::Service& service : school.services)
      if (service.url == url) return out.push_back(OpenUrl{url});
}

void answered(AppState& state, std::vector<Request>& out, const HttpAnswered& answer) {
  state.services_asked = false;
  if (answer.status == 200) {
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    if (auto services = api::decode<api::ServicesAnswer>(body)) {
      state.services = std::move(*services);
      state.services_status = LoadStatus::Loaded;
      return;
    }
  }
  state.services_status = LoadStatus::Failed;
  const api::ErrorBody error = read_error(answer.status, answer.body);
  if (answer.status == 401 && state.screen == Screen::AccountServices)
    return sign_in::session_lost(state, out, error.message);
  state.form_error = error.message;
}

}  // namespace sesame::web::ent_services
