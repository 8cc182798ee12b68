#include "server/flows/child_answers.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace sesame::flows {

namespace {

constexpr std::array<std::pair<ChildState, std::string_view>, 4> kStateNames{{
    {ChildState::pending, "pending"},
    {ChildState::confirmed, "confirmed"},
    {ChildState::declined, "declined"},
    {ChildState::refused, "refused"},
}};

}  // namespace

std::string_view to_string(ChildState state) {
  for (const auto& [value, name] : kStateNames)
    if (value == state) return name;
  return "pending";  // unreachable: every enumerator is named above
}

std::optional<ChildState> child_state_from(std::string_view word) {
  for (const auto& [value, name] : kStateNames)
    if (name == word) return value;
  return std::nullopt;
}

ChildVerdict judge_child_answer(ChildState current, int attempts, const api::ChildConfirmation& answer,
                                std::string_view school_birth_date, int max_attempts) {
  if (current == ChildState::refused) return {ChildState::refused, attempts, std::nullopt};
  if (!answer.is_guardian) return {ChildState::declined, attempts, std::nullopt};
  if (answer.birth_date && answer.birth_date->iso() == school_birth_date)
    return {ChildState::confirmed, attempts, std::nullopt};
  const int spent = attempts + 1;
  const int tries_left = std::max(0, max_attempts - spent);
  return {tries_left == 0 ? ChildState::refused : ChildState::pending, spent, tries_left};
}

std::optional<Refusal> check_answered_ids(const api::ChildrenConfirm& request,
                                          const std::function<bool(std::string_view id)>& offered) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.children.size(); ++i) {
    const std::string& id = request.children[i].id;
    if (!offered(id) || !seen.insert(id).second)
      return Refusal{.code = "invalid_field_value", .field = "children[" + std::to_string(i) + "].id"};
  }
  return std::nullopt;
}

}  // namespace sesame::flows
