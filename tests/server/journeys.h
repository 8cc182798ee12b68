#pragma once
// What the server tests of the parents' journeys share: a server with the demo
// directory, a hand-driven clock, cheap argon2 and the dev outbox, and the
// steps that take the Dupont family from nothing to a signed-in account.
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "support.h"

namespace sesame::testing {

inline constexpr const char* kEmilieMobile = "+33612345678";
inline constexpr const char* kEmiliePassword = "Ecole2026μ!";

// Production's parameters with cheap hashes: these tests are about flows, not argon2's cost.
SecurityConfig fast_security();
TestServerOptions options_with(const std::shared_ptr<ManualClock>& clock);
// The same, counting in `hashes` every argon2 computation of the server.
TestServerOptions counting_options(const std::shared_ptr<ManualClock>& clock,
                                   const std::shared_ptr<std::atomic<int>>& hashes);

// The id of the child named `first_name` in a children list.
std::string id_of(const nlohmann::json& children, const std::string& first_name);
// Both Dupont children confirmed with their right birth dates.
nlohmann::json both_children(const nlohmann::json& offered);

// A server with the demo directory, a hand-driven clock and the dev outbox.
struct Journey {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  // Password hashes and verifications the server has started (argon2 slots taken).
  std::shared_ptr<std::atomic<int>> hashes = std::make_shared<std::atomic<int>>(0);
  TestServer server{counting_options(clock, hashes)};
  httplib::Client client = server.client();

  Journey();

  httplib::Result post(const std::string& path, const nlohmann::json& body);

  // Starts an activation flow and answers its id.
  std::string start(const std::string& last, const std::string& first, const std::string& phone);
  std::string step(const std::string& flow, const std::string& name) const {
    return "/api/v1/activation/" + flow + name;
  }
  nlohmann::json outbox(const std::string& e164);
  // The code of the newest SMS to `e164`.
  std::string latest_code(const std::string& e164 = kEmilieMobile);
  std::int64_t count(const std::string& sql);
  // The Dupont flow up to the children screen: answers the offered children.
  nlohmann::json to_children(const std::string& flow);

  // Emilie DUPONT's account with both children, created over HTTP; answers its identifier.
  std::string create_dupont_account(const std::string& password = kEmiliePassword);
};

}  // namespace sesame::testing
