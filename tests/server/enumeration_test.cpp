// Enumeration: whether a phone, an identifier or an e-mail address is known
// must not show in the answer nor in its time (with production's answer floor
// and cheap hashes: the hash is the same on both sides anyway). Each pair of requests (one
// known, one unknown) runs alternately on one connection, and the medians of
// their times are compared: within ±20 %. Times are noisy on a shared
// machine, so a pair gets three rounds and passes if one of them is within
// bounds; a real difference (a hash skipped, a slow query on one side only)
// fails all three.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "journeys.h"

using nlohmann::json;
using sesame::testing::kEmiliePassword;

namespace {

constexpr int kSamples = 41;  // per side and round
constexpr int kRounds = 3;

// Limits out of the way: this test measures answers, not refusals.
sesame::SecurityConfig unlimited() {
  sesame::SecurityConfig security = sesame::testing::fast_security();
  security.resend.max_per_number = 1'000'000;
  security.resend.max_per_client = 1'000'000;
  security.resend.max_emails_per_address = 1'000'000;
  security.login.failures_before_wait = 1'000'000;
  security.enumeration_answer_floor = sesame::SecurityConfig{}.enumeration_answer_floor;  // production's
  return security;
}

double median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Round {
  double known_ms = 0;
  double unknown_ms = 0;
  double ratio() const { return known_ms / unknown_ms; }
};

// Times `known` and `unknown` alternately; each must answer `status`, with the same body.
Round measure(const std::function<httplib::Result()>& known, const std::function<httplib::Result()>& unknown,
              int status) {
  std::vector<double> known_times, unknown_times;
  const auto timed = [&](const std::function<httplib::Result()>& request, std::vector<double>& times,
                         std::string& body) {
    const auto start = std::chrono::steady_clock::now();
    const auto res = request();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    REQUIRE(res);
    REQUIRE(res->status == status);
    body = res->body;
  };
  for (int i = 0; i < kSamples; ++i) {
    std::string known_body, unknown_body;
    timed(known, known_times, known_body);
    timed(unknown, unknown_times, unknown_body);
    // Bodies that carry a fresh flow id differ in it only: compare their shape.
    const json a = json::parse(known_body), b = json::parse(unknown_body);
    REQUIRE(a.size() == b.size());
    for (const auto& [key, value] : a.items()) REQUIRE(b.contains(key));
    if (!a.contains("flow")) REQUIRE(known_body == unknown_body);
  }
  return Round{median(known_times), median(unknown_times)};
}

void require_same_time(const std::function<httplib::Result()>& known, const std::function<httplib::Result()>& unknown,
                       int status) {
  std::vector<double> ratios;
  for (int round = 0; round < kRounds; ++round) {
    const Round measured = measure(known, unknown, status);
    ratios.push_back(measured.ratio());
    if (measured.ratio() >= 0.8 && measured.ratio() <= 1.2) break;
  }
  INFO("known/unknown median ratios of each round: " << Catch::Detail::stringify(ratios));
  CHECK(std::any_of(ratios.begin(), ratios.end(), [](double r) { return r >= 0.8 && r <= 1.2; }));
}

struct Enumeration : sesame::testing::Journey {
  Enumeration() : Journey(unlimited()) {}
  std::string identifier = create_dupont_account();
};

}  // namespace

TEST_CASE("account creation takes as long for a known mobile as for an unknown one", "[enumeration]") {
  Enumeration e;
  require_same_time(
      [&] { return e.post("/api/v1/activation", {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "0612345678"}}); },
      [&] { return e.post("/api/v1/activation", {{"last_name", "DUPONT"}, {"first_name", "Emilie"}, {"phone", "0699887766"}}); },
      201);
}

TEST_CASE("sign-in takes as long for an unknown identifier as for a wrong password", "[enumeration]") {
  Enumeration e;
  require_same_time([&] { return e.post("/api/v1/session", {{"identifier", e.identifier}, {"password", "Devine!2026"}}); },
                    [&] { return e.post("/api/v1/session", {{"identifier", "p.inconnu42"}, {"password", "Devine!2026"}}); },
                    401);
}

TEST_CASE("forgotten identifier and password take as long for the known as for the unknown", "[enumeration]") {
  Enumeration e;
  SECTION("identifier by mobile") {
    require_same_time([&] { return e.post("/api/v1/recovery/identifier", {{"phone", "0612345678"}}); },
                      [&] { return e.post("/api/v1/recovery/identifier", {{"phone", "0699887766"}}); }, 202);
  }
  SECTION("identifier by e-mail") {
    const std::string cookie = e.sign_in_cookie(e.identifier, kEmiliePassword);
    REQUIRE(e.post_as(cookie, "/api/v1/me/email", {{"email", "emilie@exemple.fr"}})->status == 202);
    REQUIRE(e.post_as(cookie, "/api/v1/me/email/verify", {{"code", e.latest_code("emilie@exemple.fr")}})->status == 200);
    require_same_time([&] { return e.post("/api/v1/recovery/identifier", {{"email", "emilie@exemple.fr"}}); },
                      [&] { return e.post("/api/v1/recovery/identifier", {{"email", "personne@exemple.fr"}}); }, 202);
  }
  SECTION("password") {
    require_same_time([&] { return e.post("/api/v1/recovery/password", {{"identifier", e.identifier}}); },
                      [&] { return e.post("/api/v1/recovery/password", {{"identifier", "p.inconnu42"}}); }, 201);
  }
}
