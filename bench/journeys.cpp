// sesame-journeys: whole "Je n'ai pas de compte" journeys against a server
// started with --dev (the SMS code is read from GET /api/v1/dev/outbox) and
// --behind-proxy (each journey comes from its own X-Forwarded-For address, as
// parents at home do; otherwise the per-client SMS budget would refuse the
// bench after 30 journeys and it would measure refusals).
//
// Each journey: identity -> code from the outbox -> SMS code -> children's
// birth dates -> password; a journey counts only if every step answers the
// status of the API contract. Prints one JSON object; with --accounts-out,
// writes one {"identifier", "password"} line per account made, which is the
// body of POST /api/v1/session (the login bench's input).
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "shared/api.h"
#include "shared/date.h"

namespace {

using nlohmann::json;

struct KnownChild {
  std::string first_name;
  std::string last_name;
  sesame::Date birth_date;
};

// A guardian from the académie generator's guardians.jsonl.
struct Guardian {
  std::string last_name;
  std::string first_name;
  std::string phone;
  std::vector<KnownChild> children;
};

std::string upper_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::optional<sesame::Date> parse_iso(const std::string& iso) {
  int y, m, d;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return std::nullopt;
  return sesame::Date{y, m, d};
}

std::string percent_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// The six digits of "… votre code de sécurité est 123456. …".
std::string code_in(const std::string& sms) {
  for (std::size_t i = 0; i + 6 <= sms.size(); ++i) {
    bool six = true;
    for (std::size_t k = 0; k < 6 && six; ++k) six = std::isdigit(static_cast<unsigned char>(sms[i + k])) != 0;
    if (six && (i + 6 == sms.size() || !std::isdigit(static_cast<unsigned char>(sms[i + 6])))) return sms.substr(i, 6);
  }
  return {};
}

class Failure {
 public:
  Failure(std::string step, int status, std::string detail)
      : step(std::move(step)), status(status), detail(std::move(detail)) {}
  std::string step;
  int status;
  std::string detail;
};

struct Journey {
  httplib::Client& client;
  const httplib::Headers& headers;
  std::size_t index;
  const Guardian& guardian;
  const std::string& password;

  json post(const std::string& step, const std::string& path, const json& body, int expected) {
    httplib::Headers with_address = headers;
    with_address.emplace("X-Forwarded-For", "bench-journey-" + std::to_string(index));
    const auto res = client.Post(path, with_address, body.dump(), "application/json");
    if (!res) throw Failure(step, 0, httplib::to_string(res.error()));
    if (res->status != expected) throw Failure(step, res->status, res->body.substr(0, 300));
    return json::parse(res->body, nullptr, false);
  }

  std::string run() {
    const json started = post("identity", "/api/v1/activation",
                              sesame::api::ActivationStart{guardian.last_name, guardian.first_name, guardian.phone, {}},
                              201);
    const std::string flow = started.value("flow", "");
    const std::string base = "/api/v1/activation/" + flow;

    const auto outbox = client.Get("/api/v1/dev/outbox?to=" + percent_encode(guardian.phone));
    if (!outbox || outbox->status != 200) throw Failure("outbox", outbox ? outbox->status : 0, "");
    const json messages = json::parse(outbox->body, nullptr, false);
    if (!messages.is_array() || messages.empty()) throw Failure("outbox", 200, "no SMS for this guardian");
    const std::string code = code_in(messages[0].value("body", ""));  // newest first

    const json offered = post("code", base + "/sms", sesame::api::CodeVerify{code}, 200);
    sesame::api::ChildrenConfirm confirm;
    for (const json& child : offered.value("children", json::array())) {
      const std::string name = upper_ascii(child.value("first_name", "") + " " + child.value("last_name", ""));
      sesame::api::ChildConfirmation answer{child.value("id", ""), false, std::nullopt};
      for (const KnownChild& known : guardian.children) {
        if (upper_ascii(known.first_name + " " + known.last_name) == name) {
          answer.is_guardian = true;
          answer.birth_date = known.birth_date;
        }
      }
      confirm.children.push_back(answer);
    }
    post("children", base + "/children", confirm, 200);
    const json created = post("password", base + "/password", sesame::api::PasswordChoice{password, password}, 201);
    return created.value("identifier", "");
  }
};

// Rows [first, first + count) of the file; the ones before are skipped unparsed (the large file is 100 MB).
std::vector<Guardian> read_guardians(const std::string& file, std::size_t first, std::size_t count) {
  std::vector<Guardian> guardians;
  std::ifstream in(file);
  std::size_t row = 0;
  for (std::string line; guardians.size() < count && std::getline(in, line);) {
    if (line.empty() || row++ < first) continue;
    const json row = json::parse(line);
    Guardian g{row.at("last_name"), row.at("first_name"), row.at("phone"), {}};
    for (const json& child : row.at("children")) {
      const auto date = parse_iso(child.at("birth_date"));
      if (date) g.children.push_back(KnownChild{child.at("first_name"), child.at("last_name"), *date});
    }
    guardians.push_back(std::move(g));
  }
  return guardians;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::string guardians_file, accounts_out, password = "Sesame!Bench42";
  std::size_t first = 0, count = 10, concurrency = 4;
  double max_seconds = 120;
  CLI::App cli("Whole activation journeys against a --dev --behind-proxy sesame-server; prints one JSON object",
               "sesame-journeys");
  cli.add_option("--port", port, "Port of the server on 127.0.0.1")->required();
  cli.add_option("--guardians", guardians_file, "guardians.jsonl of bench/academie.py")->required();
  cli.add_option("--first", first, "Index of the first guardian to use")->capture_default_str();
  cli.add_option("--count", count, "Journeys to run (one guardian each)")->capture_default_str();
  cli.add_option("-c,--concurrency", concurrency, "Journeys at once")->capture_default_str();
  cli.add_option("--password", password, "Password chosen at the last step")->capture_default_str();
  cli.add_option("--accounts-out", accounts_out, "Appends {identifier, password} lines for the accounts made");
  cli.add_option("--max-seconds", max_seconds, "Starts no journey after this many seconds")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  const std::vector<Guardian> guardians = read_guardians(guardians_file, first, count);
  if (guardians.size() < count) {
    std::fprintf(stderr, "fewer than %zu guardians from row %zu in %s\n", count, first, guardians_file.c_str());
    return 2;
  }
  const httplib::Headers headers = {{"Origin", "http://127.0.0.1:" + std::to_string(port)}};

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(max_seconds));
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::vector<std::string> identifiers;
  std::map<std::string, int> failures;
  std::string first_failure;
  Clock::time_point last_done = start;
  {
    std::vector<std::jthread> workers;
    for (std::size_t w = 0; w < std::max<std::size_t>(1, concurrency); ++w) {
      workers.emplace_back([&] {
        httplib::Client client("127.0.0.1", port);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(30, 0);
        for (std::size_t i; (i = next.fetch_add(1)) < count && Clock::now() < deadline;) {
          const std::size_t index = first + i;
          try {
            const std::string identifier = Journey{client, headers, index, guardians[i], password}.run();
            std::lock_guard lock(mutex);
            identifiers.push_back(identifier);
            last_done = std::max(last_done, Clock::now());
          } catch (const Failure& failure) {
            std::lock_guard lock(mutex);
            ++failures[failure.step + ":" + std::to_string(failure.status)];
            if (first_failure.empty())
              first_failure = "guardian " + std::to_string(index) + ", " + failure.step + ": " +
                              std::to_string(failure.status) + " " + failure.detail;
          }
        }
      });
    }
  }
  if (!accounts_out.empty()) {
    std::ofstream out(accounts_out, std::ios::app);
    for (const std::string& id : identifiers) out << json{{"identifier", id}, {"password", password}}.dump() << "\n";
  }
  const double seconds = std::max(1e-9, std::chrono::duration<double>(last_done - start).count());
  json failure_counts = json::object();
  for (const auto& [key, n] : failures) failure_counts[key] = n;
  const json report = {{"journeys", identifiers.size()},
                       {"failed", [&] {
                          int n = 0;
                          for (const auto& entry : failures) n += entry.second;
                          return n;
                        }()},
                       {"seconds", seconds},
                       {"per_s", static_cast<double>(identifiers.size()) / seconds},
                       {"failures", failure_counts},
                       {"first_failure", first_failure},
                       {"concurrency", concurrency}};
  std::printf("%s\n", report.dump().c_str());
  return failures.empty() ? 0 : 1;
}
