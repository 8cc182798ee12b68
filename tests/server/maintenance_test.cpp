// The retention purge and its thread: every category keeps a row just inside
// its limit and drops one at exactly its limit (an age equal to the retention is
// past it), the report counts what went, and the Janitor purges on its own,
// survives a failing purge and stops at once.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <thread>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/maintenance/janitor.h"
#include "server/maintenance/purge.h"
#include "server/maintenance/retention.h"
#include "server/store/database.h"
#include "support.h"

using namespace std::chrono_literals;
using sesame::SecurityConfig;
using sesame::maintenance::Janitor;
using sesame::maintenance::purge_expired;
using sesame::maintenance::PurgeReport;
using sesame::maintenance::RetentionConfig;
using sesame::store::Connection;
using sesame::store::Database;
using sesame::testing::eventually;
using sesame::testing::TempDir;

namespace {

constexpr std::int64_t kNow = 2'000'000'000;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

// A fresh database with one account and one pupil, for the rows that reference them.
struct Fixture {
  TempDir dir;
  Database database{dir / "sesame.db"};
  SecurityConfig security;
  RetentionConfig retention;

  Fixture() {
    sql("INSERT INTO schools (uai, name, city, level) VALUES ('0500048F', 'École', 'Ville', 'ecole');"
        "INSERT INTO pupils (id, external_id, school_uai, last_name, first_name, birth_date)"
        " VALUES (1, 'P1', '0500048F', 'DUPONT', 'Léa', '2015-04-02');"
        "INSERT INTO accounts (id, identifier, password_hash, created_at) VALUES (1, 'p.dupont01', 'x', 0);");
  }

  void sql(const std::string& statements) { database.connection()->execute(statements); }
  std::int64_t count(const std::string& query) { return database.connection()->query_integer(query); }
  bool exists(const std::string& table, const std::string& condition) {
    return count("SELECT count(*) FROM " + table + " WHERE " + condition) == 1;
  }
  // Checks that the rows of `table` whose `key` column holds a value of `kept`
  // are still there, and those with a value of `removed` are gone.
  void check_rows(const std::string& table, const std::string& key, std::initializer_list<const char*> kept,
                  std::initializer_list<const char*> removed) {
    for (const char* value : kept) {
      INFO(table << " keeps " << value);
      CHECK(exists(table, key + " = '" + value + "'"));
    }
    for (const char* value : removed) {
      INFO(table << " loses " << value);
      CHECK_FALSE(exists(table, key + " = '" + value + "'"));
    }
  }
  PurgeReport purge(std::int64_t now = kNow) {
    auto connection = database.connection();
    return purge_expired(*connection, security, retention, now);
  }

  void add_flow(const std::string& id, std::int64_t expires_at) {
    database.connection()
        ->prepare(
            "INSERT INTO flows (id, kind, state, created_at, updated_at, expires_at)"
            " VALUES (?1, 'activation', 'started', 0, 0, ?2);")
        .bind(1, id)
        .bind(2, expires_at)
        .run();
    database.connection()
        ->prepare("INSERT INTO flow_children (flow_id, pupil_id) VALUES (?1, 1)")
        .bind(1, id)
        .run();
  }
  void add_session(const std::string& token_hash, std::int64_t created_at, std::int64_t last_seen_at) {
    database.connection()
        ->prepare(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES (?1, 1, ?2, ?3)")
        .bind(1, token_hash)
        .bind(2, created_at)
        .bind(3, last_seen_at)
        .run();
  }
  void add_counter(const std::string& key, std::int64_t window_start) {
    database.connection()
        ->prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 3)")
        .bind(1, key)
        .bind(2, window_start)
        .run();
  }
  // `outcome` is "sent", "given_up" or "pending"; `at` the time of that outcome.
  void add_message(std::int64_t id, const std::string& outcome, std::int64_t created_at,
                   std::int64_t at = 0) {
    auto connection = database.connection();
    auto statement = connection->prepare(
        "INSERT INTO outbox (id, channel, recipient, body, created_at, sent_at, given_up_at)"
        " VALUES (?1, 'sms', '+33612345678', 'Votre code Sésame : 123456', ?2,"
        " CASE ?3 WHEN 'sent' THEN ?4 END, CASE ?3 WHEN 'given_up' THEN ?4 END)");
    statement.bind(1, id).bind(2, created_at).bind(3, outcome).bind(4, at);
    statement.run();
  }
  bool body_kept(std::int64_t id) {
    return exists("outbox", "id = " + std::to_string(id) + " AND body <> ''");
  }
  void add_audit(std::int64_t id, std::int64_t at) {
    database.connection()
        ->prepare("INSERT INTO audit_log (id, at, kind, account_id) VALUES (?1, ?2, 'sign_in', 1)")
        .bind(1, id)
        .bind(2, at)
        .run();
  }
};

}  // namespace

TEST_CASE(
    "Defaults: a day for expired flows and counters, an hour for bodies, a month of outbox, a year of audit",
    "[maintenance]") {
  const RetentionConfig retention;
  CHECK(retention.expired_flows == 24h);
  CHECK(retention.counters == 24h);
  CHECK(retention.outbox_bodies == 1h);
  CHECK(retention.outbox_messages == 24h * 30);
  CHECK(retention.audit_log == 24h * 365);
  CHECK(retention.purge_interval == 5min);
}

TEST_CASE("Nothing to purge in an empty database", "[maintenance]") {
  Fixture fixture;
  CHECK(fixture.purge() == PurgeReport{});
}

TEST_CASE("An expired flow goes a day after it expired, with its children rows", "[maintenance]") {
  Fixture fixture;
  fixture.add_flow("live", kNow + 10 * 60);
  fixture.add_flow("just-inside", kNow - kDay + 1);
  fixture.add_flow("at-limit", kNow - kDay);
  fixture.add_flow("long-gone", kNow - 30 * kDay);

  const PurgeReport report = fixture.purge();
  CHECK(report.expired_flows == 2);
  CHECK(report.total() == 2);
  fixture.check_rows("flows", "id", {"live", "just-inside"}, {"at-limit", "long-gone"});
  CHECK(fixture.count("SELECT count(*) FROM flow_children") == 2);
  CHECK(fixture.count("SELECT count(*) FROM flow_children WHERE flow_id IN ('live', 'just-inside')") == 2);
}

TEST_CASE("A live session stays; an idle one and a too old one go, at exactly their timeout",
          "[maintenance]") {
  Fixture fixture;
  const std::int64_t idle = 30 * 60;
  const std::int64_t absolute = 12 * kHour;
  fixture.add_session("live", kNow - kHour, kNow - 10);
  fixture.add_session("idle-just-inside", kNow - kHour, kNow - idle + 1);
  fixture.add_session("idle-at-limit", kNow - kHour, kNow - idle);
  fixture.add_session("old-just-inside", kNow - absolute + 1, kNow - 10);
  fixture.add_session("old-at-limit", kNow - absolute, kNow - 10);

  const PurgeReport report = fixture.purge();
  CHECK(report.sessions == 2);
  CHECK(report.total() == 2);
  fixture.check_rows("sessions", "token_hash", {"live", "idle-just-inside", "old-just-inside"},
                     {"idle-at-limit", "old-at-limit"});
}

TEST_CASE("Session timeouts come from the security settings", "[maintenance]") {
  Fixture fixture;
  fixture.security.session.idle_timeout = 5min;
  fixture.add_session("idle-10-min", kNow - kHour, kNow - 10 * 60);
  CHECK(fixture.purge().sessions == 1);
}

TEST_CASE("An SMS window goes once it has ended, other counters a day after their last event",
          "[maintenance]") {
  Fixture fixture;
  fixture.add_counter("sms:+33612345678", kNow - kHour + 1);  // window still open
  fixture.add_counter("sms:+33687654321", kNow - kHour);      // ended: the next SMS opens a new one
  fixture.add_counter("login:p.dupont01", kNow - kDay + 1);
  fixture.add_counter("login:p.martin02", kNow - kDay);
  fixture.add_counter("client:192.0.2.1", kNow - kDay + 1);
  fixture.add_counter("client:192.0.2.2", kNow - kDay);

  const PurgeReport report = fixture.purge();
  CHECK(report.sms_counters == 1);
  CHECK(report.other_counters == 2);
  CHECK(report.total() == 3);
  CHECK(fixture.exists("rate_limits", "key = 'sms:+33612345678'"));
  CHECK(fixture.exists("rate_limits", "key = 'login:p.dupont01'"));
  CHECK(fixture.exists("rate_limits", "key = 'client:192.0.2.1'"));
  CHECK(fixture.count("SELECT count(*) FROM rate_limits") == 3);
}

TEST_CASE("An SMS window longer than a day is kept whole", "[maintenance]") {
  Fixture fixture;
  fixture.security.resend.per_number_window = 48h;
  fixture.add_counter("sms:+33612345678", kNow - 2 * kDay + 1);
  CHECK(fixture.purge().total() == 0);
}

TEST_CASE("A sign-in wait longer than a day is never cut short", "[maintenance]") {
  Fixture fixture;
  fixture.security.login.max_wait = 48h;
  fixture.add_counter("login:p.dupont01", kNow - 2 * kDay + 1);
  fixture.add_counter("login:p.martin02", kNow - 2 * kDay);
  const PurgeReport report = fixture.purge();
  CHECK(report.other_counters == 1);
  CHECK(fixture.exists("rate_limits", "key = 'login:p.dupont01'"));
}

TEST_CASE("An outbox body is cleared an hour after sending or giving up; a pending one keeps it",
          "[maintenance]") {
  Fixture fixture;
  fixture.add_message(1, "sent", kNow - 2 * kHour, kNow - kHour + 1);
  fixture.add_message(2, "sent", kNow - 2 * kHour, kNow - kHour);
  fixture.add_message(3, "given_up", kNow - 2 * kHour, kNow - kHour + 1);
  fixture.add_message(4, "given_up", kNow - 2 * kHour, kNow - kHour);
  fixture.add_message(5, "pending", kNow - 2 * kHour);  // no gateway yet: the sender still needs it

  const PurgeReport report = fixture.purge();
  CHECK(report.outbox_bodies == 2);
  CHECK(report.outbox_messages == 0);
  CHECK(report.total() == 2);
  CHECK(fixture.body_kept(1));
  CHECK_FALSE(fixture.body_kept(2));
  CHECK(fixture.body_kept(3));
  CHECK_FALSE(fixture.body_kept(4));
  CHECK(fixture.body_kept(5));
  CHECK(fixture.count("SELECT count(*) FROM outbox") == 5);  // who was sent what, without the text

  SECTION("a cleared body is not counted again") { CHECK(fixture.purge().outbox_bodies == 0); }
}

TEST_CASE("An outbox message goes 30 days after it was written, and is not also counted as cleared",
          "[maintenance]") {
  Fixture fixture;
  fixture.add_message(1, "sent", kNow - 30 * kDay + 1, kNow - 30 * kDay + 2);
  fixture.add_message(2, "sent", kNow - 30 * kDay, kNow - 30 * kDay + 1);
  fixture.add_message(3, "pending", kNow - 30 * kDay);

  const PurgeReport report = fixture.purge();
  CHECK(report.outbox_messages == 2);
  CHECK(report.outbox_bodies == 1);  // message 1's, long sent
  CHECK(fixture.count("SELECT count(*) FROM outbox") == 1);
  CHECK(fixture.exists("outbox", "id = 1 AND body = ''"));
}

TEST_CASE("The audit log keeps a year", "[maintenance]") {
  Fixture fixture;
  fixture.add_audit(1, kNow - 365 * kDay + 1);
  fixture.add_audit(2, kNow - 365 * kDay);
  fixture.add_audit(3, kNow - 400 * kDay);

  const PurgeReport report = fixture.purge();
  CHECK(report.audit_entries == 2);
  CHECK(report.total() == 2);
  CHECK(fixture.exists("audit_log", "id = 1"));
  CHECK(fixture.count("SELECT count(*) FROM audit_log") == 1);
}

TEST_CASE("One purge covers every category at once", "[maintenance]") {
  Fixture fixture;
  fixture.add_flow("gone", kNow - 2 * kDay);
  fixture.add_session("gone", kNow - kDay, kNow - kDay);
  fixture.add_counter("sms:+33612345678", kNow - 2 * kHour);
  fixture.add_counter("login:p.dupont01", kNow - 2 * kDay);
  fixture.add_message(1, "sent", kNow - 2 * kHour, kNow - 2 * kHour);
  fixture.add_message(2, "sent", kNow - 40 * kDay, kNow - 40 * kDay);
  fixture.add_audit(1, kNow - 400 * kDay);

  PurgeReport expected;
  expected.expired_flows = 1;
  expected.sessions = 1;
  expected.sms_counters = 1;
  expected.other_counters = 1;
  expected.outbox_bodies = 1;
  expected.outbox_messages = 1;
  expected.audit_entries = 1;
  CHECK(fixture.purge() == expected);
  CHECK(fixture.purge() == PurgeReport{});
}

TEST_CASE("The janitor purges on its own, every interval, with the clock's time", "[maintenance]") {
  Fixture fixture;
  sesame::ManualClock clock;
  const std::int64_t now = clock.unix_seconds();
  fixture.retention.purge_interval = 10ms;
  Janitor janitor(fixture.database, clock, fixture.security, fixture.retention);
  fixture.add_flow("first", now - 2 * kDay);
  fixture.add_flow("live", now + kHour);
  janitor.start();
  CHECK(eventually([&] { return !fixture.exists("flows", "id = 'first'"); }));

  // Not a one-off at start: a later row goes too, once the clock says so.
  fixture.add_flow("second", now - kDay + 60);
  clock.advance(1min);
  CHECK(eventually([&] { return !fixture.exists("flows", "id = 'second'"); }));
  CHECK(fixture.exists("flows", "id = 'live'"));
  janitor.stop();
}

TEST_CASE("The janitor waits one interval before its first purge and stops at once", "[maintenance]") {
  Fixture fixture;
  sesame::ManualClock clock;
  fixture.add_flow("expired", clock.unix_seconds() - 2 * kDay);
  Janitor janitor(fixture.database, clock, fixture.security, fixture.retention);  // every 5 min
  janitor.start();
  std::this_thread::sleep_for(20ms);  // long enough for the thread to be waiting
  const auto before = std::chrono::steady_clock::now();
  janitor.stop();
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  CHECK(fixture.exists("flows", "id = 'expired'"));
  janitor.stop();  // idempotent
}

TEST_CASE("A failing purge leaves everything in place and the janitor tries again", "[maintenance]") {
  Fixture fixture;
  sesame::ManualClock clock;
  fixture.retention.purge_interval = 5ms;
  fixture.add_flow("expired", clock.unix_seconds() - 2 * kDay);
  // The purge's last statement fails: its transaction, flows included, rolls back.
  fixture.sql("ALTER TABLE audit_log RENAME TO audit_log_away");
  Janitor janitor(fixture.database, clock, fixture.security, fixture.retention);
  janitor.start();
  std::this_thread::sleep_for(50ms);  // several failed passes
  CHECK(fixture.exists("flows", "id = 'expired'"));

  fixture.sql("ALTER TABLE audit_log_away RENAME TO audit_log");
  CHECK(eventually([&] { return !fixture.exists("flows", "id = 'expired'"); }));
  janitor.stop();
}

TEST_CASE("purge_now answers what it purged", "[maintenance]") {
  Fixture fixture;
  sesame::ManualClock clock;
  fixture.add_session("idle", clock.unix_seconds() - kHour, clock.unix_seconds() - kHour);
  Janitor janitor(fixture.database, clock, fixture.security, fixture.retention);
  CHECK(janitor.purge_now().sessions == 1);
}
