#include "web/app/remembered_choice.h"

#include <nlohmann/json.hpp>

namespace sesame::web {

std::string encode_remembered_choice(const ProfileChoiceForm& choice) {
  return nlohmann::json{{"profil", choice.profile}, {"niveau", choice.level}}.dump();
}

std::optional<ProfileChoiceForm> decode_remembered_choice(std::string_view stored,
                                                          const ServerConfig& config) {
  auto json = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto profile = json.find("profil");
  auto level = json.find("niveau");
  if (profile == json.end() || level == json.end() || !profile->is_string() || !level->is_string())
    return std::nullopt;
  ProfileChoiceForm choice{profile->get<std::string>(), level->get<std::string>(), true};
  if (!find_choice(config.profiles, choice.profile) || !find_choice(config.levels, choice.level))
    return std::nullopt;
  return choice;
}

}  // namespace sesame::web
