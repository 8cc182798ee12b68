#include "server/delivery/outbox.h"

#include <sqlite3.h>

namespace sesame::delivery {

namespace {

constexpr std::string_view kColumns = "id, channel, recipient, body, created_at, attempts";

OutboxMessage read_message(const store::Statement& row) {
  OutboxMessage message;
  message.id = row.integer(0);
  message.channel = parse_channel(row.text(1)).value_or(Channel::sms);  // the table's CHECK allows no other
  message.recipient = row.text(2);
  message.body = row.text(3);
  message.created_at = row.integer(4);
  message.attempts = static_cast<int>(row.integer(5));
  return message;
}

std::vector<OutboxMessage> read_all(store::Statement& statement) {
  std::vector<OutboxMessage> messages;
  while (statement.step()) messages.push_back(read_message(statement));
  statement.reset();
  return messages;
}

}  // namespace

std::string_view channel_name(Channel channel) { return channel == Channel::sms ? "sms" : "email"; }

std::optional<Channel> parse_channel(std::string_view name) {
  if (name == "sms") return Channel::sms;
  if (name == "email") return Channel::email;
  return std::nullopt;
}

std::string compose_email(std::string_view subject, std::string_view text) {
  // A line break inside the subject would end it early when split_email reads it back.
  std::string one_line(subject);
  for (char& c : one_line)
    if (c == '\r' || c == '\n') c = ' ';
  return one_line + "\n\n" + std::string(text);
}

EmailParts split_email(std::string_view body) {
  const auto blank_line = body.find("\n\n");
  if (blank_line == std::string_view::npos) return {"Sésame ENT", std::string(body)};
  return {std::string(body.substr(0, blank_line)), std::string(body.substr(blank_line + 2))};
}

std::int64_t enqueue(store::Connection& connection, Channel channel, std::string_view recipient,
                     std::string_view body, std::int64_t now) {
  if (sqlite3_get_autocommit(connection.handle()) != 0)
    throw store::StoreError("outbox: enqueue outside a transaction");
  connection
      .prepare(
          "INSERT INTO outbox (channel, recipient, body, created_at, next_attempt_at) VALUES (?1, ?2, ?3, "
          "?4, ?4)")
      .bind(1, channel_name(channel))
      .bind(2, recipient)
      .bind(3, body)
      .bind(4, now)
      .run();
  return connection.last_insert_id();
}

std::vector<OutboxMessage> due_messages(store::Connection& connection, Channel channel, std::int64_t now,
                                        int limit) {
  auto statement =
      connection.prepare("SELECT " + std::string(kColumns) +
                         " FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL AND channel = ?3"
                         " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2");
  statement.bind(1, now).bind(2, limit).bind(3, channel_name(channel));
  return read_all(statement);
}

void mark_sent(store::Connection& connection, std::int64_t id, std::int64_t now) {
  connection.prepare("UPDATE outbox SET sent_at = ?2, next_attempt_at = NULL WHERE id = ?1")
      .bind(1, id)
      .bind(2, now)
      .run();
}

void mark_failed(store::Connection& connection, std::int64_t id, std::string_view error,
                 std::optional<std::int64_t> next_attempt_at, std::int64_t now) {
  auto statement = connection.prepare(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3,"
      " given_up_at = CASE WHEN ?3 IS NULL THEN ?4 END WHERE id = ?1");
  statement.bind(1, id).bind(2, error).bind(4, now);
  if (next_attempt_at) {
    statement.bind(3, *next_attempt_at);
  } else {
    statement.bind_null(3);
  }
  statement.run();
}

std::optional<std::int64_t> next_due_time(store::Connection& connection) {
  auto statement = connection.prepare(
      "SELECT min(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL");
  if (!statement.step() || statement.is_null(0)) return std::nullopt;
  return statement.integer(0);
}

std::vector<OutboxMessage> messages_to(store::Connection& connection, std::string_view recipient, int limit) {
  auto statement =
      connection.prepare("SELECT " + std::string(kColumns) +
                         " FROM outbox WHERE ?1 = '' OR recipient = ?1 ORDER BY id DESC LIMIT ?2");
  statement.bind(1, recipient).bind(2, limit);
  return read_all(statement);
}

}  // namespace sesame::delivery
