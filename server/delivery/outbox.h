#pragma once
// The transactional outbox (docs/architecture.md, "Server"; docs/api.md,
// "Messages sent"): a step that sends an SMS or an e-mail writes the message
// row in its own transaction, so the message exists if and only if the step
// committed; the Sender thread delivers it afterwards, and again after a crash
// if it had not been marked sent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"

namespace sesame::delivery {

enum class Channel { sms, email };

std::string_view channel_name(Channel channel);  // "sms", "email": as stored and on the wire
std::optional<Channel> parse_channel(std::string_view name);

struct OutboxMessage {
  std::int64_t id = 0;
  Channel channel = Channel::sms;
  std::string recipient;  // E.164 for SMS, the address for e-mail
  std::string body;
  std::int64_t created_at = 0;
  int attempts = 0;  // failed deliveries so far
};

// Writes the message, due at once. The caller's transaction must be open
// (throws store::StoreError otherwise): a message written outside one could
// outlive a step that fails afterwards. Answers the row's id.
std::int64_t enqueue(store::Connection& connection, Channel channel, std::string_view recipient,
                     std::string_view body, std::int64_t now);

// Unsent messages of `channel` whose next attempt is due at `now`, oldest first.
std::vector<OutboxMessage> due_messages(store::Connection& connection, Channel channel, std::int64_t now,
                                        int limit);
void mark_sent(store::Connection& connection, std::int64_t id, std::int64_t now);
// Counts a failed attempt and plans the next one, or gives up (next_attempt_at NULL).
void mark_failed(store::Connection& connection, std::int64_t id, std::string_view error,
                 std::optional<std::int64_t> next_attempt_at, std::int64_t now);
// The earliest next attempt among pending messages, to know how long to sleep.
std::optional<std::int64_t> next_due_time(store::Connection& connection);

// An e-mail's body as stored in the outbox: the subject, a blank line, then the
// text. One column keeps the outbox the same for both channels.
std::string compose_email(std::string_view subject, std::string_view text);

struct EmailParts {
  std::string subject;
  std::string text;
};
// The reverse of compose_email. A body without the blank line (written before
// e-mails had subjects) is all text, under a default subject.
EmailParts split_email(std::string_view body);

// What the development outbox shows: every message to `recipient` (all when
// empty), sent or not, newest first.
std::vector<OutboxMessage> messages_to(store::Connection& connection, std::string_view recipient, int limit);

}  // namespace sesame::delivery
