#pragma once
// POST /api/v1/first-sign-in/{flow}/birth-date and /password.
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::first_sign_in {

void add_routes(http::Router& router, Services& services);

}  // namespace sesame::first_sign_in
