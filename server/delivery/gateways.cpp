#include "server/delivery/gateways.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "shared/phone.h"

namespace sesame::delivery {

std::string masked_recipient(const OutboxMessage& message) {
  if (message.channel == Channel::sms) return mask_phone(message.recipient);
  const auto at = message.recipient.find('@');
  if (at == std::string::npos || at == 0) return "***";
  return message.recipient.substr(0, 1) + "***" + message.recipient.substr(at);
}

DeliveryResult DevGateway::deliver(const OutboxMessage& message) {
  const char* what = message.channel == Channel::sms ? "SMS" : "E-mail";
  if (reveal_) {
    // Development only: the console is the developer's phone.
    spdlog::info("{} to {}: {}", what, message.recipient, message.body);
  } else {
    spdlog::info("{} to {}: ({} bytes, not shown)", what, masked_recipient(message), message.body.size());
  }
  return DeliveryResult::ok();
}

HttpGateway::HttpGateway(const std::string& url, std::chrono::seconds timeout) : timeout_(timeout) {
  static const std::regex kUrl(R"(^(https?://[^/?#\s]+)(/[^#\s]*)?$)", std::regex::icase);
  std::smatch parts;
  if (!std::regex_match(url, parts, kUrl))
    throw std::invalid_argument("expected http://HOST[:PORT]/PATH or https://…, got \"" + url + "\"");
  scheme_host_port_ = parts[1].str();
  path_ = parts[2].matched ? parts[2].str() : "/";
}

DeliveryResult HttpGateway::deliver(const OutboxMessage& message) {
  httplib::Client client(scheme_host_port_);
  client.set_connection_timeout(timeout_);
  client.set_read_timeout(timeout_);
  client.set_write_timeout(timeout_);
  const nlohmann::json request = {{"to", message.recipient}, {"text", message.body}};
  const auto result = client.Post(path_, request.dump(), "application/json");
  if (!result) return DeliveryResult::failed("gateway unreachable: " + httplib::to_string(result.error()));
  if (result->status < 200 || result->status > 299)
    return DeliveryResult::failed("gateway answered " + std::to_string(result->status));
  return DeliveryResult::ok();
}

}  // namespace sesame::delivery
