#pragma once
// Reading the server's answers: its JSON errors ({"error": {code, message, …}})
// and the French sentence to show when there is no answer at all.
#include <optional>
#include <string>

#include "shared/api.h"

namespace sesame::web {

// The error of a 4xx/5xx body; for a body that is not one (a proxy's HTML page,
// nothing at all), a generic French error for `status`.
api::ErrorBody read_error(int status, const std::string& body);

inline constexpr const char* kNoAnswerMessage =
    "Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.";

}  // namespace sesame::web
