// A disk that fills up, turns read-only or fails under the server while a
// parent goes through the whole journey (account creation, the account page,
// sign-in, password change, sign-out). The disk fails after N more writes,
// for every N until the journey no longer meets the fault, so each write of
// each step (statements, COMMIT, the outbox sender's marks, checkpoints) is
// hit once. Every answer is the normal one or 503 service_unavailable (the
// French JSON, Retry-After), never a 500 nor a crash; the database stays
// whole with nothing half-applied; once the disk works again the same parent
// ends the journey on the same server, and every SMS goes out.
#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "faulty_disk.h"
#include "journeys.h"
#include "json_error_check.h"
#include "server/delivery/gateways.h"
#include "server/directory/demo.h"
#include "server/directory/import.h"
#include "server/maintenance/janitor.h"
#include "server/store/database.h"
#include "shared/messages.h"
#include "support.h"

using nlohmann::json;
using sesame::testing::DiskFault;
using sesame::testing::FaultyDisk;

namespace sesame::testing {
namespace {

const char* fault_name(DiskFault fault) {
  switch (fault) {
    case DiskFault::full:
      return "full disk";
    case DiskFault::read_only:
      return "read-only disk";
    case DiskFault::io_error:
      return "failing disk";
    case DiskFault::none:
      break;
  }
  return "healthy disk";
}

// Accepts every message and remembers which outbox rows it was handed.
class AcceptingGateway final : public delivery::Gateway {
 public:
  delivery::DeliveryResult deliver(const delivery::OutboxMessage& message) override {
    std::lock_guard lock(mutex_);
    ++deliveries_;
    ids_.insert(message.id);
    return delivery::DeliveryResult::ok();
  }
  std::set<std::int64_t> ids() {
    std::lock_guard lock(mutex_);
    return ids_;
  }
  int deliveries() {
    std::lock_guard lock(mutex_);
    return deliveries_;
  }

 private:
  std::mutex mutex_;
  std::set<std::int64_t> ids_;
  int deliveries_ = 0;
};

// The server with the demo directory on a disk that fails on demand.
struct Bench {
  FaultyDisk disk;  // first: every file of the database goes through it
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<AcceptingGateway> sms = std::make_shared<AcceptingGateway>();
  // Without a gateway of its own the server keeps its SMS queued, for a test's Sender.
  bool server_delivers = true;
  TestServer server{options()};
  httplib::Client client = server.client();

  explicit Bench(bool delivers = true) : server_delivers(delivers) {
    auto connection = server.database().connection();
    directory::ImportOptions import;
    import.today = Date{2026, 9, 1};
    REQUIRE(directory::import_directory(*connection, directory::demo_files(), import).ok());
  }

  TestServerOptions options() const {
    TestServerOptions options = options_with(clock);  // dev outbox, cheap hashes
    // Cheaper still: hundreds of journeys, three hashes each.
    options.security->password_hashing.memory_bytes = 64 * 1024;
    if (server_delivers) options.sms_gateway = sms;
    return options;
  }

  std::int64_t count(const std::string& sql) { return server.database().connection()->query_integer(sql); }
};

// 503, the catalogue's French sentence, and when to come back, in the header and the body.
void require_unavailable(const httplib::Result& res) {
  require_json_error(res, 503, "service_unavailable");
  CHECK(res->get_header_value("Retry-After") == "30");
  CHECK(json::parse(res->body)["error"]["retry_after_seconds"] == 30);
}

// What the crash test (tests/reliability/crashtest.py) checks of a database
// after its kills, for what these journeys touch: each query counts the rows
// that break the rule.
const std::vector<std::pair<const char*, const char*>> kInvariants = {
    {"foreign keys hold", "SELECT count(*) FROM pragma_foreign_key_check"},
    {"every account has an argon2id hash",
     "SELECT count(*) FROM accounts WHERE profile = 'parent' AND (password_hash IS NULL OR password_hash NOT LIKE '$argon2id$%')"},
    {"every account has a confirmed child",
     "SELECT count(*) FROM accounts a WHERE a.profile = 'parent' AND NOT EXISTS (SELECT 1 FROM account_children c WHERE c.account_id = a.id)"},
    {"one account per guardian",
     "SELECT count(*) FROM (SELECT guardian_id FROM accounts WHERE profile = 'parent' GROUP BY guardian_id HAVING count(*) > 1)"},
    {"an account and its 'done' flow come from one transaction",
     "SELECT (SELECT count(*) FROM accounts a WHERE a.profile = 'parent' AND (SELECT count(*) FROM flows f WHERE f.kind = 'activation'"
     "   AND f.state = 'done' AND f.guardian_id = a.guardian_id AND f.updated_at = a.created_at) <> 1)"
     " + (SELECT count(*) FROM flows f WHERE f.kind = 'activation' AND f.state = 'done' AND (SELECT count(*)"
     "   FROM accounts a WHERE f.guardian_id = a.guardian_id AND f.updated_at = a.created_at) <> 1)"},
    {"an account has its account_created audit row, of the same transaction",
     "SELECT count(*) FROM accounts a WHERE a.profile = 'parent' AND (SELECT count(*) FROM audit_log l WHERE l.kind = 'account_created'"
     " AND l.account_id = a.id AND l.at = a.created_at) <> 1"},
    {"an account's children are its flow's confirmed ones",
     "SELECT count(*) FROM accounts a JOIN flows f ON f.kind = 'activation' AND f.state = 'done'"
     " AND f.guardian_id = a.guardian_id JOIN flow_children fc ON fc.flow_id = f.id AND fc.state = 'confirmed'"
     " WHERE NOT EXISTS (SELECT 1 FROM account_children c WHERE c.account_id = a.id AND c.pupil_id = fc.pupil_id)"},
    {"a flow's state matches its code and children",
     "SELECT count(*) FROM flows f WHERE f.kind = 'activation' AND ("
     " (f.state = 'identity_given' AND (f.code_hash IS NULL"
     "   OR EXISTS (SELECT 1 FROM flow_children fc WHERE fc.flow_id = f.id)))"
     " OR (f.state IN ('code_verified', 'children_confirmed', 'done') AND (f.code_hash IS NOT NULL"
     "   OR NOT EXISTS (SELECT 1 FROM flow_children fc WHERE fc.flow_id = f.id))))"},
    {"flows past the children step have a confirmed child",
     "SELECT count(*) FROM flows f WHERE f.kind = 'activation' AND f.state IN ('children_confirmed', 'done')"
     " AND NOT EXISTS (SELECT 1 FROM flow_children fc WHERE fc.flow_id = f.id AND fc.state = 'confirmed')"},
    {"per number: flows and resends = SMS in the outbox = SMS budget spent",
     "WITH phones AS (SELECT phone_e164 AS phone FROM flows WHERE kind = 'activation'),"
     " tally AS (SELECT phone,"
     "  (SELECT count(*) + coalesce(sum(resend_count), 0) FROM flows WHERE kind = 'activation'"
     "    AND phone_e164 = phone) AS sends,"
     "  (SELECT count(*) FROM outbox WHERE channel = 'sms' AND recipient = phone) AS sms,"
     "  (SELECT coalesce(sum(count), 0) FROM rate_limits WHERE key = 'sms:' || phone) AS budget FROM phones)"
     " SELECT count(*) FROM tally WHERE NOT (sends = sms AND sms = budget)"},
};

void require_whole(Bench& bench) {
  auto connection = bench.server.database().connection();
  store::Statement integrity = connection->prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
  for (const auto& [rule, sql] : kInvariants) {
    INFO(rule);
    CHECK(connection->query_integer(sql) == 0);
  }
}

// Where the parent is in the journey.
struct Parent {
  std::string flow;
  json offered;
  std::string identifier;
  std::string cookie;
  std::string password = kEmiliePassword;
  std::string next_password = "Cahier!Rouge2026";
};

std::string cookie_of(const httplib::Response& res) {
  const std::string set_cookie = res.get_header_value("Set-Cookie");
  return set_cookie.substr(0, set_cookie.find(';'));
}

std::string latest_code(Bench& bench) {
  const auto res = bench.client.Get("/api/v1/dev/outbox", httplib::Params{{"to", kEmilieMobile}}, {});
  REQUIRE(res);
  REQUIRE(res->status == 200);  // reading works on any of these disks
  const json messages = json::parse(res->body);
  REQUIRE(!messages.empty());
  std::smatch match;
  const std::string body = messages[0]["body"];
  REQUIRE(std::regex_search(body, match, std::regex("([0-9]{6})")));
  return match[1];
}

httplib::Result post(Bench& bench, const std::string& path, const json& body, const std::string& cookie = {}) {
  httplib::Headers headers;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  return bench.client.Post(path.c_str(), headers, body.dump(), "application/json");
}

struct Step {
  const char* name;
  int success;
  bool may_be_unavailable;  // false: a page that only reads, served whatever the disk
  std::function<httplib::Result(Bench&, Parent&)> send;
  std::function<void(Parent&, const httplib::Response&)> done = [](Parent&, const httplib::Response&) {};
};

// Signs in with the parent's current password; the new session's cookie is kept.
Step sign_in(const char* name) {
  return {name, 200, true,
          [](Bench& b, Parent& p) {
            return post(b, "/api/v1/session", {{"identifier", p.identifier}, {"password", p.password}});
          },
          [](Parent& p, const httplib::Response& res) { p.cookie = cookie_of(res); }};
}

const std::vector<Step>& journey() {
  static const std::vector<Step> steps = {
      {"identity", 201, true,
       [](Bench& b, Parent&) {
         return post(b, "/api/v1/activation",
                     {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}});
       },
       [](Parent& p, const httplib::Response& res) { p.flow = json::parse(res.body)["flow"]; }},
      {"SMS code", 200, true,
       [](Bench& b, Parent& p) {
         return post(b, "/api/v1/activation/" + p.flow + "/sms", {{"code", latest_code(b)}});
       },
       [](Parent& p, const httplib::Response& res) { p.offered = json::parse(res.body)["children"]; }},
      {"children", 200, true,
       [](Bench& b, Parent& p) {
         return post(b, "/api/v1/activation/" + p.flow + "/children", both_children(p.offered));
       }},
      {"password", 201, true,
       [](Bench& b, Parent& p) {
         return post(b, "/api/v1/activation/" + p.flow + "/password",
                     {{"password", p.password}, {"confirmation", p.password}});
       },
       [](Parent& p, const httplib::Response& res) {
         p.identifier = json::parse(res.body)["identifier"];
         p.cookie = cookie_of(res);
       }},
      {"account page, its session to touch", 200, false,
       [](Bench& b, Parent& p) {
         b.clock->advance(std::chrono::minutes(2));  // past the touch interval: the page would write
         return b.client.Get("/api/v1/me", {{"Cookie", p.cookie}});
       }},
      sign_in("sign-in"),
      {"password change", 204, true,
       [](Bench& b, Parent& p) {
         return post(b, "/api/v1/me/password",
                     {{"current_password", p.password},
                      {"password", p.next_password},
                      {"confirmation", p.next_password}},
                     p.cookie);
       },
       [](Parent& p, const httplib::Response&) { std::swap(p.password, p.next_password); }},
      sign_in("sign-in with the new password"),
      {"sign-out", 204, true,
       [](Bench& b, Parent& p) {
         return b.client.Delete("/api/v1/session", {{"Cookie", p.cookie}});
       }},
  };
  return steps;
}

// Runs the journey from `first`; answers the step that met a 503 (steps.size() if none).
std::size_t run_steps(Bench& bench, Parent& parent, std::size_t first) {
  const auto& steps = journey();
  for (std::size_t i = first; i < steps.size(); ++i) {
    const Step& step = steps[i];
    INFO("step: " << step.name);
    const httplib::Result res = step.send(bench, parent);
    REQUIRE(res);  // an answer: the server is alive
    if (res->status == step.success) {
      step.done(parent, *res);
      continue;
    }
    INFO("answer: " << res->status << " " << res->body);
    REQUIRE(step.may_be_unavailable);
    require_unavailable(res);
    return i;
  }
  return steps.size();
}

constexpr std::size_t kPasswordChangeStep = 6;  // in journey(); resumed with the old password if it met a 503

struct Tally {
  int journeys = 0;
  int interrupted = 0;
};

// One journey with the disk failing after `after_writes` writes; false once
// the journey ended before the fault (no later start can meet it either).
bool journey_with_fault(DiskFault fault, std::int64_t after_writes, Tally& tally) {
  Bench bench;
  Parent parent;
  bench.disk.fail(fault, after_writes);
  const std::size_t stopped = run_steps(bench, parent, 0);
  const bool met = bench.disk.refused() > 0;
  ++tally.journeys;

  // Still failing: the database is whole and nothing is half-applied.
  require_whole(bench);
  const bool password_changed = stopped > kPasswordChangeStep;
  CHECK(bench.count("SELECT count(*) FROM audit_log WHERE kind = 'password_changed'") == (password_changed ? 1 : 0));
  if (stopped < journey().size() && !parent.cookie.empty()) {
    // A page that only reads is still served (its session's touch waits).
    bench.clock->advance(std::chrono::minutes(2));
    const auto page = bench.client.Get("/api/v1/me", {{"Cookie", parent.cookie}});
    REQUIRE(page);
    CHECK(page->status == 200);
  }

  // Space is back: the same parent ends the journey where it stopped, on the same server.
  bench.disk.heal();
  if (stopped < journey().size()) {
    ++tally.interrupted;
    INFO("resumed after a 503 at: " << journey()[stopped].name);
    REQUIRE(run_steps(bench, parent, stopped) == journey().size());
  }
  require_whole(bench);
  CHECK(bench.count("SELECT count(*) FROM accounts WHERE profile = 'parent'") == 1);
  CHECK(bench.count("SELECT count(*) FROM audit_log WHERE kind = 'password_changed'") == 1);
  // Every SMS the outbox holds is delivered (at least once) and marked sent.
  REQUIRE(eventually([&] {
    return bench.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0;
  }));
  const std::int64_t messages = bench.count("SELECT count(*) FROM outbox");
  CHECK(static_cast<std::int64_t>(bench.sms->ids().size()) == messages);
  CHECK(bench.count("SELECT max(id) FROM outbox") == messages);
  return met;
}

void every_write_of_the_journey(DiskFault fault, std::int64_t stride) {
  Tally tally;
  for (std::int64_t after = 0;; after += stride) {
    INFO(fault_name(fault) << " after " << after << " writes");
    if (!journey_with_fault(fault, after, tally)) break;
  }
  // The fault met every step, more than once.
  WARN(fault_name(fault) << ": " << tally.journeys << " journeys, " << tally.interrupted
                         << " interrupted by a 503 and resumed");
  CHECK(tally.interrupted >= static_cast<int>(journey().size()) - 1);
}

}  // namespace

TEST_CASE("A full disk at any write of a journey: 503 or success, the database whole, then recovery",
          "[storage_faults]") {
  every_write_of_the_journey(DiskFault::full, 1);
}

TEST_CASE("A read-only disk at any write of a journey: 503 or success, the database whole, then recovery",
          "[storage_faults]") {
  every_write_of_the_journey(DiskFault::read_only, 1);
}

TEST_CASE("A failing disk (I/O errors) during a journey: 503 or success, the database whole, then recovery",
          "[storage_faults]") {
  every_write_of_the_journey(DiskFault::io_error, 3);
}

TEST_CASE("Storage failures are told apart by SQLite's code", "[storage_faults]") {
  using store::FailureKind;
  for (const int code : {SQLITE_FULL, SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_READONLY_CANTINIT,
                         SQLITE_IOERR, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_IOERR_SHMSIZE,
                         SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_NOMEM,
                         SQLITE_PROTOCOL}) {
    INFO(store::sqlite_code_name(code));
    CHECK(store::failure_kind(code) == FailureKind::unavailable);
  }
  for (const int code : {SQLITE_CORRUPT, SQLITE_CORRUPT_INDEX, SQLITE_NOTADB, SQLITE_IOERR_CORRUPTFS}) {
    INFO(store::sqlite_code_name(code));
    CHECK(store::failure_kind(code) == FailureKind::corrupt);
  }
  for (const int code : {SQLITE_ERROR, SQLITE_CONSTRAINT_UNIQUE, SQLITE_MISUSE, SQLITE_RANGE, SQLITE_TOOBIG}) {
    INFO(store::sqlite_code_name(code));
    CHECK(store::failure_kind(code) == FailureKind::bug);
  }
  CHECK(store::sqlite_code_name(SQLITE_IOERR_WRITE) == "SQLITE_IOERR_WRITE (778)");
  CHECK(store::sqlite_code_name(SQLITE_FULL) == "SQLITE_FULL (13)");

  // A bug stays a bug: bad SQL, a broken constraint.
  TempDir dir;
  store::Database database(dir / "kinds.db");
  auto connection = database.connection();
  connection->execute("CREATE TABLE t (x INTEGER PRIMARY KEY)");
  try {
    connection->prepare("SELECT nothing FROM nowhere");
    FAIL("bad SQL was prepared");
  } catch (const store::StoreError& error) {
    CHECK(error.kind() == FailureKind::bug);
  }
  connection->execute("INSERT INTO t VALUES (1)");
  try {
    connection->execute("INSERT INTO t VALUES (1)");
    FAIL("a duplicate key was inserted");
  } catch (const store::StoreError& error) {
    CHECK(error.sqlite_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK(error.kind() == FailureKind::bug);
  }
  CHECK(connection->reusable());  // a bug does not condemn the connection
}

TEST_CASE("A transaction the disk refuses, at a statement or at COMMIT, leaves nothing and the pool recovers",
          "[storage_faults]") {
  FaultyDisk disk;
  TempDir dir;
  store::Database database(dir / "tx.db");
  database.connection()->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const auto rows = [&] { return database.connection()->query_integer("SELECT count(*) FROM t"); };

  for (const DiskFault fault : {DiskFault::full, DiskFault::read_only, DiskFault::io_error}) {
    // Small: the write reaches the disk at COMMIT. Large, with a tiny page
    // cache: SQLite spills pages to the WAL in the middle of the transaction,
    // so a statement fails and SQLite may roll back by itself.
    for (const int count : {1, 2000}) {
      INFO(fault_name(fault) << ", " << count << " rows");
      disk.fail(fault);
      {
        auto connection = database.connection();
        connection->execute("PRAGMA cache_size = 8");
        bool refused = false;
        try {
          store::Transaction transaction(*connection);
          store::Statement insert = connection->prepare("INSERT INTO t (payload) VALUES (?1)");
          for (int i = 0; i < count; ++i) insert.bind(1, std::string(1000, 'x')).run();
          transaction.commit();
        } catch (const store::StoreError& error) {
          refused = true;
          INFO(error.what());
          CHECK(error.unavailable());
        }
        CHECK(refused);
        CHECK(!connection->reusable());  // closed when its lease ends, not lent again
        CHECK(sqlite3_get_autocommit(connection->handle()) != 0);  // rolled back, by SQLite or by us
      }
      CHECK(rows() == 0);  // reads work on the failing disk: nothing was applied
      disk.heal();
      CHECK(rows() == 0);
      {
        auto connection = database.connection();
        store::Transaction transaction(*connection);
        connection->prepare("INSERT INTO t (payload) VALUES ('after')").run();
        transaction.commit();
      }
      CHECK(rows() == 1);
      database.connection()->execute("DELETE FROM t");
      auto connection = database.connection();
      store::Statement integrity = connection->prepare("PRAGMA integrity_check");
      REQUIRE(integrity.step());
      CHECK(integrity.text(0) == "ok");
    }
  }
}

TEST_CASE("A database the server can only read is refused at start, with the reason", "[storage_faults]") {
  FaultyDisk disk;
  TempDir dir;
  { store::Database created(dir / "ro.db"); }
  disk.fail(DiskFault::read_only);
  try {
    store::Database database(dir / "ro.db");
    FAIL("a read-only database was opened for serving");
  } catch (const store::StoreError& error) {
    CHECK(error.unavailable());
    CHECK_THAT(error.what(), Catch::Contains("can only be read"));
  }
  disk.heal();
  CHECK_NOTHROW(store::Database(dir / "ro.db"));
}

TEST_CASE("During a full disk the sender sends a message once, and marks it sent when space is back",
          "[storage_faults]") {
  Bench bench(false);  // only the Sender below delivers
  REQUIRE(post(bench, "/api/v1/activation",
               {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}})
              ->status == 201);
  AcceptingGateway gateway;
  delivery::Sender sender(bench.server.database(), *bench.clock, {&gateway, nullptr});  // driven by hand
  bench.disk.fail(DiskFault::full);
  for (int pass = 0; pass < 3; ++pass) {
    try {
      sender.deliver_due();
      FAIL("the full disk let the sender mark its message sent");
    } catch (const store::StoreError& error) {
      CHECK(error.unavailable());
    }
  }
  CHECK(gateway.deliveries() == 1);  // accepted by the gateway once, its "sent" not written
  bench.disk.heal();
  CHECK(sender.deliver_due() == 0);  // nothing new: the pending "sent" is written first
  CHECK(gateway.deliveries() == 1);
  CHECK(bench.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
}

TEST_CASE("The janitor lives through a full disk and purges once space is back", "[storage_faults]") {
  Bench bench;
  REQUIRE(post(bench, "/api/v1/activation",
               {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "06 12 34 56 78"}})
              ->status == 201);
  bench.clock->advance(std::chrono::hours(48));  // the flow and its counters are past keeping
  maintenance::RetentionConfig retention;
  retention.purge_interval = std::chrono::milliseconds(10);
  const SecurityConfig security = fast_security();
  maintenance::Janitor janitor(bench.server.database(), *bench.clock, security, retention);
  bench.disk.fail(DiskFault::full);
  janitor.start();
  REQUIRE(eventually([&] { return bench.disk.refused() >= 3; }));  // several purges refused
  CHECK(bench.count("SELECT count(*) FROM flows") == 1);
  bench.disk.heal();
  CHECK(eventually([&] { return bench.count("SELECT count(*) FROM flows") == 0; }));
  janitor.stop();
}

}  // namespace sesame::testing
