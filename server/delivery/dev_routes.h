#pragma once
// GET /api/v1/dev/outbox?to=… (development only; docs/api.md, the section of
// that name): the messages Sésame would have sent, newest first, so that a
// developer or an end-to-end test reads the SMS code without a phone. App
// registers it only with --dev; otherwise the path is an unknown one (404).
#include "server/http/router.h"
#include "server/store/database.h"

namespace sesame::delivery {

void add_dev_routes(http::Router& router, store::Database& database);

}  // namespace sesame::delivery
