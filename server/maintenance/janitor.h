#pragma once
// The thread that applies RetentionConfig: every purge_interval it runs
// purge_expired() with the Clock's time. A failed purge (storage busy or full)
// is logged and tried again at the next interval: housekeeping never takes the
// server down.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/maintenance/purge.h"
#include "server/maintenance/retention.h"
#include "server/store/database.h"

namespace sesame::maintenance {

class Janitor {
 public:
  Janitor(store::Database& database, const Clock& clock, const SecurityConfig& security,
          RetentionConfig retention = {});
  ~Janitor();
  Janitor(const Janitor&) = delete;
  Janitor& operator=(const Janitor&) = delete;

  // The first purge comes one interval after the start, not at once: a start
  // stays quick, and a test that starts a server does not see its rows purged.
  void start();
  // Finishes the purge in progress (one short transaction), then joins the thread. Idempotent.
  void stop();

  // One purge now. The thread calls it; tests may too.
  PurgeReport purge_now();

 private:
  void run();
  void purge_logging_failures();

  store::Database& database_;
  const Clock& clock_;
  const SecurityConfig& security_;
  RetentionConfig retention_;

  std::mutex mutex_;
  std::condition_variable wake_up_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sesame::maintenance
