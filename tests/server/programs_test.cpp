// The two executables as an operator runs them.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <regex>

#include "server/accounts/temporary_passwords.h"
#include "server/security/password_hasher.h"
#include "server/store/database.h"
#include "support.h"

using sesame::testing::TempDir;
using sesame::testing::write_file;

extern char** environ;

namespace {

// A child process whose stdout and stderr are read through one pipe each.
class Process {
 public:
  explicit Process(std::vector<std::string> args) {
    int out[2];
    int err[2];
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
  }

  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_fd_);
    close(err_fd_);
  }

  // Reads until stdout matches `pattern` or the timeout; the first capture group.
  std::optional<std::string> wait_for_output(const std::regex& pattern, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::smatch match;
    while (!std::regex_search(out_, match, pattern)) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) return std::nullopt;
    }
    return match[1].str();
  }

  // Waits for the end, reading everything; the exit code (-1 if killed by a signal).
  int wait() {
    while (read_some(30'000)) {
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  void signal(int number) { kill(pid_, number); }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  // False once both pipes are closed or nothing came within the timeout.
  bool read_some(int timeout_ms) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (out_closed_) fds[0].fd = -1;
    if (err_closed_) fds[1].fd = -1;
    if (out_closed_ && err_closed_) return false;
    if (poll(fds, 2, timeout_ms) <= 0) return false;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        (i == 0 ? out_closed_ : err_closed_) = true;
      } else {
        (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool out_closed_ = false;
  bool err_closed_ = false;
  std::string out_;
  std::string err_;
};

}  // namespace

TEST_CASE("sesame-server prints its URL for port 0, serves, and stops cleanly on SIGTERM", "[programs]") {
  TempDir dir;
  write_file(dir / "web" / "index.html", "hello");
  Process server({SESAME_SERVER_EXE, "--listen", "127.0.0.1:0", "--db", (dir / "sesame.db").string(), "--web",
                  (dir / "web").string(), "--dev"});
  const auto port = server.wait_for_output(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"),
                                           std::chrono::seconds(20));
  INFO(server.out() << server.err());
  REQUIRE(port);
  CHECK(server.out().find("development mode") != std::string::npos);

  httplib::Client client("127.0.0.1", std::stoi(*port));
  const auto health = client.Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  const auto index = client.Get("/");
  REQUIRE(index);
  CHECK(index->body == "hello");

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK(server.out().find("stopped") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "sesame.db"));
}

TEST_CASE("sesame-server refuses a bad --listen and a missing web folder", "[programs]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "web");
  Process bad_listen({SESAME_SERVER_EXE, "--listen", "localhost", "--db", (dir / "a.db").string(), "--web",
                      (dir / "web").string()});
  CHECK(bad_listen.wait() != 0);
  CHECK(bad_listen.out().find("HOST:PORT") != std::string::npos);

  Process no_web({SESAME_SERVER_EXE, "--db", (dir / "a.db").string(), "--web", (dir / "nowhere").string()});
  CHECK(no_web.wait() != 0);
}

TEST_CASE("sesame-server refuses a database it cannot open or write, says why, and exits 1", "[programs]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "web");
  Process unopenable({SESAME_SERVER_EXE, "--listen", "127.0.0.1:0", "--db", (dir / "missing" / "sesame.db").string(),
                      "--web", (dir / "web").string(), "--dev"});
  CHECK(unopenable.wait() == 1);
  const std::string said = unopenable.out() + unopenable.err();
  INFO(said);
  CHECK(said.find("cannot start: SQLITE_CANTOPEN (14): cannot open database") != std::string::npos);

  // A real read-only file system: the folder bound read-only onto itself, in
  // a mount namespace of the server's own (it vanishes with the process, so a
  // test that fails leaves no mount behind). Needs root, as CI has.
  std::filesystem::create_directories(dir / "data");
  { sesame::store::Database created(dir / "data" / "sesame.db"); }
  const std::string data = (dir / "data").string();
  Process read_only({"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                     "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && echo read-only folder && "
                     "exec \"$1\" --listen 127.0.0.1:0 --db \"$0/sesame.db\" --web \"$2\" --dev",
                     data, SESAME_SERVER_EXE, (dir / "web").string()});
  const int code = read_only.wait();
  const std::string told = read_only.out() + read_only.err();
  INFO(told);
  if (told.find("read-only folder") == std::string::npos) {
    WARN("no mount namespace here (not root?): the read-only file system case was not run");
    return;
  }
  CHECK(code == 1);
  CHECK(told.find("can only be read (read-only file system or no write permission)") != std::string::npos);
}

TEST_CASE("sesame-server needs an SMS gateway outside --dev, and says so", "[programs]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "web");
  const std::vector<std::string> base = {SESAME_SERVER_EXE, "--listen", "127.0.0.1:0", "--db",
                                         (dir / "a.db").string(), "--web", (dir / "web").string()};
  Process no_gateway(base);
  CHECK(no_gateway.wait() != 0);
  CHECK(no_gateway.out().find("--sms-gateway-url") != std::string::npos);

  auto bad_url = base;
  bad_url.insert(bad_url.end(), {"--sms-gateway-url", "ftp://sms"});
  Process bad(bad_url);
  CHECK(bad.wait() != 0);
  CHECK(bad.out().find("--sms-gateway-url") != std::string::npos);

  auto with_url = base;
  with_url.insert(with_url.end(), {"--sms-gateway-url", "http://127.0.0.1:9/send", "--public-origin",
                                   "https://ent.exemple.fr"});
  Process server(with_url);
  const auto origin = server.wait_for_output(std::regex("public origin (https://ent\\.exemple\\.fr)"),
                                             std::chrono::seconds(20));
  INFO(server.out() << server.err());
  CHECK(origin);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}

TEST_CASE("--help of both programs explains their options", "[programs]") {
  Process server({SESAME_SERVER_EXE, "--help"});
  CHECK(server.wait() == 0);
  for (const char* option :
       {"--listen", "--db", "--web", "--dev", "--public-origin", "--sms-gateway", "--sms-gateway-url"})
    CHECK(server.out().find(option) != std::string::npos);

  Process admin({SESAME_ADMIN_EXE, "--help"});
  CHECK(admin.wait() == 0);
  CHECK(admin.out().find("import") != std::string::npos);
  CHECK(admin.out().find("demo") != std::string::npos);

  Process import_help({SESAME_ADMIN_EXE, "import", "--help"});
  CHECK(import_help.wait() == 0);
  for (const char* option : {"--schools", "--pupils", "--guardians", "--links"}) {
    CHECK(import_help.out().find(option) != std::string::npos);
  }
}

TEST_CASE("sesame-admin demo and import report in French with exit codes", "[programs]") {
  TempDir dir;
  const std::string db = (dir / "sesame.db").string();

  Process demo({SESAME_ADMIN_EXE, "demo", "--db", db});
  REQUIRE(demo.wait() == 0);
  CHECK(demo.out().starts_with(
      "Import terminé : 4 établissements, 8 élèves, 9 responsables, 10 liens responsable–élève.\n"
      "Comptes des élèves : 8 créés.\n"
      "Personnel de démonstration (CLG LES COURTILS) : nadia.benali@ac-normandie.fr, mot de passe "
      "Console-Courtils-2026.\nCodes de son application : oathtool --totp -b "));

  write_file(dir / "pupils.csv", "id;uai;nom;prenom;date_naissance\nE1;0500048F;DUPONT;Albert;31/02/2012\n");
  Process refused({SESAME_ADMIN_EXE, "import", "--db", db, "--pupils", (dir / "pupils.csv").string()});
  CHECK(refused.wait() == 1);
  CHECK(refused.err() ==
        "Import refusé, rien n'a été importé : 1 erreur.\n"
        "pupils.csv, ligne 2 : date de naissance invalide (« 31/02/2012 ») : Cette date n'existe pas : le "
        "mois de "
        "février 2012 compte 29 jours.\n");

  write_file(dir / "pupils.csv", "id;uai;nom;prenom;date_naissance\nE1;0500048F;DUPONT;Albert;14/03/2012\n");
  Process accepted({SESAME_ADMIN_EXE, "import", "--db", db, "--pupils", (dir / "pupils.csv").string()});
  CHECK(accepted.wait() == 0);
  // The file lists one pupil of 0500048F: the demo's two pupils there have left.
  CHECK(accepted.out() ==
        "Import terminé : 0 établissement, 1 élève, 0 responsable, 0 lien responsable–élève.\n"
        "Comptes des élèves : 1 créé, 2 élèves partis, 2 désactivés.\n");

  Process nothing({SESAME_ADMIN_EXE, "import", "--db", db});
  CHECK(nothing.wait() == 2);
  CHECK(nothing.err().find("Rien à importer") != std::string::npos);
}

namespace {

std::string command_output(const std::string& command) { return sesame::testing::run_command(command).output; }

}  // namespace

TEST_CASE("sesame-admin staff add, list, remove and audit, in French with exit codes", "[programs]") {
  TempDir dir;
  const std::string db = (dir / "sesame.db").string();
  REQUIRE(Process({SESAME_ADMIN_EXE, "demo", "--db", db}).wait() == 0);

  Process add({SESAME_ADMIN_EXE, "staff", "add", "--db", db, "--email", " Paul.Durand@AC-Normandie.fr ", "--name",
               "Paul DURAND", "--uai", "0500048f", "--uai", "0500065Z", "--url", "https://ent.example.fr/",
               "--print-link"});
  REQUIRE(add.wait() == 0);
  CHECK(add.out().starts_with("Invitation envoyée par mail à paul.durand@ac-normandie.fr"));
  CHECK(add.out().find("Lien : https://ent.example.fr/#/personnel/invitation/") != std::string::npos);

  Process list({SESAME_ADMIN_EXE, "staff", "list", "--db", db});
  REQUIRE(list.wait() == 0);
  CHECK(list.out().find("nadia.benali@ac-normandie.fr\tNadia BENALI\t0500048F\tactif\n") != std::string::npos);
  CHECK(list.out().find("paul.durand@ac-normandie.fr\tPaul DURAND\t0500048F, 0500065Z\tinvitation non utilisée") !=
        std::string::npos);

  Process unknown_school({SESAME_ADMIN_EXE, "staff", "add", "--db", db, "--email", "x@ac-normandie.fr", "--name",
                          "X Y", "--uai", "0000000A"});
  CHECK(unknown_school.wait() != 0);
  Process bad_email({SESAME_ADMIN_EXE, "staff", "add", "--db", db, "--email", "pas-une-adresse", "--name", "X Y",
                     "--uai", "0500048F"});
  CHECK(bad_email.wait() == 2);
  CHECK(bad_email.err().starts_with("Adresse mail invalide : "));

  Process audit({SESAME_ADMIN_EXE, "audit", "--db", db, "--uai", "0500048F"});
  REQUIRE(audit.wait() == 0);
  CHECK(audit.out() == "Aucune action des personnels pour l'établissement 0500048F.\n");

  Process remove({SESAME_ADMIN_EXE, "staff", "remove", "--db", db, "--email", "paul.durand@ac-normandie.fr"});
  REQUIRE(remove.wait() == 0);
  CHECK(remove.out().starts_with("Paul DURAND (paul.durand@ac-normandie.fr) n'a plus accès à la console"));
  Process again({SESAME_ADMIN_EXE, "staff", "remove", "--db", db, "--email", "paul.durand@ac-normandie.fr"});
  CHECK(again.wait() == 1);
  Process after({SESAME_ADMIN_EXE, "staff", "list", "--db", db});
  REQUIRE(after.wait() == 0);
  CHECK(after.out().find("paul.durand") == std::string::npos);
}

TEST_CASE("sesame-admin letters: one page per pupil of the demo collège, passwords that open the first sign-in",
          "[programs]") {
  TempDir dir;
  const std::string db = (dir / "sesame.db").string();
  REQUIRE(Process({SESAME_ADMIN_EXE, "demo", "--db", db}).wait() == 0);
  const std::string pdf = (dir / "lettres.pdf").string();
  Process letters({SESAME_ADMIN_EXE, "letters", "--db", db, "--uai", "0500048f", "--out", pdf, "--url",
                   "https://ent.example.fr/"});
  REQUIRE(letters.wait() == 0);
  CHECK(letters.out().starts_with("2 lettres écrites dans « " + pdf + " »"));

  CHECK(std::regex_search(command_output("pdfinfo '" + pdf + "'"), std::regex("Pages:\\s+2\\n")));
  // The page's text with its layout's runs of spaces (and no-break spaces) as one space.
  const std::string text = std::regex_replace(
      std::regex_replace(command_output("pdftotext -layout -enc UTF-8 '" + pdf + "' -"), std::regex("\xC2\xA0"), " "),
      std::regex(" +"), " ");
  const auto pages = std::count(text.begin(), text.end(), '\f');
  CHECK(pages == 2);

  sesame::store::Database database(db);
  auto connection = database.connection();
  // Albert's and Lucas's identifiers, each with a temporary password valid to the last day printed.
  sesame::store::Statement rows = connection->query(
      "SELECT a.identifier, t.hash, t.expires_at FROM accounts a JOIN pupils p ON p.id = a.pupil_id "
      "JOIN temporary_passwords t ON t.account_id = a.id WHERE p.school_uai = '0500048F' ORDER BY p.last_name");
  int found = 0;
  const std::time_t expires = [&] {
    sesame::store::Statement any = connection->query("SELECT max(expires_at) FROM temporary_passwords");
    REQUIRE(any.step());
    return static_cast<std::time_t>(any.integer(0));
  }();
  std::tm last_day{};
  gmtime_r(&expires, &last_day);
  const std::time_t now = std::time(nullptr);
  CHECK(expires - now > 89 * 86400);
  CHECK(expires - now < 93 * 86400);
  char printed[16];
  std::strftime(printed, sizeof printed, "%d/%m/%Y", &last_day);
  CHECK(text.find(std::string("valable jusqu’au ") + printed) != std::string::npos);

  sesame::security::PasswordHasher hasher;
  while (rows.step()) {
    ++found;
    const std::string identifier = rows.text(0);
    const auto at = text.find("Identifiant : " + identifier);
    REQUIRE(at != std::string::npos);
    // The password printed on the same page, as a pupil copies it.
    const std::regex password_line("Mot de passe provisoire : ([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})");
    std::smatch match;
    const std::string page = text.substr(at, 400);
    REQUIRE(std::regex_search(page, match, password_line));
    CHECK(hasher.verify(rows.text(1), sesame::accounts::normalize_temporary_password(match[1].str())));
  }
  CHECK(found == 2);
  CHECK(text.find("Élève : Albert DUPONT") != std::string::npos);
  CHECK(text.find("Classe : 4e B") != std::string::npos);

  // One pupil's letter again: his earlier password stops working.
  const std::string hash_before = [&] {
    sesame::store::Statement q = connection->query(
        "SELECT t.hash FROM temporary_passwords t JOIN accounts a ON a.id = t.account_id "
        "JOIN pupils p ON p.id = a.pupil_id WHERE p.external_id = 'DEMO-E01'");
    REQUIRE(q.step());
    return q.text(0);
  }();
  const std::string albert = [&] {
    sesame::store::Statement q = connection->query(
        "SELECT a.identifier FROM accounts a JOIN pupils p ON p.id = a.pupil_id WHERE p.external_id = 'DEMO-E01'");
    REQUIRE(q.step());
    return q.text(0);
  }();
  Process again({SESAME_ADMIN_EXE, "letters", "--db", db, "--uai", "0500048F", "--pupil", albert, "--out",
                 (dir / "albert.pdf").string()});
  REQUIRE(again.wait() == 0);
  CHECK(again.out().starts_with("1 lettre écrite"));
  CHECK(connection->query_integer("SELECT count(*) FROM temporary_passwords WHERE hash = '" + hash_before + "'") == 0);

  // A class nobody is in: said in French, nothing written.
  Process nobody({SESAME_ADMIN_EXE, "letters", "--db", db, "--uai", "0500048F", "--class", "6e Z", "--out",
                  (dir / "vide.pdf").string()});
  CHECK(nobody.wait() == 1);
  CHECK(nobody.err().starts_with("Aucun élève inscrit avec un compte ne correspond"));
}
