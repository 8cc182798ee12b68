#pragma once
// What the features' routes share, handed to each feature's add_routes() by App:
// storage, the security parameters, the time, and the outbox's sender to wake
// after a commit that enqueued a message.
#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/delivery/sender.h"
#include "server/store/database.h"

namespace sesame {

struct Services {
  store::Database& database;
  const SecurityConfig& security;
  const Clock& clock;
  delivery::Sender& sender;
};

}  // namespace sesame
