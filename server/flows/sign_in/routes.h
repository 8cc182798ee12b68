#pragma once
// HTTP of sign-in and the account page: POST and DELETE /api/v1/session,
// GET and PATCH /api/v1/me (docs/api.md).
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::sign_in {

void add_routes(http::Router& router, Services& services);

}  // namespace sesame::sign_in
