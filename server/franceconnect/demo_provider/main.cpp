// sesame-fc-demo: a FranceConnect v2 look-alike for development and tests.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <stdexcept>

#include "server/config/process.h"
#include "server/franceconnect/demo_provider/provider.h"
#include "server/http/listen_address.h"

namespace {

namespace demo = sesame::franceconnect::demo;

struct Options {
  std::string listen = "127.0.0.1:8081";
  std::string issuer;
  std::filesystem::path identities;
  std::string client_id = "sesame-demo";
  std::filesystem::path client_secret_file;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::filesystem::path key;
  std::string alg = "ES256";
  bool no_iss = false;
};

void describe_options(CLI::App& cli, Options& options) {
  cli.description(
      "sesame-fc-demo: a demonstration OpenID Connect provider that behaves like\n"
      "FranceConnect v2's integration platform, with test identities to pick on a page.\n"
      "For development and tests only: never in production.");
  cli.add_option("--listen", options.listen, "Address to listen on; port 0 picks a free port")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  cli.add_option("--issuer", options.issuer,
                 "The issuer URL the tokens name; the endpoints live under its path.\n"
                 "Default: http://HOST:PORT/api/v2 of --listen.")
      ->type_name("URL");
  cli.add_option("--identities", options.identities,
                 "JSON list of test identities {id, given_name, family_name, birthdate,\n"
                 "email, gender, preferred_username}. Default: the shipped file.")
      ->type_name("FILE")
      ->check(CLI::Validator(CLI::ExistingFile).description(""));
  cli.add_option("--client-id", options.client_id, "The one service allowed to sign in")
      ->type_name("ID")
      ->capture_default_str();
  cli.add_option("--client-secret-file", options.client_secret_file,
                 "File holding the service's secret (one trailing newline ignored).\n"
                 "Default: the development secret \"sesame-demo-secret\".")
      ->type_name("FILE");
  cli.add_option("--redirect-uri", options.redirect_uris,
                 "A registered return address, compared exactly (repeatable).\n"
                 "Default: http://127.0.0.1:8080/api/v1/franceconnect/callback")
      ->type_name("URI");
  cli.add_option("--post-logout-redirect-uri", options.post_logout_redirect_uris,
                 "A registered address to return to after logout (repeatable).\n"
                 "Default: http://127.0.0.1:8080/")
      ->type_name("URI");
  cli.add_option("--key", options.key,
                 "PEM file of the signing key, created (mode 0600) when absent so that a\n"
                 "restart keeps it. Without it, a fresh key at each start.")
      ->type_name("FILE");
  cli.add_option("--alg", options.alg, "Signature algorithm of id_token and userinfo")
      ->type_name("ES256|RS256")
      ->check(CLI::IsMember({"ES256", "RS256"}).description(""))
      ->capture_default_str();
  cli.add_flag("--no-iss", options.no_iss,
               "Neither announce nor send RFC 9207's iss with the answers to the\n"
               "redirect URI, as a provider without it (FranceConnect v2 sends it)");
  cli.footer(
      "Example:\n"
      "  sesame-fc-demo --listen 127.0.0.1:8081 --key data/fc-demo.pem\n"
      "  then open http://127.0.0.1:8081/api/v2/.well-known/openid-configuration");
}

int serve(const Options& options) {
  const auto listen = sesame::parse_listen_option(options.listen, "127.0.0.1:8081");
  if (!listen) return 2;
  demo::ProviderConfig config;
  config.host = listen->host;
  config.port = listen->port;
  config.issuer = options.issuer;
  if (!config.issuer.empty() && !config.issuer.starts_with("http://") &&
      !config.issuer.starts_with("https://")) {
    spdlog::error("--issuer: expected http://… or https://… (got \"{}\")", config.issuer);
    return 2;
  }
  config.client_id = options.client_id;
  if (options.client_secret_file.empty()) {
    spdlog::warn("using the development client secret \"{}\": give --client-secret-file for anything else",
                 config.client_secret);
  } else {
    const auto secret = sesame::read_secret_file(options.client_secret_file);
    if (!secret || secret->empty()) {
      spdlog::error("--client-secret-file: cannot read a secret from {}",
                    options.client_secret_file.string());
      return 2;
    }
    config.client_secret = *secret;
  }
  config.iss_parameter = !options.no_iss;
  if (!options.redirect_uris.empty()) config.redirect_uris = options.redirect_uris;
  if (!options.post_logout_redirect_uris.empty())
    config.post_logout_redirect_uris = options.post_logout_redirect_uris;

  const auto identities_file =
      options.identities.empty() ? demo::shipped_identities_file() : options.identities;
  try {
    config.identities = demo::load_identities(identities_file);
  } catch (const demo::IdentitiesError& error) {
    spdlog::error("--identities: {}", error.what());
    return 2;
  }
  try {
    config.key = options.key.empty() ? demo::generate_key(options.alg)
                                     : demo::load_or_create_key(options.key, options.alg);
  } catch (const std::runtime_error& error) {
    spdlog::error("--key: {}", error.what());
    return 2;
  }

  sesame::ShutdownSignals shutdown;  // before any thread starts: they inherit its signal mask

  demo::Provider provider(config);
  provider.bind();
  shutdown.watch([&provider] { provider.stop(); }, "stopping");

  spdlog::warn("demonstration identity provider: test identities only, never in production");
  spdlog::info("{} identities from {}; {} key {}", config.identities.size(), identities_file.string(),
               provider.key().alg(), provider.key().kid());
  spdlog::info("sesame-fc-demo listening; issuer {}", provider.issuer());
  spdlog::info("discovery: {}/.well-known/openid-configuration", provider.issuer());
  provider.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli("", "sesame-fc-demo");
  describe_options(cli, options);
  CLI11_PARSE(cli, argc, argv);
  return sesame::run_program([&options] { return serve(options); });
}
