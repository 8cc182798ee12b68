#include "server/flows/password_rules.h"

#include "shared/password.h"

namespace sesame::flows {

std::optional<Refusal> password_choice_refusal(std::string_view password, std::string_view confirmation) {
  const auto error = password_choice_error(password, confirmation);
  if (!error) return std::nullopt;
  Refusal refused{.code = error->code, .message = error->message};
  refused.field = error->code == "password_mismatch" ? "confirmation" : "password";
  if (error->code == "password_policy") refused.failed_rules = failed_rule_codes(check_password(password));
  return refused;
}

Outcome<std::string> hash_new_password(Services& services, std::string_view password) {
  try {
    return services.password_hasher.hash(password);
  } catch (const security::PasswordTooLong&) {
    return Refusal{.code = "password_too_long", .field = "password"};
  }
}

Outcome<std::string> hash_chosen_password(Services& services, const api::PasswordChoice& choice) {
  if (auto refused = password_choice_refusal(choice.password, choice.confirmation)) return *refused;
  return hash_new_password(services, choice.password);
}

}  // namespace sesame::flows
