#pragma once
// The SQL of the `sessions` table: one row per signed-in browser, keyed by the
// keyed hash of its cookie's token (the token itself is never stored).
// Callers hold the transaction when they write.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/database.h"

namespace sesame::sessions {

struct SessionRow {
  std::int64_t account_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  bool account_closed = false;  // closed, or a pupil's account disabled
  bool pupil = false;           // the account's profile
};

// id_token: the FranceConnect ID token of a session opened through it (its logout's hint).
void insert_session(store::Connection& connection, std::string_view token_hash, std::int64_t account_id,
                    std::int64_t now, const std::optional<std::string>& id_token = std::nullopt);
std::optional<std::string> session_id_token(store::Connection& connection, std::string_view token_hash);
std::optional<SessionRow> find_session(store::Connection& connection, std::string_view token_hash);
void touch_session(store::Connection& connection, std::string_view token_hash, std::int64_t now);
void delete_session(store::Connection& connection, std::string_view token_hash);
// Every session of the account but `keep` (the one making the request, when
// the parent changes the password from it): other devices are signed out.
void delete_sessions_of(store::Connection& connection, std::int64_t account_id,
                        std::optional<std::string_view> keep = std::nullopt);

}  // namespace sesame::sessions
