#pragma once
// HTTP of "Je n'ai pas de compte": POST /api/v1/activation and its steps
// /{flow}/sms/resend, /{flow}/sms, /{flow}/children, /{flow}/password (docs/api.md).
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::activation {

void add_routes(http::Router& router, Services& services);

}  // namespace sesame::activation
