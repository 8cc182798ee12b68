#pragma once
// Pupils' accounts: made by the import from the schools' data, never by the
// pupil. Each enrolled pupil has one (profile 'pupil', identifier by the
// parents' rule, unique across every account); it is "not activated" until the
// first sign-in sets a password, "disabled" once the pupil left every school
// (kept with its identifier until the retention purge), enabled again if the
// pupil comes back. Callers hold the transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"

namespace sesame::accounts {

// --- The import -------------------------------------------------------------
struct PupilAccountsSync {
  std::size_t created = 0;
  std::size_t disabled = 0;
  std::size_t enabled = 0;
  std::vector<std::string> without_identifier;  // external ids whose names give no identifier
};
// Gives every enrolled pupil without an account one, disables the accounts of
// pupils who left (pupils.left_at), enables those back; a disabled account's
// sessions, first sign-ins and temporary password end at once.
PupilAccountsSync sync_pupil_accounts(store::Connection& connection, std::int64_t now);

// --- One pupil's account --------------------------------------------------------
struct PupilAccount {
  std::int64_t id = 0;
  std::string identifier;
  std::int64_t pupil_id = 0;
  std::string first_name;
  bool disabled = false;
};
// nullopt for a parent's or closed account.
std::optional<PupilAccount> find_pupil_account(store::Connection& connection, std::int64_t account_id);

// --- Letters (sesame-admin letters) ------------------------------------------------
struct LetterRecipient {
  std::int64_t account_id = 0;
  std::string identifier;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> class_name;
  std::string school_uai;
  std::string school_name;
  std::string school_city;
};
// The enrolled pupils of school `uai` with an enabled account, by class then
// name: all of them, those of `class_name`, or the one of `identifier`.
std::vector<LetterRecipient> letter_recipients(store::Connection& connection, std::string_view uai,
                                               const std::optional<std::string>& class_name,
                                               const std::optional<std::string>& identifier);

// --- A parent helps their child ------------------------------------------------------
enum class ChildAccountAccess {
  allowed,
  not_confirmed,  // not a child of this account, or its guardian is not the legal representative
  disabled,       // the child's account is disabled (or the child has none)
};
struct ChildAccountForParent {
  ChildAccountAccess access = ChildAccountAccess::not_confirmed;
  std::int64_t account_id = 0;  // the child's account
  std::string identifier;
  std::string first_name;
};
// The account of pupil `pupil_id` when `parent_account_id` holds the child as
// confirmed (account_children) through a guardian who is its legal
// representative in the directory today.
ChildAccountForParent child_account_for_parent(store::Connection& connection, std::int64_t parent_account_id,
                                               std::int64_t pupil_id);

}  // namespace sesame::accounts
