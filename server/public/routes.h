#pragma once
// Routes anyone may call before signing in: health check and client configuration.
#include <vector>

#include "server/http/router.h"
#include "shared/api.h"
#include "server/store/database.h"

namespace sesame::public_api {

struct PublicSettings {
  bool franceconnect_enabled = false;
  // Both from SecurityConfig (App fills them in), so the screens say what the flows do.
  int sms_code_validity_minutes = 30;    // the guide: "valable 30 min"
  int sms_resend_interval_seconds = 60;  // "Renvoyer le SMS" waits this long between two sends
  // The sign-in pages of the profiles Sésame does not serve (--profile-url).
  std::vector<api::ProfileSignIn> sign_in_urls;
};

void add_routes(http::Router& router, store::Database& database, const PublicSettings& settings);

}  // namespace sesame::public_api
