#pragma once
// The outbox's delivery thread. It wakes when a step has just committed a
// message (notify()) or every poll_interval, hands the due messages to their
// channel's gateway, and records the outcome: sent, or retried later with an
// exponential backoff, or given up after max_attempts. It starts with whatever
// an earlier run left unsent, so a crash between commit and delivery loses
// nothing (a crash between delivery and marking may send a message twice: at
// least once, never lost).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "server/config/clock.h"
#include "server/delivery/gateways.h"
#include "server/store/database.h"

namespace sesame::delivery {

struct SenderSettings {
  std::chrono::seconds poll_interval{1};
  // 10 s, 20 s, 40 s… at most 10 min: a provider's hiccup is bridged quickly,
  // an outage does not become a flood when it ends.
  std::chrono::seconds first_retry_delay{10};
  std::chrono::seconds max_retry_delay{600};
  // With the defaults about an hour of trying: by then an SMS code has expired.
  int max_attempts = 10;
  int batch_size = 50;
};

// The wait after the `failed_attempts`-th failure (1, 2, …).
std::int64_t retry_delay_seconds(int failed_attempts, const SenderSettings& settings);

// A channel without a gateway keeps its messages queued until one is configured.
struct Gateways {
  Gateway* sms = nullptr;
  Gateway* email = nullptr;
};

class Sender {
 public:
  Sender(store::Database& database, const Clock& clock, Gateways gateways, SenderSettings settings = {});
  ~Sender();
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  void start();
  // After a commit that enqueued a message: deliver now rather than at the next poll.
  void notify();
  // Finishes the message in progress, then joins the thread. Idempotent.
  void stop();

  // One pass over the due messages; answers how many were delivered. The
  // thread calls it; tests may too, with the thread stopped.
  int deliver_due();

 private:
  void run();
  int deliver_channel(store::Connection& connection, Channel channel, Gateway& gateway);
  // Writes down the deliveries left unrecorded by a failure of the storage.
  void record_unrecorded(store::Connection& connection);

  store::Database& database_;
  const Clock& clock_;
  Gateways gateways_;
  SenderSettings settings_;

  std::mutex mutex_;
  std::condition_variable wake_up_;
  bool notified_ = false;
  bool stopping_ = false;
  std::thread thread_;
  // Messages a gateway accepted whose "sent" the storage refused (a full or
  // read-only disk): (id, when). Written before anything else is handed to a
  // gateway, so that an outage of the storage does not send one SMS again at
  // every poll. Only deliver_due() touches it.
  std::vector<std::pair<std::int64_t, std::int64_t>> unrecorded_;
};

}  // namespace sesame::delivery
