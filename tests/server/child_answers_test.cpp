// The one rule for a parent's answer about a child (server/flows/child_answers.h):
// the same in account creation and for a child newly known on "Mon compte".
#include "server/flows/child_answers.h"

#include <catch2/catch.hpp>
#include <string>

using sesame::api::ChildConfirmation;
using sesame::flows::ChildState;
using sesame::flows::ChildVerdict;
using sesame::flows::judge_child_answer;

namespace {

constexpr int kMaxAttempts = 3;  // the guide's three tries
constexpr const char* kSchoolBirthDate = "2014-03-09";

ChildConfirmation guardian_says(int year, int month, int day) {
  return ChildConfirmation{"42", true, sesame::Date{year, month, day}};
}

}  // namespace

TEST_CASE("A parent who is not the legal representative declines the child", "[child_answers]") {
  const ChildConfirmation answer{"42", false, std::nullopt};
  const ChildVerdict verdict =
      judge_child_answer(ChildState::pending, 1, answer, kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::declined);
  CHECK(verdict.attempts == 1);  // tries already spent stay spent
  CHECK_FALSE(verdict.tries_left);
}

TEST_CASE("The school's birth date confirms the child, whatever tries were spent", "[child_answers]") {
  for (int spent : {0, 1, 2}) {
    const ChildVerdict verdict = judge_child_answer(ChildState::pending, spent, guardian_says(2014, 3, 9),
                                                    kSchoolBirthDate, kMaxAttempts);
    CHECK(verdict.state == ChildState::confirmed);
    CHECK(verdict.attempts == spent);
    CHECK_FALSE(verdict.tries_left);
  }
}

TEST_CASE("A wrong birth date costs one try, and the last one refuses the child", "[child_answers]") {
  ChildVerdict verdict{ChildState::pending, 0, std::nullopt};
  const ChildConfirmation wrong = guardian_says(2014, 9, 3);  // day and month swapped
  verdict = judge_child_answer(verdict.state, verdict.attempts, wrong, kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::pending);
  CHECK(verdict.attempts == 1);
  CHECK(verdict.tries_left == 2);
  verdict = judge_child_answer(verdict.state, verdict.attempts, wrong, kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::pending);
  CHECK(verdict.tries_left == 1);
  verdict = judge_child_answer(verdict.state, verdict.attempts, wrong, kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::refused);
  CHECK(verdict.attempts == 3);
  CHECK(verdict.tries_left == 0);
}

TEST_CASE("A legal representative without a birth date spends a try", "[child_answers]") {
  const ChildConfirmation no_date{"42", true, std::nullopt};
  const ChildVerdict verdict =
      judge_child_answer(ChildState::pending, 0, no_date, kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::pending);
  CHECK(verdict.tries_left == 2);
}

TEST_CASE("A child with no known birth date is never confirmed", "[child_answers]") {
  // The pupil left the directory between the offer and the answer.
  const ChildVerdict verdict =
      judge_child_answer(ChildState::pending, 0, guardian_says(2014, 3, 9), "", kMaxAttempts);
  CHECK(verdict.state == ChildState::pending);
  CHECK(verdict.tries_left == 2);
}

TEST_CASE("A refused child stays refused, even with the right date", "[child_answers]") {
  for (const ChildConfirmation& answer :
       {guardian_says(2014, 3, 9), guardian_says(2014, 9, 3), ChildConfirmation{"42", false, std::nullopt}}) {
    const ChildVerdict verdict =
        judge_child_answer(ChildState::refused, 3, answer, kSchoolBirthDate, kMaxAttempts);
    CHECK(verdict.state == ChildState::refused);
    CHECK(verdict.attempts == 3);
    CHECK_FALSE(verdict.tries_left);  // no new mismatch is reported for it
  }
}

TEST_CASE("A declined child may still be confirmed by a later answer", "[child_answers]") {
  // Activation keeps the answers of a refused step: the parent may change one.
  const ChildVerdict verdict =
      judge_child_answer(ChildState::declined, 0, guardian_says(2014, 3, 9), kSchoolBirthDate, kMaxAttempts);
  CHECK(verdict.state == ChildState::confirmed);
}

TEST_CASE("Child states are stored by name and read back", "[child_answers]") {
  for (ChildState state :
       {ChildState::pending, ChildState::confirmed, ChildState::declined, ChildState::refused})
    CHECK(sesame::flows::child_state_from(sesame::flows::to_string(state)) == state);
  CHECK(sesame::flows::to_string(ChildState::declined) == "declined");
  CHECK(sesame::flows::to_string(ChildState::refused) == "refused");
  CHECK_FALSE(sesame::flows::child_state_from("Confirmed"));
  CHECK_FALSE(sesame::flows::child_state_from(""));
}
