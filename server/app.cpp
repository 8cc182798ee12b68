#include "server/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <thread>

#include "server/delivery/dev_routes.h"
#include "server/ent_services/routes.h"
#include "server/flows/account/routes.h"
#include "server/flows/activation/routes.h"
#include "server/flows/recovery/routes.h"
#include "server/flows/first_sign_in/routes.h"
#include "server/flows/sign_in/routes.h"
#include "server/franceconnect/routes.h"
#include "server/http/errors.h"
#include "server/http/failures.h"
#include "server/http/request_guard.h"
#include "server/http/router.h"
#include "server/staff/routes.h"

namespace sesame {

namespace {

AppConfig with_defaults(AppConfig config) {
  if (!config.clock) config.clock = std::make_shared<SystemClock>();
  config.limits.max_body_bytes = config.security.max_body_bytes;
  return config;
}

security::Argon2Params argon2_params(const PasswordHashingConfig& config) {
  return security::Argon2Params{config.memory_bytes, config.iterations};
}

security::ServerKey server_key(const std::optional<security::ServerKey>& configured) {
  return configured ? *configured : security::random_server_key();
}

}  // namespace

App::App(AppConfig config, store::Database& database)
    : config_(with_defaults(std::move(config))),
      database_(database),
      sender_(database_, *config_.clock, {config_.sms_gateway.get(), config_.email_gateway.get()},
              config_.delivery),
      janitor_(database_, *config_.clock, config_.security, config_.retention),
      password_hasher_(argon2_params(config_.security.password_hashing),
                       config_.security.password_hashing.max_concurrent_hashes),
      keyed_hasher_(server_key(config_.server_key)),
      public_origin_(http::normalize_origin(config_.public_origin)),
      services_{database_,        config_.security, *config_.clock, sender_,
                password_hasher_, keyed_hasher_,    public_origin_},
      static_files_(config_.web_root) {
  services_.behind_proxy = config_.behind_proxy;
  install_handlers();
}

void App::install_handlers() {
  http::apply_limits(server_, config_.limits);
  server_.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  });
  // Body framing first (limits.h), then the CSRF rules of every state-changing
  // API request (request_guard.h): no route can be reached without both.
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (http::is_api_path(req.path)) http::forbid_caching(res);
    if (http::guard_request_body(req, res, config_.limits.max_body_bytes) ==
        httplib::Server::HandlerResponse::Handled)
      return httplib::Server::HandlerResponse::Handled;
    return http::guard_api_request(req, res, public_origin_);
  });
  server_.set_error_handler(httplib::Server::HandlerWithResponse(http::complete_error_response));
  // A storage that cannot serve answers 503 with Retry-After, anything else 500 (failures.h).
  server_.set_exception_handler(http::answer_exception);
  server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} {}", req.method, http::logged_path(req), res.status);
  });

  http::Router api(server_);
  public_api::PublicSettings public_settings = config_.public_settings;
  public_settings.sms_code_validity_minutes =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(config_.security.sms_code.validity).count());
  public_settings.sms_resend_interval_seconds = static_cast<int>(config_.security.resend.min_interval.count());
  public_settings.franceconnect_enabled = config_.franceconnect.enabled();
  public_api::add_routes(api, database_, public_settings);
  activation::add_routes(api, services_);
  sign_in::add_routes(api, services_);
  first_sign_in::add_routes(api, services_);
  staff::add_routes(api, services_);
  account::add_routes(api, services_);
  recovery::add_routes(api, services_);
  if (config_.franceconnect.enabled())
    franceconnect::add_routes(api, services_, std::make_shared<franceconnect::Provider>(config_.franceconnect));
  ent_services::add_routes(api, services_,
                           config_.ent_services ? config_.ent_services : std::make_shared<ent_services::Catalog>());
  if (config_.dev) {
    delivery::add_dev_routes(api, database_);
    staff::add_dev_routes(api, services_);
  }
  if (config_.extra_routes) config_.extra_routes(api, services_);
  api.close();

  server_.Get(".*",
              [this](const httplib::Request& req, httplib::Response& res) { static_files_.serve(req, res); });
}

int App::bind() {
  const auto& [host, port] = config_.listen;
  port_ = port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (port_ < 0) throw std::runtime_error("cannot listen on " + config_.listen.url(port));
  if (public_origin_.empty()) public_origin_ = http::normalize_origin(url());
  return port_;
}

void App::run() {
  if (port_ < 0) bind();
  sender_.start();
  janitor_.start();
  run_active_ = true;
  if (!stop_requested_) server_.listen_after_bind();
  run_active_ = false;
  sender_.stop();
  janitor_.stop();
}

void App::stop() {
  stop_requested_ = true;
  // cpp-httplib ignores a stop that comes before its accept loop has started:
  // if run() is between its check and that loop, wait for the loop.
  while (run_active_ && !server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_.stop();
}

}  // namespace sesame
