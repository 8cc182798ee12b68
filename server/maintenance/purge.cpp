#include "server/maintenance/purge.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

namespace sesame::maintenance {

namespace {

// Runs one DELETE or UPDATE with its cut-off times as ?1, ?2…; answers the rows it changed.
std::int64_t run_counted(store::Connection& connection, std::string_view sql,
                         std::initializer_list<std::int64_t> cutoffs) {
  store::Statement statement = connection.prepare(sql);
  int index = 1;
  for (std::int64_t cutoff : cutoffs) statement.bind(index++, cutoff);
  statement.run();
  return connection.changes();
}

std::int64_t seconds(std::chrono::seconds duration) { return duration.count(); }

}  // namespace

PurgeReport purge_expired(store::Connection& connection, const SecurityConfig& security,
                          const RetentionConfig& retention, std::int64_t now) {
  store::Transaction transaction(connection);
  PurgeReport report;

  // flows_by_expiry; flow_children follow by ON DELETE CASCADE.
  report.expired_flows = run_counted(connection, "DELETE FROM flows WHERE expires_at <= ?1",
                                     {now - seconds(retention.expired_flows)});

  // The rules of current_session(): a session it would refuse is useless. No
  // index: purged every few minutes, the table holds little but live sessions.
  report.sessions = run_counted(
      connection, "DELETE FROM sessions WHERE last_seen_at <= ?1 OR created_at <= ?2",
      {now - seconds(security.session.idle_timeout), now - seconds(security.session.absolute_timeout)});

  // The same for staff, with their shorter lifetimes (StaffConfig).
  report.sessions += run_counted(
      connection, "DELETE FROM staff_sessions WHERE last_seen_at <= ?1 OR created_at <= ?2",
      {now - seconds(security.staff.session.idle_timeout), now - seconds(security.staff.session.absolute_timeout)});
  // An invitation past its 72 hours (used or not) stays a month, so that its
  // link still says "expired" or "used" rather than "unknown", then goes.
  report.expired_flows += run_counted(connection, "DELETE FROM staff_invitations WHERE expires_at <= ?1",
                                      {now - seconds(std::chrono::days(30))});

  // A window that started per_number_window ago has ended: the next SMS opens a
  // new one (security::WindowCount). GLOB with a literal prefix reads only the
  // "sms:" range of the primary key.
  report.sms_counters =
      run_counted(connection, "DELETE FROM rate_limits WHERE key GLOB 'sms:*' AND window_start <= ?1",
                  {now - seconds(security.resend.per_number_window)});

  // Every other counter keeps its latest event in window_start ("login:" its
  // last failure) and none looks back further than a day; a new counter with a
  // longer memory needs its own rule above. A sign-in wait is never cut short,
  // whatever max_wait is configured to.
  const std::int64_t counter_memory = seconds(std::max(retention.counters, security.login.max_wait));
  report.other_counters =
      run_counted(connection, "DELETE FROM rate_limits WHERE key NOT GLOB 'sms:*' AND window_start <= ?1",
                  {now - counter_memory});

  // outbox_by_creation. Before the bodies, so that a message deleted is not
  // also counted as cleared.
  report.outbox_messages = run_counted(connection, "DELETE FROM outbox WHERE created_at <= ?1",
                                       {now - seconds(retention.outbox_messages)});

  // outbox_bodies_kept holds only the rows that still have a body, so this reads
  // the last hour's messages, not the month's. A pending message keeps its
  // body: the sender still needs it.
  report.outbox_bodies = run_counted(
      connection, "UPDATE outbox SET body = '' WHERE body <> '' AND coalesce(sent_at, given_up_at) <= ?1",
      {now - seconds(retention.outbox_bodies)});

  // audit_log_by_time.
  report.audit_entries =
      run_counted(connection, "DELETE FROM audit_log WHERE at <= ?1", {now - seconds(retention.audit_log)});

  // Nothing can be done with an expired temporary password; the letter's
  // holder is told so at sign-in until then.
  report.temporary_passwords =
      run_counted(connection, "DELETE FROM temporary_passwords WHERE expires_at <= ?1", {now});

  // Their sessions, flows and temporary password went when they were disabled;
  // the audit rows keep their history without the account (ON DELETE SET NULL).
  report.disabled_pupil_accounts =
      run_counted(connection, "DELETE FROM accounts WHERE profile = 'pupil' AND disabled_at <= ?1",
                  {now - seconds(retention.disabled_pupil_accounts)});

  transaction.commit();
  return report;
}

}  // namespace sesame::maintenance
