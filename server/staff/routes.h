#pragma once
// /api/v1/staff/…: the staff's invitation, sign-in and console (docs/api.md,
// "School staff: the console").
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::staff {

void add_routes(http::Router& router, Services& services);
// With --dev only: GET /api/v1/dev/staff-code?email=… answers {code}, the
// member's current TOTP code, so that the demo's console opens without a phone.
void add_dev_routes(http::Router& router, Services& services);

}  // namespace sesame::staff
