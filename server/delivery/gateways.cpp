#include "server/delivery/gateways.h"

#include <fcntl.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

std::string delivery_key(const OutboxMessage& message) {
  // Ids alone could come back after the newest rows are deleted; with the
  // creation time they do not.
  return std::to_string(message.created_at) + "-" + std::to_string(message.id);
}

namespace {

std::string read_whole(int fd, const std::filesystem::path& path) {
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot read " + path.string() + ": " + std::strerror(errno));
    if (n == 0) return content;
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

DevGateway::DevGateway(bool reveal, const std::filesystem::path& inbox) : reveal_(reveal) {
  if (inbox.empty()) return;
  inbox_fd_ = ::open(inbox.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (inbox_fd_ < 0)
    throw std::runtime_error("cannot open the SMS inbox " + inbox.string() + ": " + std::strerror(errno));
  try {
    std::string content = read_whole(inbox_fd_, inbox);
    // A line without its end (a write cut by a full disk) was never delivered:
    // drop it, so that the next line starts on a line of its own.
    const std::size_t last_end = content.rfind('\n');
    const std::size_t complete = last_end == std::string::npos ? 0 : last_end + 1;
    if (complete < content.size()) {
      if (::ftruncate(inbox_fd_, static_cast<off_t>(complete)) != 0)
        throw std::runtime_error("cannot repair " + inbox.string() + ": " + std::strerror(errno));
      content.resize(complete);
    }
    std::size_t line_number = 0;
    for (std::size_t at = 0; at < content.size();) {
      const std::size_t end = content.find('\n', at);
      ++line_number;
      const auto line = nlohmann::json::parse(content.begin() + static_cast<std::ptrdiff_t>(at),
                                              content.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
      if (!line.is_object() || !line.contains("key") || !line["key"].is_string())
        throw std::runtime_error(inbox.string() + ", line " + std::to_string(line_number) +
                                 ": not a message of the SMS inbox");
      delivered_keys_.insert(line["key"].get<std::string>());
      at = end + 1;
    }
  } catch (...) {
    ::close(inbox_fd_);
    throw;
  }
}

DevGateway::~DevGateway() {
  if (inbox_fd_ >= 0) ::close(inbox_fd_);
}

DeliveryResult DevGateway::deliver(const OutboxMessage& message) {
  const char* what = message.channel == Channel::sms ? "SMS" : "E-mail";
  if (inbox_fd_ >= 0) {
    const std::string key = delivery_key(message);
    std::lock_guard lock(inbox_mutex_);
    if (delivered_keys_.contains(key)) {
      spdlog::info("{} to {}: already delivered (message {}), not again", what, masked_recipient(message), key);
      return DeliveryResult::ok();
    }
    if (DeliveryResult appended = append_to_inbox(message, key); !appended.delivered) return appended;
  }
  if (reveal_) {
    // Development only: the console is the developer's phone.
    spdlog::info("{} to {}: {}", what, message.recipient, message.body);
  } else {
    spdlog::info("{} to {}: ({} bytes, not shown)", what, masked_recipient(message), message.body.size());
  }
  return DeliveryResult::ok();
}

// One write() of the whole line, on a file opened with O_APPEND: a process
// killed around it leaves the line whole or absent, and once write() returned
// the line is in the kernel's cache, which outlives the process.
DeliveryResult DevGateway::append_to_inbox(const OutboxMessage& message, const std::string& key) {
  const nlohmann::json line = {{"key", key},
                               {"channel", std::string(channel_name(message.channel))},
                               {"to", message.recipient},
                               {"text", message.body}};
  const std::string text = line.dump() + "\n";
  ssize_t written;
  do {
    written = ::write(inbox_fd_, text.data(), text.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(text.size())) {
    const std::string why = written < 0 ? std::strerror(errno) : "short write";
    // A partial line is not a delivery: take it back, the message is retried.
    struct stat status {};
    if (written > 0 && ::fstat(inbox_fd_, &status) == 0) {
      [[maybe_unused]] const int ignored = ::ftruncate(inbox_fd_, status.st_size - written);
    }
    return DeliveryResult::failed("SMS inbox: " + why);
  }
  delivered_keys_.insert(key);
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
