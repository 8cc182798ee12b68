// The SMTP gateway for e-mails, against a real SMTP server: Debian's aiosmtpd
// started as a child process on 127.0.0.1, storing what it receives in a Maildir.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/config/clock.h"
#include "server/delivery/outbox.h"
#include "server/delivery/sender.h"
#include "server/delivery/smtp_gateway.h"
#include "server/store/database.h"
#include "support.h"

using namespace std::chrono_literals;
using sesame::delivery::Channel;
using sesame::delivery::OutboxMessage;
using sesame::delivery::SmtpGateway;
using sesame::delivery::SmtpSettings;
using sesame::store::Database;
using sesame::store::Transaction;
using sesame::testing::TempDir;
using sesame::testing::TestServer;
using sesame::testing::TestServerOptions;

namespace {

const std::string kFrom = "Sésame ENT <no-reply@ent.exemple.fr>";
const std::string kSubject = "Votre code de vérification Sésame";
const std::string kText = "Bonjour, votre code est 123456. Il est valable 30 minutes.";

// Another process and threads are involved: up to 10 s.
bool eventually(const std::function<bool()>& done) { return sesame::testing::eventually(done, 10s); }

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A socket listening on 127.0.0.1 with a port of the system's choice, closed with the object.
class Listener {
 public:
  Listener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address = loopback(0);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd_, 4) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const { return port_; }
  // Whether a client connected, without waiting.
  bool has_pending_connection() const {
    const int flags = fcntl(fd_, F_GETFL);
    fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    const int client = accept(fd_, nullptr, nullptr);
    if (client < 0) return false;
    close(client);
    return true;
  }

 private:
  int fd_;
  int port_ = 0;
};

// A port that nothing listens on (the system just gave it out and it was closed again).
int free_port() { return Listener().port(); }

bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// aiosmtpd on 127.0.0.1:port() with the Mailbox handler; killed and reaped with the object.
class SmtpServerProcess {
 public:
  explicit SmtpServerProcess(const std::filesystem::path& maildir) : maildir_(maildir), port_(free_port()) {
    // Debian's python3 has python3-aiosmtpd; a python3 earlier on PATH may not.
    const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> args = {
        python, "-m", "aiosmtpd", "-n", "-l", listen, "-c", "aiosmtpd.handlers.Mailbox", maildir.string()};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const std::string log = (maildir.parent_path() / "aiosmtpd.log").string();

    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
      }
      execvp(argv[0], argv.data());
      _exit(127);
    }
    const bool ready = eventually([this] { return exited() || accepts_connections(port_); });
    if (!ready || exited()) {
      stop();
      throw std::runtime_error("aiosmtpd did not start (python3-aiosmtpd installed? see scripts/deps.sh)");
    }
  }
  ~SmtpServerProcess() { stop(); }
  SmtpServerProcess(const SmtpServerProcess&) = delete;
  SmtpServerProcess& operator=(const SmtpServerProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The messages stored so far, as written in the Maildir.
  std::vector<std::string> messages() const {
    std::vector<std::string> found;
    const auto fresh = maildir_ / "new";
    if (!std::filesystem::exists(fresh)) return found;
    for (const auto& entry : std::filesystem::directory_iterator(fresh)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      found.push_back(content.str());
    }
    return found;
  }

 private:
  bool exited() {
    if (pid_ <= 0) return true;
    if (waitpid(pid_, nullptr, WNOHANG) != pid_) return false;
    pid_ = -1;  // reaped
    return true;
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (!exited() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  std::filesystem::path maildir_;
  int port_;
  pid_t pid_ = -1;
};

std::string base64_decode(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) continue;  // line breaks and padding
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

// Encoded-words decoded; the whitespace between two of them dropped (RFC 2047 §6.2).
std::string decode_header(const std::string& value) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)", std::regex::icase);
  std::string out;
  auto rest_begin = value.cbegin();
  bool after_word = false;
  for (std::sregex_iterator it(value.begin(), value.end(), kWord), end; it != end; ++it) {
    const std::string between(rest_begin, (*it)[0].first);
    if (!(after_word && between.find_first_not_of(" \t\r\n") == std::string::npos)) out += between;
    out += base64_decode((*it)[1].str());
    rest_begin = (*it)[0].second;
    after_word = true;
  }
  return out + std::string(rest_begin, value.cend());
}

// A stored message's unfolded headers and raw body.
struct ParsedMessage {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          }))
        return value;
    return std::nullopt;
  }
};

ParsedMessage parse_message(std::string raw) {
  raw = std::regex_replace(raw, std::regex("\r\n"), "\n");
  ParsedMessage message;
  const auto head_end = raw.find("\n\n");
  message.body = head_end == std::string::npos ? "" : raw.substr(head_end + 2);
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  while (std::getline(head, line)) {
    if ((line.starts_with(" ") || line.starts_with("\t")) && !message.headers.empty()) {
      message.headers.back().second += line;  // unfolding keeps the whitespace
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto value = line.find_first_not_of(' ', colon + 1);
    message.headers.emplace_back(line.substr(0, colon), value == std::string::npos ? "" : line.substr(value));
  }
  return message;
}

SmtpGateway gateway_to(const std::string& url) {
  SmtpSettings settings;
  settings.url = url;
  settings.from = kFrom;
  settings.timeout = 5s;
  return SmtpGateway(settings);
}

OutboxMessage email_to(const std::string& recipient) {
  return {1, Channel::email, recipient, sesame::delivery::compose_email(kSubject, kText), 0, 0};
}

std::int64_t enqueue_committed(Database& database, const std::string& to, const std::string& body,
                               std::int64_t now) {
  auto connection = database.connection();
  Transaction transaction(*connection);
  const auto id = sesame::delivery::enqueue(*connection, Channel::email, to, body, now);
  transaction.commit();
  return id;
}

std::int64_t column(Database& database, std::int64_t id, const std::string& name) {
  return database.connection()->query_integer("SELECT coalesce(" + name +
                                              ", -1) FROM outbox WHERE id = " + std::to_string(id));
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

TEST_CASE("An e-mail body stores its subject, a blank line, then the text", "[smtp]") {
  using sesame::delivery::compose_email;
  using sesame::delivery::split_email;
  CHECK(compose_email("Objet", "Ligne 1\n\nLigne 3") == "Objet\n\nLigne 1\n\nLigne 3");
  const auto parts = split_email(compose_email("Objet", "Ligne 1\n\nLigne 3"));
  CHECK(parts.subject == "Objet");
  CHECK(parts.text == "Ligne 1\n\nLigne 3");
  // A line break cannot cut the subject short.
  CHECK(split_email(compose_email("un\r\ndeux", "texte")).subject == "un  deux");
  const auto old = split_email("Un texte sans objet.\nDeuxième ligne.");
  CHECK(old.subject == "Sésame ENT");
  CHECK(old.text == "Un texte sans objet.\nDeuxième ligne.");
  CHECK(split_email(compose_email("", "")).subject.empty());
}

TEST_CASE("A subject is encoded as RFC 2047 words of at most 75 characters", "[smtp]") {
  using sesame::delivery::encode_header_text;
  CHECK(encode_header_text("Bonjour") == "Bonjour");
  CHECK(encode_header_text("é") == "=?UTF-8?B?w6k=?=");
  CHECK(encode_header_text("=?UTF-8?B?w6k=?=") != "=?UTF-8?B?w6k=?=");  // looks encoded: encoded again
  // Control characters are never written raw: no header can be slipped in.
  CHECK(encode_header_text("a\r\nBcc: x@y.fr") == "=?UTF-8?B?YQ0KQmNjOiB4QHkuZnI=?=");

  const std::string subject =
      "Réinitialisation de votre mot de passe Sésame : procédure à suivre pour l'élève "
      "de l'école élémentaire Jean-Jaurès, à Fécamp (Seine-Maritime) — ça, c'est fait ! éééééééééééééé";
  const std::string encoded = encode_header_text(subject);
  static const std::regex kWord(R"(=\?UTF-8\?B\?[A-Za-z0-9+/]*={0,2}\?=)");
  std::istringstream lines(encoded);
  std::string line;
  std::string joined_bytes;
  int count = 0;
  while (std::getline(lines, line)) {
    INFO(line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string word = count == 0 ? line : line.substr(1);
    CHECK((count == 0 || line.starts_with(" ")));
    CHECK(std::regex_match(word, kWord));
    CHECK(word.size() <= 75);
    // With "Subject: " in front of the first: no line over 76 characters.
    CHECK((count == 0 ? 9 : 0) + line.size() <= 76);
    const std::string bytes = decode_header(word);
    REQUIRE(!bytes.empty());
    CHECK_FALSE(is_utf8_continuation(bytes.front()));  // no character cut in two
    joined_bytes += bytes;
    ++count;
  }
  CHECK(count > 3);
  CHECK(joined_bytes == subject);
  CHECK(decode_header(encoded) == subject);
}

TEST_CASE("The SMTP gateway checks its settings and recipients", "[smtp]") {
  CHECK_THROWS_AS(gateway_to("http://127.0.0.1:25"), std::invalid_argument);
  CHECK_THROWS_AS(gateway_to("smtp://user:secret@mail.ent.exemple.fr"), std::invalid_argument);
  CHECK_THROWS_AS(gateway_to("pas une url"), std::invalid_argument);
  SmtpSettings bad_from;
  bad_from.url = "smtp://127.0.0.1:25";
  bad_from.from = "Sésame <pas une adresse>";
  CHECK_THROWS_AS(SmtpGateway(bad_from), std::invalid_argument);

  CHECK(gateway_to("smtp://mail.ent.exemple.fr:587").requires_tls());
  CHECK(gateway_to("smtps://mail.ent.exemple.fr").requires_tls());
  CHECK_FALSE(gateway_to("smtp://127.0.0.1:25").requires_tls());
  CHECK_FALSE(gateway_to("smtp://localhost:25").requires_tls());
  CHECK_FALSE(gateway_to("smtp://[::1]:25").requires_tls());
  SmtpSettings forced;
  forced.url = "smtp://127.0.0.1:25";
  forced.from = "no-reply@ent.exemple.fr";
  forced.require_tls = true;
  CHECK(SmtpGateway(forced).requires_tls());

  using sesame::delivery::is_plain_address;
  CHECK(is_plain_address("parent@exemple.fr"));
  CHECK(is_plain_address("jean.dupont+ent@mail.exemple.fr"));
  for (const char* bad :
       {"", "parent", "parent@", "@exemple.fr", "parent@exemple", "<parent@exemple.fr>", "parent@exemple.fr>",
        "a b@exemple.fr", "a@b.fr\r\nBcc: x@y.fr", "a@b.fr\n", "élève@exemple.fr", "a@b@c.fr"}) {
    INFO(bad);
    CHECK_FALSE(is_plain_address(bad));
  }
}

TEST_CASE("An e-mail with accents reaches a real SMTP server intact", "[smtp]") {
  TempDir dir;
  SmtpServerProcess smtp(dir / "maildir");
  auto gateway = gateway_to(smtp.url());

  const auto result = gateway.deliver(email_to("parent@exemple.fr"));
  INFO(result.error);
  REQUIRE(result.delivered);
  REQUIRE(eventually([&] { return smtp.messages().size() == 1; }));

  const ParsedMessage message = parse_message(smtp.messages()[0]);
  CHECK(message.header("X-MailFrom") == "no-reply@ent.exemple.fr");  // the envelope, as aiosmtpd saw it
  CHECK(message.header("X-RcptTo") == "parent@exemple.fr");
  CHECK(message.header("To") == "parent@exemple.fr");
  REQUIRE(message.header("From"));
  CHECK(decode_header(*message.header("From")) == kFrom);
  REQUIRE(message.header("Subject"));
  CHECK(decode_header(*message.header("Subject")) == kSubject);
  CHECK(message.header("MIME-Version") == "1.0");
  CHECK(message.header("Content-Type") == "text/plain; charset=UTF-8");
  CHECK(message.header("Content-Transfer-Encoding") == "base64");
  REQUIRE(message.header("Date"));
  CHECK(std::regex_match(
      *message.header("Date"),
      std::regex(
          R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000)")));
  REQUIRE(message.header("Message-ID"));
  CHECK(std::regex_match(*message.header("Message-ID"),
                         std::regex(R"(<[A-Za-z0-9_-]{16,}@ent\.exemple\.fr>)")));
  CHECK(base64_decode(message.body) == kText);
  // Base64 lines of at most 76 characters.
  std::istringstream body(message.body);
  for (std::string line; std::getline(body, line);) CHECK(line.size() <= 76);
}

TEST_CASE("The server's sender delivers an enqueued e-mail through SMTP and marks it sent", "[smtp]") {
  TempDir dir;
  SmtpServerProcess smtp(dir / "maildir");
  TestServerOptions options;
  SmtpSettings settings;
  settings.url = smtp.url();
  settings.from = kFrom;
  options.email_gateway = std::make_shared<SmtpGateway>(settings);
  TestServer server(options);

  const auto id = enqueue_committed(server.database(), "parent@exemple.fr",
                                    sesame::delivery::compose_email(kSubject, kText), std::time(nullptr));
  server.app().services().sender.notify();

  REQUIRE(eventually(
      [&] { return smtp.messages().size() == 1 && column(server.database(), id, "sent_at") > 0; }));
  const ParsedMessage message = parse_message(smtp.messages()[0]);
  CHECK(message.header("To") == "parent@exemple.fr");
  CHECK(decode_header(message.header("Subject").value_or("")) == kSubject);
  CHECK(base64_decode(message.body) == kText);
  CHECK(column(server.database(), id, "attempts") == 0);
}

TEST_CASE("An SMTP server that is down is a failure the sender retries", "[smtp]") {
  auto gateway = gateway_to("smtp://127.0.0.1:" + std::to_string(free_port()));
  const auto result = gateway.deliver(email_to("parent@exemple.fr"));
  CHECK_FALSE(result.delivered);
  CHECK(result.error.starts_with("smtp: "));
  CHECK(result.error.find("123456") == std::string::npos);  // never the message

  TempDir dir;
  Database database(dir / "sesame.db");
  sesame::ManualClock clock;
  sesame::delivery::Sender sender(database, clock, {nullptr, &gateway});  // thread not started
  const std::int64_t now = clock.unix_seconds();
  const auto id =
      enqueue_committed(database, "parent@exemple.fr", sesame::delivery::compose_email(kSubject, kText), now);
  CHECK(sender.deliver_due() == 0);
  CHECK(column(database, id, "attempts") == 1);
  CHECK(column(database, id, "sent_at") == -1);
  CHECK(column(database, id, "given_up_at") == -1);
  CHECK(column(database, id, "next_attempt_at") == now + 10);
  CHECK(database.connection()->query_integer("SELECT count(*) FROM outbox WHERE last_error LIKE 'smtp: %'") ==
        1);
}

TEST_CASE("A recipient that could inject headers is refused without connecting", "[smtp]") {
  Listener relay;  // listens but never answers: any connection would wait in its queue
  auto gateway = gateway_to("smtp://127.0.0.1:" + std::to_string(relay.port()));
  for (const char* recipient : {"a@b.fr\r\nBcc: x@y.fr", "a@b.fr\nBcc: x@y.fr", "<a@b.fr>", "Parent <a@b.fr>",
                                "pas une adresse", ""}) {
    INFO(recipient);
    const auto result = gateway.deliver(email_to(recipient));
    CHECK_FALSE(result.delivered);
    CHECK_FALSE(result.error.empty());
  }
  CHECK_FALSE(relay.has_pending_connection());
}
