#include "server/flows/audit.h"

namespace sesame::flows {

void insert_audit(store::Connection& connection, std::int64_t at, const AuditEntry& entry) {
  store::Statement insert = connection.prepare(
      "INSERT INTO audit_log (at, kind, account_id, guardian_id, pupil_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, at)
      .bind(2, entry.kind)
      .bind(3, entry.account_id)
      .bind(4, entry.guardian_id)
      .bind(5, entry.pupil_id)
      .bind(6, entry.detail);
  insert.run();
}

}  // namespace sesame::flows
