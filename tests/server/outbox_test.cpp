// The transactional outbox, its sender thread, the gateways and the
// development outbox endpoint.
#include "server/delivery/outbox.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "server/config/clock.h"
#include "server/delivery/gateways.h"
#include "server/delivery/sender.h"
#include "server/store/database.h"
#include "shared/messages.h"
#include "support.h"

using namespace std::chrono_literals;
using nlohmann::json;
using sesame::delivery::Channel;
using sesame::delivery::OutboxMessage;
using sesame::store::Database;
using sesame::store::Transaction;
using sesame::testing::eventually;
using sesame::testing::TempDir;
using sesame::testing::TestServer;
using sesame::testing::TestServerOptions;

namespace {

std::int64_t enqueue_committed(Database& database, Channel channel, const std::string& to,
                               const std::string& body, std::int64_t now) {
  auto connection = database.connection();
  Transaction transaction(*connection);
  const auto id = sesame::delivery::enqueue(*connection, channel, to, body, now);
  transaction.commit();
  return id;
}

std::int64_t column(Database& database, std::int64_t id, const std::string& name) {
  auto connection = database.connection();
  return connection->query_integer("SELECT coalesce(" + name +
                                   ", -1) FROM outbox WHERE id = " + std::to_string(id));
}

// Remembers what it is given; fails while `failures_left` > 0.
class RecordingGateway final : public sesame::delivery::Gateway {
 public:
  sesame::delivery::DeliveryResult deliver(const OutboxMessage& message) override {
    std::lock_guard lock(mutex_);
    received_.push_back(message);
    if (failures_left_ > 0) {
      --failures_left_;
      return sesame::delivery::DeliveryResult::failed("refused by the test");
    }
    return sesame::delivery::DeliveryResult::ok();
  }
  std::vector<OutboxMessage> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  void fail_next(int count) {
    std::lock_guard lock(mutex_);
    failures_left_ = count;
  }

 private:
  std::mutex mutex_;
  std::vector<OutboxMessage> received_;
  int failures_left_ = 0;
};

// An SMS provider on 127.0.0.1: answers 500 to the first `failures` requests, then 200.
class FakeSmsProvider {
 public:
  explicit FakeSmsProvider(int failures) : failures_(failures) {
    server_.Post("/send", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      requests_.push_back({req.get_header_value("Content-Type"), req.body});
      res.status = static_cast<int>(requests_.size()) <= failures_ ? 500 : 200;
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~FakeSmsProvider() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/send"; }
  struct Received {
    std::string content_type;
    std::string body;
  };
  std::vector<Received> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  int failures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Received> requests_;
};

}  // namespace

TEST_CASE("A message exists only if the transaction that wrote it commits", "[outbox]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  auto connection = database.connection();
  {
    Transaction transaction(*connection);
    sesame::delivery::enqueue(*connection, Channel::sms, "+33612345678", "rolled back", 100);
    // No commit: the step failed after writing its message.
  }
  CHECK(connection->query_integer("SELECT count(*) FROM outbox") == 0);
  {
    Transaction transaction(*connection);
    sesame::delivery::enqueue(*connection, Channel::sms, "+33612345678", "committed", 100);
    transaction.commit();
  }
  CHECK(connection->query_integer("SELECT count(*) FROM outbox") == 1);
  // Outside a transaction the caller has made a mistake: refused loudly.
  CHECK_THROWS_AS(sesame::delivery::enqueue(*connection, Channel::sms, "+33612345678", "loose", 100),
                  sesame::store::StoreError);
  CHECK(connection->query_integer("SELECT count(*) FROM outbox") == 1);
}

TEST_CASE("Retries wait 10 s, doubling, at most 10 min", "[outbox]") {
  const sesame::delivery::SenderSettings settings;
  CHECK(sesame::delivery::retry_delay_seconds(1, settings) == 10);
  CHECK(sesame::delivery::retry_delay_seconds(2, settings) == 20);
  CHECK(sesame::delivery::retry_delay_seconds(3, settings) == 40);
  CHECK(sesame::delivery::retry_delay_seconds(6, settings) == 320);
  CHECK(sesame::delivery::retry_delay_seconds(7, settings) == 600);
  CHECK(sesame::delivery::retry_delay_seconds(60, settings) == 600);
}

TEST_CASE("The sender retries an HTTP gateway's failure with backoff, then delivers exactly once",
          "[outbox]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  sesame::ManualClock clock;
  FakeSmsProvider provider(/*failures=*/1);
  sesame::delivery::HttpGateway gateway(provider.url());
  sesame::delivery::Sender sender(database, clock, {&gateway, nullptr});

  const std::int64_t start = clock.unix_seconds();
  const auto id = enqueue_committed(database, Channel::sms, "+33612345678", "Votre code : 123456", start);
  sender.start();
  sender.notify();

  // First attempt: the provider answers 500, the message waits 10 s.
  REQUIRE(eventually([&] { return column(database, id, "attempts") == 1; }));
  CHECK(provider.requests().size() == 1);
  CHECK(column(database, id, "sent_at") == -1);
  CHECK(column(database, id, "next_attempt_at") == start + 10);
  {
    auto connection = database.connection();
    auto statement = connection->prepare("SELECT last_error FROM outbox WHERE id = ?1");
    statement.bind(1, id);
    REQUIRE(statement.step());
    CHECK(statement.text(0).find("500") != std::string::npos);
  }

  // Not before its time.
  clock.advance(9s);
  sender.notify();
  std::this_thread::sleep_for(200ms);
  CHECK(provider.requests().size() == 1);

  // Then delivered, and marked sent.
  clock.advance(1s);
  sender.notify();
  REQUIRE(eventually([&] { return column(database, id, "sent_at") == start + 10; }));
  CHECK(provider.requests().size() == 2);

  // Never again.
  clock.advance(1h);
  sender.notify();
  std::this_thread::sleep_for(300ms);
  sender.stop();
  const auto requests = provider.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].content_type.starts_with("application/json"));
  CHECK(json::parse(requests[1].body) == json{{"to", "+33612345678"}, {"text", "Votre code : 123456"}});
}

TEST_CASE("At start the sender delivers what a previous run left unsent, once each", "[outbox]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  sesame::ManualClock clock;
  const std::int64_t now = clock.unix_seconds();
  // The previous run: one message sent, two committed but never delivered (a crash).
  const auto sent = enqueue_committed(database, Channel::sms, "+33611111111", "déjà envoyé", now);
  sesame::delivery::mark_sent(*database.connection(), sent, now);
  enqueue_committed(database, Channel::sms, "+33622222222", "premier", now);
  enqueue_committed(database, Channel::email, "parent@exemple.fr", "second", now);

  RecordingGateway sms;
  RecordingGateway email;
  {
    sesame::delivery::Sender sender(database, clock, {&sms, &email});
    sender.start();  // no notify: starting is enough
    REQUIRE(eventually([&] { return sms.received().size() == 1 && email.received().size() == 1; }));
    clock.advance(1h);
    sender.notify();
    std::this_thread::sleep_for(200ms);
  }  // the destructor stops and joins
  CHECK(sms.received().size() == 1);
  CHECK(sms.received()[0].body == "premier");
  CHECK(email.received()[0].recipient == "parent@exemple.fr");
  CHECK(database.connection()->query_integer("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);

  // A new start finds nothing to do.
  sesame::delivery::Sender again(database, clock, {&sms, &email});
  again.start();
  std::this_thread::sleep_for(200ms);
  again.stop();
  CHECK(sms.received().size() == 1);
  CHECK(email.received().size() == 1);
}

TEST_CASE("The sender gives up after max_attempts and leaves channels without a gateway queued", "[outbox]") {
  TempDir dir;
  Database database(dir / "sesame.db");
  sesame::ManualClock clock;
  RecordingGateway sms;
  sms.fail_next(100);
  sesame::delivery::SenderSettings settings;
  settings.max_attempts = 3;
  sesame::delivery::Sender sender(database, clock, {&sms, nullptr}, settings);  // sender thread not started

  const auto id = enqueue_committed(database, Channel::sms, "+33612345678", "x", clock.unix_seconds());
  const auto mail = enqueue_committed(database, Channel::email, "a@b.fr", "y", clock.unix_seconds());
  for (int i = 0; i < 5; ++i) {
    sender.deliver_due();
    clock.advance(1h);
  }
  CHECK(sms.received().size() == 3);
  CHECK(column(database, id, "attempts") == 3);
  CHECK(column(database, id, "given_up_at") > 0);
  CHECK(column(database, id, "sent_at") == -1);
  CHECK(column(database, mail, "attempts") == 0);
  CHECK(column(database, mail, "sent_at") == -1);
}

TEST_CASE("The server's sender delivers what a route enqueued", "[outbox]") {
  auto sms = std::make_shared<RecordingGateway>();
  TestServerOptions options;
  options.sms_gateway = sms;
  options.extra_routes = [](sesame::http::Router& router, sesame::Services& services) {
    router.post("/api/v1/test/sms", [&services](const httplib::Request&, httplib::Response& res) {
      {
        auto connection = services.database.connection();
        Transaction transaction(*connection);
        sesame::delivery::enqueue(*connection, Channel::sms, "+33612345678", "Bonjour",
                                  services.clock.unix_seconds());
        transaction.commit();
      }
      services.sender.notify();
      res.status = 204;
    });
  };
  TestServer server(options);
  const auto result = server.client().Post("/api/v1/test/sms", "{}", "application/json");
  REQUIRE(result);
  CHECK(result->status == 204);
  REQUIRE(eventually([&] { return sms->received().size() == 1; }));
  CHECK(sms->received()[0].body == "Bonjour");
}

TEST_CASE("GET /api/v1/dev/outbox lists messages newest first, only with --dev", "[outbox]") {
  TestServerOptions options;
  options.dev = true;
  auto clock = std::make_shared<sesame::ManualClock>();
  options.clock = clock;
  TestServer server(options);
  const std::int64_t now = clock->unix_seconds();
  enqueue_committed(server.database(), Channel::sms, "+33612345678", "Votre code : 111111", now);
  enqueue_committed(server.database(), Channel::sms, "+33699999999", "autre parent", now);
  enqueue_committed(server.database(), Channel::email, "parent@exemple.fr", "Votre code : 333333", now);
  enqueue_committed(server.database(), Channel::sms, "+33612345678", "Votre code : 222222", now + 60);

  auto client = server.client();
  // However the number is written.
  for (const char* to : {"06%2012%2034%2056%2078", "%2B33612345678", "+33612345678", "0612345678"}) {
    INFO(to);
    const auto result = client.Get(std::string("/api/v1/dev/outbox?to=") + to);
    REQUIRE(result);
    REQUIRE(result->status == 200);
    const json list = json::parse(result->body);
    REQUIRE(list.size() == 2);
    CHECK(list[0] == json{{"channel", "sms"},
                          {"to", "+33612345678"},
                          {"body", "Votre code : 222222"},
                          {"created_at", "2026-09-01T08:01:00Z"}});
    CHECK(list[1]["body"] == "Votre code : 111111");
  }
  const auto mail = client.Get("/api/v1/dev/outbox?to=parent%40exemple.fr");
  REQUIRE(mail);
  REQUIRE(json::parse(mail->body).size() == 1);
  CHECK(json::parse(mail->body)[0]["channel"] == "email");

  const auto bad = client.Get("/api/v1/dev/outbox?to=abc");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["error"]["field"] == "to");

  TestServer production;
  const auto hidden = production.client().Get("/api/v1/dev/outbox?to=0612345678");
  REQUIRE(hidden);
  CHECK(hidden->status == 404);
  CHECK(json::parse(hidden->body)["error"]["code"] == "not_found");
}

TEST_CASE("The development gateway accepts every message; masks recipients in logs", "[outbox]") {
  OutboxMessage sms{1, Channel::sms, "+33612345678", "Votre code : 123456", 0, 0};
  CHECK(sesame::delivery::DevGateway(true).deliver(sms).delivered);
  CHECK(sesame::delivery::DevGateway(false).deliver(sms).delivered);
  CHECK(sesame::delivery::masked_recipient(sms) == "+33 6 ** ** ** 78");
  OutboxMessage mail{2, Channel::email, "parent@exemple.fr", "x", 0, 0};
  CHECK(sesame::delivery::masked_recipient(mail) == "p***@exemple.fr");
  CHECK_THROWS_AS(sesame::delivery::HttpGateway("ftp://x"), std::invalid_argument);
  CHECK_THROWS_AS(sesame::delivery::HttpGateway("not a url"), std::invalid_argument);
}

namespace {

std::vector<json> inbox_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("With an inbox, the development gateway delivers each outbox message once, across restarts",
          "[outbox]") {
  TempDir dir;
  const auto inbox = dir.path() / "sms-inbox.jsonl";
  const OutboxMessage first{7, Channel::sms, "+33612345678", "Votre code : 123456", 1000, 0};
  const OutboxMessage second{8, Channel::sms, "+33612345678", "Votre code : 654321", 1000, 0};
  // The same id in another second: another message (ids may come back after deletions).
  const OutboxMessage reused{7, Channel::sms, "+33698765432", "Votre code : 000000", 2000, 0};
  {
    sesame::delivery::DevGateway gateway(true, inbox);
    CHECK(gateway.deliver(first).delivered);
    CHECK(gateway.deliver(first).delivered);  // the Sender again: accepted, not written twice
  }
  {
    // The next life of the server: a message delivered just before a kill
    // and never marked sent comes again, and is recognised.
    sesame::delivery::DevGateway gateway(false, inbox);
    CHECK(gateway.deliver(first).delivered);
    CHECK(gateway.deliver(second).delivered);
    CHECK(gateway.deliver(reused).delivered);
  }
  const auto lines = inbox_lines(inbox);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == json{{"key", "1000-7"}, {"channel", "sms"}, {"to", "+33612345678"}, {"text", "Votre code : 123456"}});
  CHECK(lines[1]["key"] == "1000-8");
  CHECK(lines[2]["key"] == "2000-7");

  // A line cut short (a disk that filled up mid-write) was not a delivery: it
  // is dropped and that message delivered whole.
  {
    std::ofstream out(inbox, std::ios::app);
    out << R"({"key":"3000-9","channel":"sms","to":"+3361)";
  }
  {
    sesame::delivery::DevGateway gateway(true, inbox);
    CHECK(gateway.deliver(OutboxMessage{9, Channel::sms, "+33612345678", "Votre code : 999999", 3000, 0}).delivered);
  }
  const auto repaired = inbox_lines(inbox);
  REQUIRE(repaired.size() == 4);
  CHECK(repaired[3]["key"] == "3000-9");
  CHECK(repaired[3]["text"] == "Votre code : 999999");

  // Something else than an inbox is refused rather than overwritten.
  const auto other = dir.path() / "notes.txt";
  std::ofstream(other) << "bonjour\n";
  CHECK_THROWS_AS(sesame::delivery::DevGateway(true, other), std::runtime_error);
  CHECK_THROWS_AS(sesame::delivery::DevGateway(true, dir.path() / "missing" / "inbox.jsonl"), std::runtime_error);
}
