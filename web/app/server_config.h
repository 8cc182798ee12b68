#pragma once
// What GET /api/v1/config tells the client, in the API types of shared/api.h.
// Until it answers, the lists compiled from shared/ are used, so the first
// screen can be drawn at once.
#include <optional>
#include <string_view>
#include <vector>

#include "shared/api.h"

namespace sesame::web {

using ServerConfig = api::ConfigAnswer;
using ChoiceItem = api::ChoiceItem;  // a profile or a level: {code, French label}

// The guide's lists (shared/profiles.h), as the server would send them.
ServerConfig compiled_config();

// nullopt when the body is not a usable configuration (a proxy's HTML page, a
// truncated answer, an empty list or an entry without code or label).
std::optional<ServerConfig> parse_server_config(std::string_view body);

const ChoiceItem* find_choice(const std::vector<ChoiceItem>& items, std::string_view code);

}  // namespace sesame::web
