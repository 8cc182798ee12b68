// sesame-server: the HTTP API and the web client's files.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "server/app.h"
#include "server/config/process.h"
#include "server/delivery/gateways.h"
#include "server/delivery/smtp_gateway.h"
#include "server/http/request_guard.h"
#include "server/security/secrets.h"
#include "server/store/database.h"
#include "shared/profiles.h"

namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path db;
  std::filesystem::path web;
  bool dev = false;
  std::string public_origin;
  bool behind_proxy = false;
  std::filesystem::path services;
  std::vector<std::string> profile_urls;  // CODE=URL
  std::string sms_gateway;  // "dev" or "http"; chosen from the other options when empty
  std::string sms_gateway_url;
  std::string dev_sms_inbox;
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_user;
  std::filesystem::path smtp_password_file;
  std::string fc_issuer;  // FranceConnect: off when empty
  std::string fc_client_id;
  std::filesystem::path fc_client_secret_file;
  std::string fc_redirect_uri;
  std::string fc_post_logout_redirect_uri;
  std::string fc_scopes;
};

void describe_options(CLI::App& cli, Options& options) {
  cli.description(
      "Sésame: first connection and parent accounts for the ENT.\n"
      "Serves the HTTP API under /api/v1 and the web client's files at /.");
  cli.add_option("--listen", options.listen,
                 "Address to listen on ([::1]:PORT for IPv6); only that host is bound.\n"
                 "Port 0 picks a free port; the start line prints the URL.")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  cli.add_option("--db", options.db, "SQLite database file; created and migrated if needed")
      ->type_name("FILE")
      ->required();
  cli.add_option("--web", options.web, "Folder of the built web client (index.html, .js, .wasm…)")
      ->type_name("DIR")
      ->required()
      ->check(CLI::Validator(CLI::ExistingDirectory).description(""));  // keeps the help's DIR
  cli.add_flag("--dev", options.dev,
               "Development mode: verbose request log, SMS shown on the console and\n"
               "GET /api/v1/dev/outbox. Never in production.");
  cli.add_option("--public-origin", options.public_origin,
                 "The origin browsers reach Sésame by (https://ent.exemple.fr); state-changing\n"
                 "requests must carry it in their Origin header. Default: http://HOST:PORT of --listen.")
      ->type_name("URL");
  cli.add_option("--services", options.services,
                 "JSON file of the ENT services each school offers (\"Accéder à mes services\"):\n"
                 "{\"default\": [{\"name\", \"url\"}], \"schools\": {\"UAI\": [...]}}; \"{uai}\" in a url\n"
                 "becomes the school's UAI. Without it, no service is listed.")
      ->type_name("FILE")
      ->check(CLI::Validator(CLI::ExistingFile).description(""));
  cli.add_option("--profile-url", options.profile_urls,
                 "Where the first screen sends a profile Sésame does not serve, e.g.\n"
                 "personnel=https://ent.exemple.fr/agents (repeat for each profile). A profile\n"
                 "without one gets a French notice.")
      ->type_name("PROFILE=URL");
  cli.add_flag("--behind-proxy", options.behind_proxy,
               "Sésame is reached through a reverse proxy (nginx) that appends the client's\n"
               "address to X-Forwarded-For: the per-client limits use that address. Never\n"
               "when clients reach Sésame directly (they could write any address there).");
  cli.add_option("--sms-gateway", options.sms_gateway,
                 "How SMS leave: dev (printed on the console) or http (POSTed as JSON\n"
                 "{\"to\", \"text\"} to --sms-gateway-url). Default: dev with --dev, http otherwise.")
      ->type_name("dev|http")
      ->check(CLI::IsMember({"dev", "http"}).description(""));  // keeps the help's dev|http
  cli.add_option("--sms-gateway-url", options.sms_gateway_url,
                 "The SMS provider's endpoint for --sms-gateway http; required without --dev.")
      ->type_name("URL");
  cli.add_option("--dev-sms-inbox", options.dev_sms_inbox,
                 "With --sms-gateway dev: also append each SMS to FILE (one JSON line:\n"
                 "key, channel, to, text) and never deliver the same outbox message twice,\n"
                 "even after a crash, as a network that recognises a message would.")
      ->type_name("FILE");
  cli.add_option("--smtp-url", options.smtp_url,
                 "SMTP relay that sends the e-mails: smtp://HOST:PORT (STARTTLS required,\n"
                 "except on a loopback host) or smtps://HOST:PORT. Without it e-mails are\n"
                 "shown on the console with --dev, and otherwise wait in the outbox.")
      ->type_name("URL");
  cli.add_option("--smtp-from", options.smtp_from,
                 "Sender of the e-mails, required with --smtp-url:\n"
                 "\"Sésame ENT <no-reply@ent.exemple.fr>\" or a bare address.")
      ->type_name("ADDRESS");
  cli.add_option("--smtp-user", options.smtp_user, "Login on the SMTP relay, if it asks for one")
      ->type_name("NAME");
  cli.add_option("--smtp-password-file", options.smtp_password_file,
                 "File holding --smtp-user's password, so that it never shows in ps;\n"
                 "one trailing newline is ignored.")
      ->type_name("FILE");
  cli.add_option("--fc-issuer", options.fc_issuer,
                 "FranceConnect's issuer URL (its discovery document is ISSUER/.well-known/\n"
                 "openid-configuration); without it, FranceConnect is off.\n"
                 "make run uses sesame-fc-demo: http://127.0.0.1:8081/api/v2")
      ->type_name("URL");
  cli.add_option("--fc-client-id", options.fc_client_id, "The client id FranceConnect gave Sésame")
      ->type_name("ID");
  cli.add_option("--fc-client-secret-file", options.fc_client_secret_file,
                 "File holding the client secret, so that it never shows in ps")
      ->type_name("FILE");
  cli.add_option("--fc-redirect-uri", options.fc_redirect_uri,
                 "The callback URL registered with FranceConnect\n"
                 "(default: the public origin + /api/v1/franceconnect/callback)")
      ->type_name("URL");
  cli.add_option("--fc-post-logout-redirect-uri", options.fc_post_logout_redirect_uri,
                 "Where FranceConnect sends the parent after a logout (default: the public origin + /)")
      ->type_name("URL");
  cli.add_option("--fc-scopes", options.fc_scopes,
                 "The scopes asked (default: openid given_name family_name birthdate email)")
      ->type_name("SCOPES");
  cli.footer(
      "Example:\n"
      "  sesame-admin demo --db data/sesame.db\n"
      "  sesame-server --listen 127.0.0.1:8080 --db data/sesame.db --web build/web --dev");
}

// The SMS gateway the options ask for, or nullptr after explaining on the console
// why the server cannot start with them.
std::shared_ptr<sesame::delivery::Gateway> make_sms_gateway(const Options& options) {
  std::string kind = options.sms_gateway;
  if (kind.empty()) kind = options.dev && options.sms_gateway_url.empty() ? "dev" : "http";
  if (kind == "dev") {
    if (!options.dev) spdlog::warn("--sms-gateway dev: SMS are not sent, only logged (masked)");
    try {
      return std::make_shared<sesame::delivery::DevGateway>(options.dev, options.dev_sms_inbox);
    } catch (const std::runtime_error& error) {
      spdlog::error("--dev-sms-inbox: {}", error.what());
      return nullptr;
    }
  }
  if (!options.dev_sms_inbox.empty()) {
    spdlog::error("--dev-sms-inbox goes with the dev SMS gateway (--dev or --sms-gateway dev)");
    return nullptr;
  }
  if (options.sms_gateway_url.empty()) {
    spdlog::error(
        "no SMS gateway: give --sms-gateway-url URL (the provider's endpoint), "
        "or --dev to print SMS on the console");
    return nullptr;
  }
  try {
    return std::make_shared<sesame::delivery::HttpGateway>(options.sms_gateway_url);
  } catch (const std::invalid_argument& error) {
    spdlog::error("--sms-gateway-url: {}", error.what());
    return nullptr;
  }
}

// The e-mail gateway the options ask for; nullptr when e-mails are to stay
// queued; nullopt after explaining on the console why the server cannot start.
std::optional<std::shared_ptr<sesame::delivery::Gateway>> make_email_gateway(const Options& options) {
  const bool has_login = !options.smtp_user.empty() || !options.smtp_password_file.empty();
  if (options.smtp_url.empty() && (!options.smtp_from.empty() || has_login)) {
    spdlog::error("--smtp-from, --smtp-user and --smtp-password-file need --smtp-url URL (the SMTP relay)");
    return std::nullopt;
  }
  if (!options.smtp_url.empty() && options.smtp_from.empty()) {
    spdlog::error("--smtp-url needs --smtp-from ADDRESS, e.g. \"Sésame ENT <no-reply@ent.exemple.fr>\"");
    return std::nullopt;
  }
  if (has_login && (options.smtp_user.empty() || options.smtp_password_file.empty())) {
    spdlog::error("--smtp-user and --smtp-password-file go together");
    return std::nullopt;
  }
  if (options.smtp_url.empty()) {
    if (options.dev) return std::make_shared<sesame::delivery::DevGateway>(true);
    spdlog::warn("no e-mail gateway: e-mails wait in the outbox until the server runs with --smtp-url");
    return nullptr;
  }
  sesame::delivery::SmtpSettings settings;
  settings.url = options.smtp_url;
  settings.from = options.smtp_from;
  settings.username = options.smtp_user;
  if (!options.smtp_password_file.empty()) {
    const auto password = sesame::read_secret_file(options.smtp_password_file);
    if (!password) {
      spdlog::error("--smtp-password-file: cannot read {}", options.smtp_password_file.string());
      return std::nullopt;
    }
    settings.password = *password;
  }
  try {
    auto gateway = std::make_shared<sesame::delivery::SmtpGateway>(settings);
    spdlog::info("e-mails leave through the SMTP relay {} ({})", options.smtp_url,
                 gateway->requires_tls() ? "TLS required" : "loopback: STARTTLS when offered");
    return gateway;
  } catch (const std::invalid_argument& error) {
    spdlog::error("--smtp-url/--smtp-from: {}", error.what());
    return std::nullopt;
  }
}

int serve(const Options& options) {
  const auto listen = sesame::parse_listen_option(options.listen, "127.0.0.1:8080");
  if (!listen) return 2;

  const auto sms_gateway = make_sms_gateway(options);
  if (!sms_gateway) return 2;
  const auto email_gateway = make_email_gateway(options);
  if (!email_gateway) return 2;

  sesame::ShutdownSignals shutdown;  // before any thread starts: they inherit its signal mask

  sesame::store::Database database(options.db);
  if (database.migrated_from() != database.schema_version()) {
    spdlog::info("database {}: schema migrated from version {} to {}", options.db.string(),
                 database.migrated_from(), database.schema_version());
  } else {
    spdlog::info("database {}: schema version {}", options.db.string(), database.schema_version());
  }

  sesame::AppConfig config;
  // Next to the database, so that a backup of the folder keeps codes and
  // sessions valid, while a copy of the database file alone does not.
  std::filesystem::path key_file = options.db;
  key_file += ".key";
  config.server_key = sesame::security::load_or_create_server_key(key_file);
  config.listen = *listen;
  config.web_root = options.web;
  config.dev = options.dev;
  config.public_origin = options.public_origin;
  config.behind_proxy = options.behind_proxy;
  for (const std::string& entry : options.profile_urls) {
    const std::size_t equals = entry.find('=');
    const std::string code = entry.substr(0, equals);
    const std::string url = equals == std::string::npos ? "" : entry.substr(equals + 1);
    const bool known = std::any_of(sesame::profiles().begin(), sesame::profiles().end(),
                                   [&](const sesame::Choice& p) { return p.code == code; });
    if (!known || code == "parent" || !sesame::ent_services::is_safe_link(url)) {
      spdlog::error("--profile-url {}: expected PROFILE=https://…, PROFILE one of eleve, personnel, agricole, "
                    "collectivite",
                    entry);
      return 2;
    }
    config.public_settings.sign_in_urls.push_back({code, url});
  }
  if (!options.services.empty()) {
    try {
      config.ent_services =
          std::make_shared<const sesame::ent_services::Catalog>(sesame::ent_services::Catalog::load(options.services));
    } catch (const sesame::ent_services::CatalogError& error) {
      spdlog::error("--services: {}", error.what());
      return 2;
    }
  }
  if (!options.fc_issuer.empty()) {
    const auto secret = sesame::read_secret_file(options.fc_client_secret_file);
    if (options.fc_client_id.empty() || !secret || secret->empty()) {
      spdlog::error("--fc-issuer needs --fc-client-id and a readable --fc-client-secret-file");
      return 2;
    }
    config.franceconnect.issuer = options.fc_issuer;
    config.franceconnect.client_id = options.fc_client_id;
    config.franceconnect.client_secret = *secret;
    config.franceconnect.redirect_uri = options.fc_redirect_uri;
    config.franceconnect.post_logout_redirect_uri = options.fc_post_logout_redirect_uri;
    if (!options.fc_scopes.empty()) config.franceconnect.scopes = options.fc_scopes;
    spdlog::info("FranceConnect: issuer {}, client {}", options.fc_issuer, options.fc_client_id);
  }
  config.sms_gateway = sms_gateway;
  config.email_gateway = *email_gateway;
  sesame::App app(config, database);
  app.bind();

  shutdown.watch([&app] { app.stop(); }, "finishing the requests in progress");

  if (options.dev)
    spdlog::warn("development mode (--dev): development aids are on; never use it in production");
  spdlog::info("serving the web client from {}", std::filesystem::canonical(options.web).string());
  spdlog::info("Sésame listening on {} (public origin {})", app.url(), app.public_origin());
  app.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli("", "sesame-server");
  describe_options(cli, options);
  CLI11_PARSE(cli, argc, argv);

  spdlog::set_level(options.dev ? spdlog::level::debug : spdlog::level::info);
  return sesame::run_program([&options] { return serve(options); });
}
