#pragma once
// FranceConnect's routes (docs/api.md, "FranceConnect"): authorize, callback,
// pending, attach, logout. Registered only when FranceConnect is configured.
#include <memory>

#include "server/franceconnect/provider.h"
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::franceconnect {

void add_routes(http::Router& router, Services& services, std::shared_ptr<Provider> provider);

}  // namespace sesame::franceconnect
