#pragma once
// HTTP of recovery: POST /api/v1/recovery/identifier, /recovery/password,
// /recovery/password/{flow}/code, /recovery/password/{flow}/password (docs/api.md).
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::recovery {

void add_routes(http::Router& router, Services& services);

}  // namespace sesame::recovery
