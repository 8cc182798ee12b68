#pragma once
// Choosing a new password, the same way in every flow that sets one (account
// creation, password change, forgotten password): the guide's rules from
// shared/password.h, then the argon2id hash, computed outside any transaction.
#include <optional>
#include <string>
#include <string_view>

#include "server/flows/refusal.h"
#include "server/services.h"
#include "shared/api.h"

namespace sesame::flows {

// password_policy (with the failed rules) on `password`, password_mismatch on
// `confirmation`, or nullopt when the choice is acceptable.
std::optional<Refusal> password_choice_refusal(std::string_view password, std::string_view confirmation);

// The hash to store, or password_too_long past what the hasher accepts.
Outcome<std::string> hash_new_password(Services& services, std::string_view password);

// Both: the choice checked against the rules, then hashed (outside any transaction).
Outcome<std::string> hash_chosen_password(Services& services, const api::PasswordChoice& choice);

}  // namespace sesame::flows
