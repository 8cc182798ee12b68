#pragma once
// How long each kind of row is worth keeping: nothing stays longer than it is
// useful (RGPD's storage limitation, and a smaller database to lose). The
// Janitor applies it. Sessions have no setting here: they go as soon as
// SecurityConfig's session timeouts make them unusable.
#include <chrono>

namespace sesame::maintenance {

using namespace std::chrono_literals;

struct RetentionConfig {
  // An expired flow still answers "flow_expired" for a day, which tells a parent
  // coming back to an old tab what happened; then it goes with its children rows.
  std::chrono::seconds expired_flows = 24h;
  // Rate-limit counters other than the SMS windows (those end with
  // SecurityConfig.resend.per_number_window): no counter looks back more than a
  // day, and a sign-in failure forgiven after a quiet day gives a guesser fewer
  // tries than the 15-minute waits it had to sit through.
  std::chrono::seconds counters = 24h;
  // SMS and e-mails carry codes in clear: an hour after the message was sent or
  // given up, its code is dead and nobody needs to read it again.
  std::chrono::seconds outbox_bodies = 1h;
  // Who was sent what and when, without the text: enough to answer "I never got
  // the SMS" for a month.
  std::chrono::seconds outbox_messages = 24h * 30;
  // A year of history for the schools (sign-ins, links, refusals).
  std::chrono::seconds audit_log = 24h * 365;
  // A pupil who left every school keeps a disabled account, and its identifier,
  // for a school year: one who comes back finds the same account; then it goes.
  std::chrono::seconds disabled_pupil_accounts = 24h * 365;
  // Between two purges: often enough that the tables stay small, rare enough to
  // cost nothing.
  std::chrono::milliseconds purge_interval = 5min;
};

}  // namespace sesame::maintenance
