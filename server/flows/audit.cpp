#include "server/flows/audit.h"

namespace sesame::flows {

void insert_audit(store::Connection& connection, std::int64_t at, const AuditEntry& entry) {
  connection.run(
      "INSERT INTO audit_log (at, kind, account_id, guardian_id, pupil_id, detail) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6)",
      at, entry.kind, entry.account_id, entry.guardian_id, entry.pupil_id, entry.detail);
}

}  // namespace sesame::flows
