#pragma once
// The children an account holds (`account_children`), those its parent
// declined or could not confirm (`account_children_set_aside`) and the wrong
// birth dates typed so far for a child newly known to the schools
// (`account_child_attempts`). Callers hold the transaction.
#include <cstdint>
#include <string_view>

#include "server/store/database.h"

namespace sesame::accounts {

// `guardian_id`: whose directory link gives the account this child.
void insert_account_child(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                          std::int64_t guardian_id, std::int64_t now);
// A child the parent declined or could not confirm (`reason`: declined, refused):
// not offered again as newly known.
void set_child_aside(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                     std::string_view reason, std::int64_t now);

// Wrong birth dates typed so far for a newly known child (0 when none).
int child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id);
void set_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id,
                        int attempts);
// Once the child is confirmed or set aside, its tries are no longer needed.
void clear_child_attempts(store::Connection& connection, std::int64_t account_id, std::int64_t pupil_id);

}  // namespace sesame::accounts
