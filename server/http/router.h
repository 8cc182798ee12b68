#pragma once
// The API's route table on top of cpp-httplib: features add their routes, then
// close() makes every other request under /api answer in JSON — 405 for a known
// path with another method, 404 for an unknown path — so /api never falls
// through to the static files.
#include <httplib.h>

#include <string>
#include <vector>

namespace sesame::http {

class Router {
 public:
  using Handler = httplib::Server::Handler;

  explicit Router(httplib::Server& server) : server_(server) {}

  // `pattern` is a regular expression on the whole (decoded) path, as in cpp-httplib.
  Router& get(const std::string& pattern, Handler handler);
  Router& post(const std::string& pattern, Handler handler);
  Router& put(const std::string& pattern, Handler handler);
  Router& patch(const std::string& pattern, Handler handler);
  Router& del(const std::string& pattern, Handler handler);

  // Call once, after the last route.
  void close();

 private:
  struct Route {
    std::string pattern;
    std::vector<std::string> methods;
  };
  Router& add(const std::string& method, const std::string& pattern, Handler handler);
  void register_handler(const std::string& method, const std::string& pattern, Handler handler);

  httplib::Server& server_;
  std::vector<Route> routes_;  // in registration order
};

}  // namespace sesame::http
