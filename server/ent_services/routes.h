#pragma once
// GET /api/v1/me/services: the services of each school of the signed-in
// parent's children (docs/api.md).
#include <memory>

#include "server/ent_services/catalog.h"
#include "server/http/router.h"
#include "server/services.h"

namespace sesame::ent_services {

void add_routes(http::Router& router, Services& services, std::shared_ptr<const Catalog> catalog);

}  // namespace sesame::ent_services
