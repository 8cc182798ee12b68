#include "server/ent_services/catalog.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared/uai.h"

namespace sesame::ent_services {

namespace {

using nlohmann::json;

bool is_loopback_http(std::string_view url) {
  for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
    if (url.starts_with(prefix)) {
      const char next = url.size() > std::string_view(prefix).size() ? url[std::string_view(prefix).size()] : '/';
      if (next == '/' || next == ':') return true;
    }
  return false;
}

api::Service read_service(const json& item, const std::string& where) {
  if (!item.is_object() || !item.contains("name") || !item.contains("url") || !item["name"].is_string() ||
      !item["url"].is_string())
    throw CatalogError(where + ": expected {\"name\": \"…\", \"url\": \"…\"}");
  api::Service service{item["name"].get<std::string>(), item["url"].get<std::string>()};
  if (service.name.empty() || service.name.size() > 100) throw CatalogError(where + ": a name of 1 to 100 bytes");
  if (service.url.find_first_of(" \t\r\n\"<>") != std::string::npos)
    throw CatalogError(where + ": the url holds a space, a quote or an angle bracket");
  if (!is_safe_link(service.url))
    throw CatalogError(where + ": the url must start with https:// (got \"" + service.url + "\")");
  return service;
}

std::vector<api::Service> read_list(const json& list, const std::string& where) {
  if (!list.is_array()) throw CatalogError(where + ": expected a list of services");
  std::vector<api::Service> services;
  for (std::size_t i = 0; i < list.size(); ++i)
    services.push_back(read_service(list[i], where + "[" + std::to_string(i) + "]"));
  return services;
}

std::string with_uai(std::string url, std::string_view uai) {
  const std::string_view marker = "{uai}";
  for (std::size_t at = url.find(marker); at != std::string::npos; at = url.find(marker, at + uai.size()))
    url.replace(at, marker.size(), uai);
  return url;
}

}  // namespace

bool is_safe_link(std::string_view url) {
  if (url.find_first_of(" \t\r\n\"<>") != std::string_view::npos) return false;
  return (url.starts_with("https://") && url.size() > 8) || is_loopback_http(url);
}

Catalog Catalog::parse(std::string_view json_text) {
  const json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) throw CatalogError("not a JSON object");
  Catalog catalog;
  if (root.contains("default")) catalog.default_services_ = read_list(root["default"], "default");
  if (root.contains("schools")) {
    if (!root["schools"].is_object()) throw CatalogError("schools: expected an object keyed by UAI");
    for (const auto& [uai, list] : root["schools"].items()) {
      if (!is_valid_uai(uai)) throw CatalogError("schools: \"" + uai + "\" is not a valid UAI");
      catalog.by_school_[uai] = read_list(list, "schools." + uai);
    }
  }
  return catalog;
}

Catalog Catalog::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CatalogError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const CatalogError& error) {
    throw CatalogError(file.string() + ": " + error.what());
  }
}

std::vector<api::Service> Catalog::services_of(std::string_view uai) const {
  const auto own = by_school_.find(uai);
  std::vector<api::Service> services = own != by_school_.end() ? own->second : default_services_;
  for (api::Service& service : services) service.url = with_uai(service.url, uai);
  return services;
}

}  // namespace sesame::ent_services
