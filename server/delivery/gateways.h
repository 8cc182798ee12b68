#pragma once
// Where the Sender hands each message: a Gateway says whether it was accepted.
// A refusal or an error is retried later, so a gateway never retries by itself.
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_set>

#include "server/delivery/outbox.h"

namespace sesame::delivery {

struct DeliveryResult {
  bool delivered = false;
  std::string error;  // why not, for the outbox's last_error and the log

  static DeliveryResult ok() { return {true, {}}; }
  static DeliveryResult failed(std::string why) { return {false, std::move(why)}; }
};

class Gateway {
 public:
  virtual ~Gateway() = default;
  virtual DeliveryResult deliver(const OutboxMessage& message) = 0;
};

// What tells one outbox message from every other of its database: a gateway
// that remembers the keys it accepted can turn the Sender's "at least once"
// (again after a crash between the gateway's answer and the sent mark) into
// "exactly once".
std::string delivery_key(const OutboxMessage& message);

// Development: prints the message instead of sending it. With `reveal` (--dev)
// the console shows the full number and text, so that a developer reads the
// code; otherwise only the masked number, since SMS texts carry secrets.
//
// With an inbox file it also stands for a phone network that recognises a
// message it already carried: each message is appended to the file as one
// JSON line {"key", "channel", "to", "text"}, and a key already there is
// answered "delivered" without a second line. The file survives the server,
// so a message delivered just before a kill is not delivered again by the next
// life (make crashtest counts the lines).
class DevGateway final : public Gateway {
 public:
  // Throws std::runtime_error when the inbox cannot be opened or read.
  explicit DevGateway(bool reveal, const std::filesystem::path& inbox = {});
  ~DevGateway() override;
  DevGateway(const DevGateway&) = delete;
  DevGateway& operator=(const DevGateway&) = delete;

  DeliveryResult deliver(const OutboxMessage& message) override;

 private:
  DeliveryResult append_to_inbox(const OutboxMessage& message, const std::string& key);

  bool reveal_;
  int inbox_fd_ = -1;
  std::mutex inbox_mutex_;
  std::unordered_set<std::string> delivered_keys_;  // every key in the inbox file
};

// An SMS provider behind an HTTP endpoint: POST {"to": "+336…", "text": "…"} as
// JSON; any 2xx means accepted, anything else (or no answer) is a failure.
class HttpGateway final : public Gateway {
 public:
  // Throws std::invalid_argument when `url` is not http(s)://host[:port][/path].
  explicit HttpGateway(const std::string& url, std::chrono::seconds timeout = std::chrono::seconds(10));
  DeliveryResult deliver(const OutboxMessage& message) override;

 private:
  std::string scheme_host_port_;
  std::string path_;
  std::chrono::seconds timeout_;
};

// "+33 6 ** ** ** 78" for a phone, "p***@exemple.fr" for an address: what logs may show.
std::string masked_recipient(const OutboxMessage& message);

}  // namespace sesame::delivery
