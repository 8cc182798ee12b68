#include "server/delivery/sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace sesame::delivery {

std::int64_t retry_delay_seconds(int failed_attempts, const SenderSettings& settings) {
  const std::int64_t cap = settings.max_retry_delay.count();
  std::int64_t delay = settings.first_retry_delay.count();
  for (int i = 1; i < failed_attempts && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

Sender::Sender(store::Database& database, const Clock& clock, Gateways gateways, SenderSettings settings)
    : database_(database), clock_(clock), gateways_(gateways), settings_(settings) {}

Sender::~Sender() { stop(); }

void Sender::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  notified_ = true;  // first pass at once: the leftovers of the previous run
  thread_ = std::thread([this] { run(); });
}

void Sender::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_up_.notify_one();
}

void Sender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_up_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Sender::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_up_.wait_for(lock, settings_.poll_interval, [this] { return stopping_ || notified_; });
    if (stopping_) break;
    notified_ = false;
    lock.unlock();
    try {
      deliver_due();
    } catch (const std::exception& error) {
      // The storage may be busy or full: try again at the next wake-up.
      spdlog::error("outbox: {}", error.what());
    }
    lock.lock();
  }
}

int Sender::deliver_due() {
  auto connection = database_.connection();
  record_unrecorded(*connection);  // throws while the storage still refuses: nothing new goes out
  int delivered = 0;
  if (gateways_.sms) delivered += deliver_channel(*connection, Channel::sms, *gateways_.sms);
  if (gateways_.email) delivered += deliver_channel(*connection, Channel::email, *gateways_.email);
  return delivered;
}

int Sender::deliver_channel(store::Connection& connection, Channel channel, Gateway& gateway) {
  int delivered = 0;
  for (const OutboxMessage& message :
       due_messages(connection, channel, clock_.unix_seconds(), settings_.batch_size)) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;  // the rest waits for the next start
    }
    DeliveryResult result;
    try {
      result = gateway.deliver(message);
    } catch (const std::exception& error) {
      result = DeliveryResult::failed(error.what());
    }
    const std::int64_t now = clock_.unix_seconds();
    if (result.delivered) {
      try {
        mark_sent(connection, message.id, now);
      } catch (const store::StoreError&) {
        unrecorded_.emplace_back(message.id, now);
        throw;
      }
      ++delivered;
      continue;
    }
    const int failures = message.attempts + 1;
    if (failures >= settings_.max_attempts) {
      spdlog::error("outbox: {} #{} to {} given up after {} attempts: {}", channel_name(channel), message.id,
                    masked_recipient(message), failures, result.error);
      mark_failed(connection, message.id, result.error, std::nullopt, now);
    } else {
      const std::int64_t delay = retry_delay_seconds(failures, settings_);
      spdlog::warn("outbox: {} #{} to {} failed ({}), retry in {} s", channel_name(channel), message.id,
                   masked_recipient(message), result.error, delay);
      mark_failed(connection, message.id, result.error, now + delay, now);
    }
  }
  return delivered;
}

void Sender::record_unrecorded(store::Connection& connection) {
  while (!unrecorded_.empty()) {
    const auto [id, sent_at] = unrecorded_.back();
    mark_sent(connection, id, sent_at);
    unrecorded_.pop_back();
  }
}

}  // namespace sesame::delivery
