#pragma once
// "Accéder à mes services": the links of the ENT each school offers (cahier de
// textes, vie scolaire, messagerie…), read from a JSON file the académie
// maintains:
//
//   {"default": [{"name": "Cahier de textes", "url": "https://ent.exemple.fr/cdt?uai={uai}"}],
//    "schools": {"0500048F": [{"name": "Vie scolaire", "url": "https://…"}]}}
//
// A school listed under "schools" gets its own list; any other gets "default".
// "{uai}" in a URL becomes the school's UAI. Links are https (http only for a
// loopback host, for development).
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shared/api.h"

namespace sesame::ent_services {

// A file that cannot be used, with a sentence naming what is wrong and where.
class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A link Sésame may send parents to: https, or http on a loopback host
// (development); no space, quote or angle bracket.
bool is_safe_link(std::string_view url);

class Catalog {
 public:
  Catalog() = default;  // no services anywhere
  // Throws CatalogError for unreadable JSON, a wrong shape, an invalid UAI or URL.
  static Catalog parse(std::string_view json_text);
  static Catalog load(const std::filesystem::path& file);

  std::vector<api::Service> services_of(std::string_view uai) const;

 private:
  std::vector<api::Service> default_services_;
  std::map<std::string, std::vector<api::Service>, std::less<>> by_school_;
};

}  // namespace sesame::ent_services
