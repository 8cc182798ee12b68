#pragma once
// Who is asking, for the per-client limits. Behind a reverse proxy every
// connection comes from the proxy, so the client is the address the proxy
// appended last to X-Forwarded-For (the only entry it vouches for; earlier ones
// are whatever the client wrote). Directly exposed, the header is ignored: a
// client could write anything there.
#include <httplib.h>

#include <string>

namespace sesame::http {

std::string client_address(const httplib::Request& req, bool behind_proxy);

}  // namespace sesame::http
