#include "server/ent_services/routes.h"

#include <algorithm>

#include "server/accounts/account_page.h"
#include "server/http/binder.h"
#include "server/http/errors.h"
#include "server/sessions/sessions.h"

namespace sesame::ent_services {

namespace {

// Each school of the children once, in the order the account lists the children;
// a pupil's own school.
api::ServicesAnswer services_for(const Catalog& catalog, const api::Account& account) {
  api::ServicesAnswer answer;
  if (account.pupil) {
    const api::School& school = account.pupil->school;
    answer.schools.push_back(
        api::SchoolServices{school.uai, school.name, school.city, catalog.services_of(school.uai)});
    return answer;
  }
  for (const api::Child& child : account.children) {
    const bool seen = std::any_of(answer.schools.begin(), answer.schools.end(),
                                  [&](const api::SchoolServices& s) { return s.uai == child.school.uai; });
    if (seen) continue;
    answer.schools.push_back(api::SchoolServices{child.school.uai, child.school.name, child.school.city,
                                                 catalog.services_of(child.school.uai)});
  }
  return answer;
}

// GET /api/v1/me/services: the services of each school of the account's children
// (parents and pupils alike: sessions::signed_in_any).
void show_services(const Catalog& catalog, const Services& services, const sessions::CurrentSession& session,
                   const httplib::Request&, httplib::Response& res) {
  auto connection = services.database.connection();
  const std::optional<api::Account> account = accounts::load_account(*connection, session.account_id);
  if (!account) return http::send_error(res, 401, "not_authenticated");
  http::send_json(res, 200, services_for(catalog, *account));
}

}  // namespace

void add_routes(http::Router& router, Services& services, std::shared_ptr<const Catalog> catalog) {
  const http::Binder bind(std::move(catalog), services);
  router.get("/api/v1/me/services", bind(sessions::signed_in_any(show_services)));
}

}  // namespace sesame::ent_services
