#include "server/ent_services/routes.h"

#include <algorithm>

#include "server/accounts/account_page.h"
#include "server/http/errors.h"
#include "server/sessions/sessions.h"

namespace sesame::ent_services {

namespace {

// Each school of the children once, in the order the account lists the children.
api::ServicesAnswer services_for(const Catalog& catalog, const api::Account& account) {
  api::ServicesAnswer answer;
  for (const api::Child& child : account.children) {
    const bool seen = std::any_of(answer.schools.begin(), answer.schools.end(),
                                  [&](const api::SchoolServices& s) { return s.uai == child.school.uai; });
    if (seen) continue;
    answer.schools.push_back(api::SchoolServices{child.school.uai, child.school.name, child.school.city,
                                                 catalog.services_of(child.school.uai)});
  }
  return answer;
}

}  // namespace

void add_routes(http::Router& router, Services& services, std::shared_ptr<const Catalog> catalog) {
  router.get("/api/v1/me/services", [&services, catalog](const httplib::Request& req, httplib::Response& res) {
    const auto session = sessions::require_session(services, req, res);
    if (!session) return;
    auto connection = services.database.connection();
    const std::optional<api::Account> account = accounts::load_account(*connection, session->account_id);
    if (!account) return http::send_error(res, 401, "not_authenticated");
    res.set_header("Cache-Control", "no-store");
    http::send_json(res, 200, services_for(*catalog, *account));
  });
}

}  // namespace sesame::ent_services
