#pragma once
// What the features' routes share, handed to each feature's add_routes() by App:
// storage, the security parameters, the time, and the outbox's sender to wake
// after a commit that enqueued a message; the password hasher and the keyed
// hasher (server key) for what must not be stored in clear; the public origin,
// known once the server is bound, to decide on the cookie's Secure attribute.
#include <string>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/delivery/sender.h"
#include "server/security/password_hasher.h"
#include "server/security/secrets.h"
#include "server/store/database.h"

namespace sesame {

struct Services {
  store::Database& database;
  const SecurityConfig& security;
  const Clock& clock;
  delivery::Sender& sender;
  security::PasswordHasher& password_hasher;
  const security::KeyedHasher& keyed_hasher;
  // Read at request time: empty until App::bind() when taken from the listen address.
  const std::string& public_origin;
  // Behind a reverse proxy, the client's address is read from X-Forwarded-For
  // (http/client_address.h) for the per-client limits.
  bool behind_proxy = false;
};

}  // namespace sesame
