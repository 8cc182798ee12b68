#pragma once
// What the server tests of the parents' journeys share: a server with the demo
// directory, a hand-driven clock, cheap argon2 and the dev outbox, and the
// steps that take the Dupont family from nothing to a signed-in account.
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "support.h"

namespace sesame::testing {

inline constexpr const char* kEmilieMobile = "+33612345678";
inline constexpr const char* kEmiliePassword = "Ecole2026μ!";
inline constexpr const char* kPaulMobile = "+33623456789";
inline constexpr const char* kPaulPassword = "Cartable!Bleu2026";
// What Emilie resets her password to once she has lost it.
inline constexpr const char* kEmilieNewPassword = "Trousse!Verte2027";

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
// A body with every member any route reads, each set to `value`: for bad input.
nlohmann::json every_member(const nlohmann::json& value);

// A server with the demo directory, a hand-driven clock and the dev outbox.
struct Journey {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  // Password hashes and verifications the server has started (argon2 slots taken).
  std::shared_ptr<std::atomic<int>> hashes = std::make_shared<std::atomic<int>>(0);
  TestServer server{counting_options(clock, hashes)};
  httplib::Client client = server.client();

  Journey();
  // With other security parameters (still with cheap hashes if `security` has them).
  explicit Journey(const SecurityConfig& security,
                   std::shared_ptr<const ent_services::Catalog> ent_services = nullptr,
                   franceconnect::Config franceconnect = {});

  httplib::Result post(const std::string& path, const nlohmann::json& body);

  // Starts an activation flow and answers its id.
  std::string start(const std::string& last, const std::string& first, const std::string& phone);
  std::string step(const std::string& flow, const std::string& name) const {
    return "/api/v1/activation/" + flow + name;
  }
  // Every message to `recipient` (E.164 or e-mail address), newest first.
  nlohmann::json outbox(const std::string& recipient);
  // The code of the newest message to `recipient`.
  std::string latest_code(const std::string& recipient = kEmilieMobile);
  std::int64_t count(const std::string& sql);
  // The Dupont flow up to the children screen: answers the offered children.
  nlohmann::json to_children(const std::string& flow);
  // The same for any guardian: the code of the newest SMS to `e164`.
  nlohmann::json to_children_of(const std::string& flow, const std::string& e164);

  // An account created over HTTP: identity, the SMS code to `e164`, the
  // answers to the children offered, the password; answers its identifier.
  std::string create_account(const std::string& last, const std::string& first, const std::string& typed_phone,
                             const std::string& e164,
                             const std::function<nlohmann::json(const nlohmann::json&)>& answers,
                             const std::string& password);
  // Emilie DUPONT's account with both children, created over HTTP; answers its identifier.
  std::string create_dupont_account(const std::string& password = kEmiliePassword);
  // Paul MARTIN's account with Lucas, his only child; answers its identifier.
  std::string create_martin_account(const std::string& password = kPaulPassword);

  // Signs in and answers "sesame_session=<token>", ready for a Cookie header.
  std::string sign_in_cookie(const std::string& identifier, const std::string& password);
  // POST with the session cookie.
  httplib::Result post_as(const std::string& cookie, const std::string& path, const nlohmann::json& body);
  httplib::Result get_as(const std::string& cookie, const std::string& path);
};

// A journey that has created Emilie DUPONT's account over HTTP.
struct DupontAccount : Journey {
  std::string identifier = create_dupont_account();
};

// The same account signed in: `cookie` goes with post_as() and get_as().
struct SignedInDupont : DupontAccount {
  std::string cookie = sign_in_cookie(identifier, kEmiliePassword);
};

}  // namespace sesame::testing
