#include "server/maintenance/janitor.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace sesame::maintenance {

Janitor::Janitor(store::Database& database, const Clock& clock, const SecurityConfig& security,
                 RetentionConfig retention)
    : database_(database), clock_(clock), security_(security), retention_(retention) {}

Janitor::~Janitor() { stop(); }

void Janitor::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Janitor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_up_.notify_one();
  if (thread_.joinable()) thread_.join();
}

PurgeReport Janitor::purge_now() {
  auto connection = database_.connection();
  return purge_expired(*connection, security_, retention_, clock_.unix_seconds());
}

void Janitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // True once stop() asked, never on a spurious wake-up: then no further purge.
    if (wake_up_.wait_for(lock, retention_.purge_interval, [this] { return stopping_; })) break;
    lock.unlock();
    purge_logging_failures();
    lock.lock();
  }
}

void Janitor::purge_logging_failures() {
  try {
    const PurgeReport report = purge_now();
    if (report.total() == 0) return;
    spdlog::debug(
        "janitor: purged {} expired flows, {} sessions, {} SMS counters, {} other counters, "
        "{} outbox messages, {} audit entries; cleared {} outbox bodies",
        report.expired_flows, report.sessions, report.sms_counters, report.other_counters,
        report.outbox_messages, report.audit_entries, report.outbox_bodies);
  } catch (const std::exception& error) {
    spdlog::error("janitor: {}", error.what());
  } catch (...) {
    spdlog::error("janitor: unknown exception");
  }
}

}  // namespace sesame::maintenance
