#pragma once
// "Mémoriser ce choix": the profile and level kept on the parent's own computer.
#include <optional>
#include <string>
#include <string_view>

#include "web/app/state.h"

namespace sesame::web {

std::string encode_remembered_choice(const ProfileChoiceForm& choice);
// nullopt when the stored text is damaged or names a profile or level that no longer exists.
std::optional<ProfileChoiceForm> decode_remembered_choice(std::string_view stored,
                                                          const ServerConfig& config);

}  // namespace sesame::web
