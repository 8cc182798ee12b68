#pragma once
// The parent's answers about children ("Je suis / Je ne suis pas le
// représentant légal", "Né(e) le"), one rule for account creation and for a
// child newly known to the schools on "Mon compte": each id must be one that
// was offered, answered once, and each answer moves the child's state by
// judge_child_answer().
#include <functional>
#include <optional>
#include <string_view>

#include "server/flows/refusal.h"
#include "shared/api.h"

namespace sesame::flows {

// Where a child offered to a parent stands. Stored as its name (to_string):
// flow_children.state, and account_children_set_aside.reason for the last two.
enum class ChildState {
  pending,    // not answered yet, or a wrong birth date with tries left
  confirmed,  // legal representative, right birth date
  declined,   // "Je ne suis pas le représentant légal"
  refused,    // too many wrong birth dates: the school checks identity in person
};
std::string_view to_string(ChildState state);
// nullopt for a word that is none of the four.
std::optional<ChildState> child_state_from(std::string_view word);

struct ChildVerdict {
  ChildState state = ChildState::pending;
  int attempts = 0;               // wrong birth dates so far, this answer included
  std::optional<int> tries_left;  // set after a wrong birth date: 0 when it was the last
};

// The rule, pure: a refused child stays refused whatever the answer; "not the
// legal representative" declines; the school's birth date (ISO) confirms;
// any other date (or none) costs one of `max_attempts` tries and refuses the
// child when none is left.
ChildVerdict judge_child_answer(ChildState current, int attempts, const api::ChildConfirmation& answer,
                                std::string_view school_birth_date, int max_attempts);

// invalid_field_value on "children[i].id" for the first id not offered or
// given twice; nullopt when every answer is about an offered child.
std::optional<Refusal> check_answered_ids(const api::ChildrenConfirm& request,
                                          const std::function<bool(std::string_view id)>& offered);

}  // namespace sesame::flows
