#pragma once
// The audit log: what happened to whom, for the schools and for the parent's
// own alerts (failed sign-ins). Never a code, a password or a full address.
// Written in the caller's transaction, with the change it records.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/database.h"

namespace sesame::flows {

struct AuditEntry {
  std::string_view kind;  // "sign_in_failed", "email_changed"…
  std::optional<std::int64_t> account_id = {};
  std::optional<std::int64_t> guardian_id = {};
  std::optional<std::int64_t> pupil_id = {};
  std::string_view detail = "{}";  // JSON object
  std::optional<std::int64_t> staff_id = {};   // a staff member's action, or their own sign-in
  std::optional<std::string> school_uai = {};  // the school a staff action was made for
};

void insert_audit(store::Connection& connection, std::int64_t at, const AuditEntry& entry);

}  // namespace sesame::flows
