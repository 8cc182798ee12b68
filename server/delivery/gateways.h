#pragma once
// Where the Sender hands each message: a Gateway says whether it was accepted.
// A refusal or an error is retried later, so a gateway never retries by itself.
#include <chrono>
#include <mutex>
#include <string>

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

// Development: prints the message instead of sending it. With `reveal` (--dev)
// the console shows the full number and text, so that a developer reads the
// code; otherwise only the masked number, since SMS texts carry secrets.
class DevGateway final : public Gateway {
 public:
  explicit DevGateway(bool reveal) : reveal_(reveal) {}
  DeliveryResult deliver(const OutboxMessage& message) override;

 private:
  bool reveal_;
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
