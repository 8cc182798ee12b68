// "Accéder à mes services": the académie's file of links per school, checked
// when it is loaded, and GET /api/v1/me/services for the signed-in parent.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "journeys.h"
#include "json_error_check.h"
#include "server/ent_services/catalog.h"

using nlohmann::json;
using sesame::ent_services::Catalog;
using sesame::ent_services::CatalogError;

namespace {

constexpr const char* kCatalog = R"({
  "default": [{"name": "Cahier de textes", "url": "https://ent.exemple.fr/{uai}/cdt"}],
  "schools": {"0501271K": [{"name": "Cantine", "url": "https://ent.exemple.fr/{uai}/cantine?u={uai}"}]}})";

}  // namespace

TEST_CASE("a school gets its own services, any other the default ones, with its UAI in the links", "[services]") {
  const Catalog catalog = Catalog::parse(kCatalog);
  CHECK(catalog.services_of("0500048F") ==
        std::vector<sesame::api::Service>{{"Cahier de textes", "https://ent.exemple.fr/0500048F/cdt"}});
  CHECK(catalog.services_of("0501271K") ==
        std::vector<sesame::api::Service>{{"Cantine", "https://ent.exemple.fr/0501271K/cantine?u=0501271K"}});
  CHECK(Catalog().services_of("0500048F").empty());
}

TEST_CASE("a services file that cannot be used is refused with what is wrong", "[services]") {
  const auto refused = [](const char* text, const char* part) {
    INFO(text);
    try {
      Catalog::parse(text);
      FAIL("accepted");
    } catch (const CatalogError& error) {
      CHECK_THAT(error.what(), Catch::Contains(part));
    }
  };
  refused("[", "not a JSON object");
  refused(R"({"default": {"name": "x"}})", "expected a list");
  refused(R"({"default": [{"name": "ENT", "url": "http://ent.exemple.fr"}]})", "https://");
  refused(R"j({"default": [{"name": "ENT", "url": "javascript:alert(1)"}]})j", "https://");
  refused(R"({"default": [{"name": "ENT", "url": "https://ent.exemple.fr/\"><script>"}]})", "quote");
  refused(R"({"schools": {"0502271K": []}})", "not a valid UAI");
  refused(R"({"default": [{"name": "", "url": "https://ent.exemple.fr"}]})", "name");
  CHECK(Catalog::parse(R"({"default": [{"name": "Dev", "url": "http://127.0.0.1:8080/x"}]})")
            .services_of("0500048F")
            .size() == 1);
}

TEST_CASE("the parent sees the services of each school of the children, once each", "[services]") {
  sesame::testing::Journey a(sesame::testing::fast_security(), std::make_shared<const Catalog>(Catalog::parse(kCatalog)));
  const std::string identifier = a.create_dupont_account();
  const std::string cookie = a.sign_in_cookie(identifier, sesame::testing::kEmiliePassword);
  sesame::testing::require_json_error(a.client.Get("/api/v1/me/services"), 401, "not_authenticated");
  const auto res = a.get_as(cookie, "/api/v1/me/services");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(json::parse(res->body) ==
        json::parse(R"({"schools": [
          {"uai": "0500048F", "name": "CLG LES COURTILS", "city": "MONTMARTIN-SUR-MER",
           "services": [{"name": "Cahier de textes", "url": "https://ent.exemple.fr/0500048F/cdt"}]},
          {"uai": "0501271K", "name": "E.P.U JOSEPHINE BAKER", "city": "MONTMARTIN-SUR-MER",
           "services": [{"name": "Cantine", "url": "https://ent.exemple.fr/0501271K/cantine?u=0501271K"}]}]})"));
}
