#include "server/flows/audit.h"

namespace sesame::flows {

void insert_audit(store::Connection& connection, std::int64_t at, const AuditEntry& entry) {
  connection.run(
      "INSERT INTO audit_log (at, kind, account_id, guardian_id, pupil_id, detail, staff_id, school_uai) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      at, entry.kind, entry.account_id, entry.guardian_id, entry.pupil_id, entry.detail, entry.staff_id,
      entry.school_uai);
}

}  // namespace sesame::flows
