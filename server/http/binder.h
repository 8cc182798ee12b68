#pragma once
// Routes as a table. A feature's handlers are plain functions of its context
// (a flow, a catalogue, a relying party), the services and the exchange:
//
//   void start(ActivationFlow& flow, const Services& services,
//              const httplib::Request& req, httplib::Response& res);
//
// and add_routes() lists them:
//
//   const http::Binder bind(std::make_shared<ActivationFlow>(services), services);
//   router.post("/api/v1/activation", bind(start))
//         .post(path + "/sms", bind(verify_code));
//
// The binder owns the context for as long as the server keeps the handlers.
// Decorators such as sessions::signed_in(handler) wrap a handler first.
#include <httplib.h>

#include <memory>
#include <utility>

namespace sesame {
struct Services;
}

namespace sesame::http {

template <class Context>
class Binder {
 public:
  Binder(std::shared_ptr<Context> context, Services& services)
      : context_(std::move(context)), services_(&services) {}

  // `handler`: callable as handler(Context&, const Services&, req, res).
  template <class Handler>
  httplib::Server::Handler operator()(Handler handler) const {
    return
        [context = context_, services = services_, handler = std::move(handler)](
            const httplib::Request& req, httplib::Response& res) { handler(*context, *services, req, res); };
  }

 private:
  std::shared_ptr<Context> context_;
  Services* services_;
};

}  // namespace sesame::http
