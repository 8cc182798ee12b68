#include "server/public/routes.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "server/http/errors.h"
#include "server/http/failures.h"
#include "shared/api.h"

namespace sesame::public_api {

namespace {

// Healthy means able to read the database too: a load balancer should not send
// parents to a server whose storage is gone.
void health(store::Database& database, httplib::Response& res) {
  try {
    database.connection()->query_integer("PRAGMA user_version");
  } catch (const store::StoreError& error) {
    // Damaged or out of reach alike: no parent should be sent here.
    spdlog::error("health check: {}: {}", store::sqlite_code_name(error.sqlite_code()), error.what());
    return http::send_unavailable(res);
  }
  http::send_json(res, 200, api::Health{"ok"});
}

}  // namespace

void add_routes(http::Router& router, store::Database& database, const PublicSettings& settings) {
  // What the first screen needs: the guide's profiles and levels, and which ways in are open.
  // It never changes while the server runs.
  const nlohmann::json config =
      api::make_config_answer(settings.franceconnect_enabled, settings.sms_code_validity_minutes,
                              settings.sms_resend_interval_seconds, settings.sign_in_urls);

  router
      .get("/api/v1/health",
           [&database](const httplib::Request&, httplib::Response& res) { health(database, res); })
      .get("/api/v1/config",
           [config](const httplib::Request&, httplib::Response& res) { http::send_json(res, 200, config); });
}

}  // namespace sesame::public_api
