#pragma once
// One purge of everything RetentionConfig says is no longer useful, in one
// write transaction: a reader sees the database before or after, never half.
#include <cstdint>

#include "server/config/security_config.h"
#include "server/maintenance/retention.h"
#include "server/store/database.h"

namespace sesame::maintenance {

// Rows deleted (or bodies cleared) by one purge, per category.
struct PurgeReport {
  std::int64_t expired_flows = 0;   // their flow_children went with them; staff invitations a month past expiry too
  std::int64_t sessions = 0;        // idle or too old, parents', pupils' and staff's
  std::int64_t sms_counters = 0;    // "sms:" windows that have ended
  std::int64_t other_counters = 0;  // "login:" failures and any other counter
  std::int64_t outbox_bodies = 0;   // cleared, the row kept
  std::int64_t outbox_messages = 0;
  std::int64_t audit_entries = 0;
  std::int64_t temporary_passwords = 0;      // past their last day
  std::int64_t disabled_pupil_accounts = 0;  // past RetentionConfig::disabled_pupil_accounts

  std::int64_t total() const {
    return expired_flows + sessions + sms_counters + other_counters + outbox_bodies + outbox_messages +
           audit_entries + temporary_passwords + disabled_pupil_accounts;
  }
  bool operator==(const PurgeReport&) const = default;
};

// At exactly its limit a row goes: an age equal to the retention is past it,
// as a session is dead at exactly idle_timeout (session_store.cpp) and a flow at
// exactly expires_at. `now` is Unix seconds.
PurgeReport purge_expired(store::Connection& connection, const SecurityConfig& security,
                          const RetentionConfig& retention, std::int64_t now);

}  // namespace sesame::maintenance
