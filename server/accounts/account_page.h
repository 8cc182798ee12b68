#pragma once
// What the account page ("Mon compte", GET /api/v1/me) reads: the account with
// its children, the failed sign-ins since the parent's previous visit and the
// children newly known to the schools. Read-only.
#include <cstdint>
#include <optional>
#include <vector>

#include "server/store/database.h"
#include "shared/api.h"

namespace sesame::accounts {

// GET /me without its alerts (computed by the sign-in flow). nullopt for a
// closed or unknown account.
std::optional<api::Account> load_account(store::Connection& connection, std::int64_t account_id);

// Failed sign-ins of the account since the sign-in before the latest one (the
// parent's previous visit), within `since`: what "recent failed sign-in" tells.
struct FailedSignIns {
  std::int64_t count = 0;
  std::int64_t last_at = 0;
};
FailedSignIns recent_failed_sign_ins(store::Connection& connection, std::int64_t account_id,
                                     std::int64_t since);

// Children the account's guardian legally represents in the directory but the
// account does not have yet, and has not declined: new to the schools since the
// account was made. Each with its school.
std::vector<api::Child> newly_known_children(store::Connection& connection, std::int64_t account_id);

}  // namespace sesame::accounts
