#pragma once
// Routes anyone may call before signing in: health check and client configuration.
#include "server/http/router.h"
#include "server/store/database.h"

namespace sesame::public_api {

struct PublicSettings {
  bool franceconnect_enabled = false;
  int sms_code_validity_minutes = 30;  // the guide: "valable 30 min"
};

void add_routes(http::Router& router, store::Database& database, const PublicSettings& settings);

}  // namespace sesame::public_api
