#pragma once
// HTTP of "Mon compte" changes: POST /api/v1/me/email, /me/email/verify,
// /me/phone, /me/phone/verify, /me/password, /me/children, /me/children/from-account
// (docs/api.md). Every route needs the session cookie.
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::account {

void add_routes(http::Router& router, Services& services);

}  // namespace sesame::account
