#pragma once
// Every security parameter of docs/security.md's "Limits" table in one place,
// with its default. The flows read them from here (App::security()), so a
// deployment or a test changes one value without hunting for constants.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sesame {

using namespace std::chrono_literals;

struct PasswordHashingConfig {
  // OWASP's argon2id minimum: memory-hard enough to make GPU guessing costly,
  // about 20 ms a hash on the target machine.
  std::size_t memory_bytes = 19 * 1024 * 1024;
  unsigned iterations = 2;   // t
  unsigned parallelism = 1;  // p: libsodium's argon2id is single-lane
  // Each hash holds memory_bytes: a flood of sign-ins queues instead of
  // exhausting RAM. 0 means one per core.
  std::size_t max_concurrent_hashes = 0;
};

struct SmsCodeConfig {
  int digits = 6;                         // 10^6 codes against 5 tries: 1 chance in 200 000
  std::chrono::seconds validity = 30min;  // the parents' guide promises 30 minutes
  int max_attempts = 5;                   // then the flow is locked
};

struct ResendConfig {
  int max_per_flow = 3;                     // resends, the first send not counted
  std::chrono::seconds min_interval = 60s;  // between two sends of one flow
  // Per destination number, whatever the flow: nobody can turn Sésame into an
  // SMS cannon against a third party's phone (or our SMS bill).
  int max_per_number = 5;
  std::chrono::seconds per_number_window = 1h;
  // Per client address, whatever the numbers: one machine cannot walk through
  // a list of phones. Generous, because a school's parents' evening shares one
  // address; counts every request that may send an SMS, matched or not.
  int max_per_client = 30;
  std::chrono::seconds per_client_window = 1h;
  // E-mails (address change, forgotten identifier): per address, like SMS per number.
  int max_emails_per_address = 5;
  std::chrono::seconds per_address_window = 1h;
};

struct BirthDateCheckConfig {
  // Per child and per flow; then that child is refused for self-service and the
  // parent is sent to the school, which can check identity in person.
  int max_attempts_per_child = 3;
};

struct LoginThrottleConfig {
  // Per identifier, existing or not (same answer either way, so no enumeration).
  int failures_before_wait = 5;            // the 5th failure starts the wait
  std::chrono::seconds first_wait = 1min;  // doubles with each further failure
  std::chrono::seconds max_wait = 15min;   // a locked-out parent is not locked out for long
};

struct SessionConfig {
  std::size_t token_bytes = 16;                 // 128 bits: unguessable
  std::chrono::seconds idle_timeout = 30min;    // a shared family computer
  std::chrono::seconds absolute_timeout = 12h;  // a stolen cookie does not live for ever
  // last_seen_at is written at most this often: the idle timeout is 30 times
  // longer, so it keeps its meaning, and a page load is a read, not a write.
  std::chrono::seconds touch_interval = 1min;
};

// School staff (docs/security.md, "School staff"): a staff session reaches
// every family of a school, so it lives shorter than a parent's.
struct StaffConfig {
  SessionConfig session{.idle_timeout = 15min, .absolute_timeout = 8h};
  std::chrono::seconds invitation_validity = 72h;
  std::chrono::seconds second_factor_window = 5min;  // between the password and the code
  int second_factor_tries = 5;                       // wrong codes before the password is asked again
  int recovery_codes = 10;
};

struct SecurityConfig {
  PasswordHashingConfig password_hashing;
  SmsCodeConfig sms_code;
  ResendConfig resend;
  BirthDateCheckConfig birth_date;
  LoginThrottleConfig login;
  SessionConfig session;
  StaffConfig staff;
  // Every request body of the API is a small form: anything larger is an attack
  // or a bug. App applies it to the HTTP server.
  std::size_t max_body_bytes = 64 * 1024;
  // A flow (activation, recovery…) dies 30 minutes after its last step, like its code.
  std::chrono::seconds flow_expiry = 30min;
  // Routes that may tell a known phone, address or identifier from an unknown
  // one by their time answer no sooner than this (http/minimum_answer_time.h):
  // well above the extra work of a match (under 1 ms), unnoticed by a parent.
  std::chrono::milliseconds enumeration_answer_floor = 25ms;
};

}  // namespace sesame
