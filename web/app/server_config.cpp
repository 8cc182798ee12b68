#include "web/app/server_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sesame::web {

namespace {

// The guide's SMS codes are valid 30 minutes; the server says so too once it answers.
constexpr int kGuideSmsCodeValidityMinutes = 30;
constexpr int kDefaultSmsResendIntervalSeconds = 60;  // the server's default, until it says

bool usable(const std::vector<ChoiceItem>& items) {
  return !items.empty() && std::all_of(items.begin(), items.end(), [](const ChoiceItem& item) {
    return !item.code.empty() && !item.label.empty();
  });
}

}  // namespace

ServerConfig compiled_config() {
  return api::make_config_answer(/*franceconnect=*/false, kGuideSmsCodeValidityMinutes,
                                 kDefaultSmsResendIntervalSeconds);
}

std::optional<ServerConfig> parse_server_config(std::string_view body) {
  auto decoded =
      api::decode<api::ConfigAnswer>(nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false));
  if (!decoded || !usable(decoded->profiles) || !usable(decoded->levels)) return std::nullopt;
  return *decoded;
}

const ChoiceItem* find_choice(const std::vector<ChoiceItem>& items, std::string_view code) {
  auto it =
      std::find_if(items.begin(), items.end(), [&](const ChoiceItem& item) { return item.code == code; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace sesame::web
