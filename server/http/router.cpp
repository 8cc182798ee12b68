#include "server/http/router.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "server/http/errors.h"

namespace sesame::http {

namespace {

// HEAD is served by the GET handlers; the others are what a browser may send.
constexpr std::array<std::string_view, 6> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

std::string allow_header(const std::vector<std::string>& methods) {
  std::string allow;
  for (const std::string& method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
    if (method == "GET") allow += ", HEAD";
  }
  return allow;
}

}  // namespace

Router& Router::get(const std::string& pattern, Handler handler) {
  return add("GET", pattern, std::move(handler));
}
Router& Router::post(const std::string& pattern, Handler handler) {
  return add("POST", pattern, std::move(handler));
}
Router& Router::put(const std::string& pattern, Handler handler) {
  return add("PUT", pattern, std::move(handler));
}
Router& Router::patch(const std::string& pattern, Handler handler) {
  return add("PATCH", pattern, std::move(handler));
}
Router& Router::del(const std::string& pattern, Handler handler) {
  return add("DELETE", pattern, std::move(handler));
}

Router& Router::add(const std::string& method, const std::string& pattern, Handler handler) {
  auto route =
      std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) { return r.pattern == pattern; });
  if (route == routes_.end()) route = routes_.insert(routes_.end(), Route{pattern, {}});
  route->methods.push_back(method);
  register_handler(method, pattern, std::move(handler));
  return *this;
}

void Router::register_handler(const std::string& method, const std::string& pattern, Handler handler) {
  if (method == "GET") {
    server_.Get(pattern, std::move(handler));
  } else if (method == "POST") {
    server_.Post(pattern, std::move(handler));
  } else if (method == "PUT") {
    server_.Put(pattern, std::move(handler));
  } else if (method == "PATCH") {
    server_.Patch(pattern, std::move(handler));
  } else if (method == "DELETE") {
    server_.Delete(pattern, std::move(handler));
  } else if (method == "OPTIONS") {
    server_.Options(pattern, std::move(handler));
  }
}

void Router::close() {
  for (const Route& route : routes_) {
    const std::string allow = allow_header(route.methods);
    for (std::string_view method : kMethods) {
      if (std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end()) continue;
      register_handler(std::string(method), route.pattern,
                       [allow](const httplib::Request&, httplib::Response& res) {
                         res.set_header("Allow", allow);
                         send_error(res, 405, "method_not_allowed");
                       });
    }
  }
  for (std::string_view method : kMethods) {
    register_handler(std::string(method), "/api(/.*)?", [](const httplib::Request&, httplib::Response& res) {
      send_error(res, 404, "not_found");
    });
  }
}

}  // namespace sesame::http
