#include "server/admin/staff_commands.h"

#include <ctime>
#include <iostream>

#include "server/config/clock.h"
#include "server/config/security_config.h"
#include "server/security/password_hasher.h"
#include "server/security/secrets.h"
#include "server/staff/access.h"
#include "server/staff/console.h"
#include "server/staff/demo.h"
#include "server/staff/members.h"
#include "server/store/database.h"
#include "shared/email.h"
#include "shared/names.h"
#include "shared/uai.h"

namespace sesame::admin {

namespace {

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The server key next to the database, as sesame-server reads it: the links'
// tokens and the TOTP secrets are hashed and sealed with it.
security::ServerKey server_key(const std::filesystem::path& db) {
  std::filesystem::path key_file = db;
  key_file += ".key";
  return security::load_or_create_server_key(key_file);
}

bool database_exists(const std::filesystem::path& db) {
  if (std::filesystem::exists(db)) return true;
  std::cerr << "Base introuvable : « " << db.string() << " ».\n";
  return false;
}

// "10/12/2026 à 23:06 (UTC)"
std::string french_time(std::int64_t unix_seconds) {
  const std::string iso = format_iso_utc(unix_seconds);  // 2026-12-10T23:06:00Z
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " à " + iso.substr(11, 5) + " (UTC)";
}

int run_add(const std::filesystem::path& db, const StaffOptions& options) {
  const Checked<std::string> email = check_email(options.email);
  if (!email) {
    std::cerr << "Adresse mail invalide : " << email.error().message << "\n";
    return 2;
  }
  const Checked<std::string> name = check_person_name(options.name, "Nom");
  if (!name) {
    std::cerr << "Nom invalide : " << name.error().message << "\n";
    return 2;
  }
  std::vector<std::string> uais;
  for (const std::string& typed : options.uais) {
    const Checked<std::string> uai = normalize_uai(typed);
    if (!uai) {
      std::cerr << "UAI invalide « " << typed << " » : " << uai.error().message << "\n";
      return 2;
    }
    uais.push_back(*uai);
  }
  if (!database_exists(db)) return 2;
  store::Database database(db);
  auto connection = database.connection();
  for (const std::string& uai : uais) {
    store::Statement known = connection->query("SELECT 1 FROM schools WHERE uai = ?1", uai);
    if (!known.step()) {
      std::cerr << "Établissement inconnu : " << uai << " n'est pas dans l'annuaire importé. Rien n'a été changé.\n";
      return 1;
    }
  }
  const security::KeyedHasher hasher(server_key(db));
  store::Transaction transaction(*connection);
  const staff::InvitationIssued issued = staff::invite(*connection, hasher, SecurityConfig{}.staff,
                                                      staff::normalize_staff_email(*email), *name, uais,
                                                      options.origin, now_seconds());
  transaction.commit();
  std::cout << "Invitation envoyée par mail à " << staff::normalize_staff_email(*email)
            << " (le serveur la remet au relais SMTP) ; le lien est valable jusqu'au "
            << french_time(issued.expires_at) << " et ne sert qu'une fois.\n";
  if (options.print_link) std::cout << "Lien : " << issued.link << "\n";
  return 0;
}

int run_remove(const std::filesystem::path& db, const StaffOptions& options) {
  if (!database_exists(db)) return 2;
  store::Database database(db);
  auto connection = database.connection();
  store::Transaction transaction(*connection);
  const auto member = staff::find_member_by_email(*connection, staff::normalize_staff_email(options.email));
  if (!member || member->removed_at) {
    std::cerr << "Aucun personnel n'a l'adresse « " << options.email << " » : rien n'a été changé.\n";
    return 1;
  }
  staff::remove_member(*connection, member->id, now_seconds());
  transaction.commit();
  std::cout << member->name << " (" << member->email
            << ") n'a plus accès à la console : ses sessions sont fermées, son invitation et ses codes de secours "
               "ne servent plus.\n";
  return 0;
}

int run_list(const std::filesystem::path& db) {
  if (!database_exists(db)) return 2;
  store::Database database(db);
  auto connection = database.connection();
  const std::vector<staff::MemberListing> members = staff::list_members(*connection);
  if (members.empty()) {
    std::cout << "Aucun personnel.\n";
    return 0;
  }
  for (const staff::MemberListing& entry : members) {
    std::string schools;
    for (const std::string& uai : entry.uais) schools += (schools.empty() ? "" : ", ") + uai;
    std::string state = entry.member.active() ? "actif" : "invitation non utilisée";
    if (!entry.member.active() && entry.invitation_expires_at)
      state += entry.invitation_expires_at > now_seconds()
                   ? " (valable jusqu'au " + french_time(*entry.invitation_expires_at) + ")"
                   : " (expirée)";
    std::cout << entry.member.email << "\t" << entry.member.name << "\t" << schools << "\t" << state << "\n";
  }
  return 0;
}

int run_audit(const std::filesystem::path& db, const StaffOptions& options) {
  const Checked<std::string> uai = normalize_uai(options.audit_uai);
  if (!uai) {
    std::cerr << "UAI invalide : " << uai.error().message << "\n";
    return 2;
  }
  if (!database_exists(db)) return 2;
  store::Database database(db);
  auto connection = database.connection();
  const std::vector<api::AuditLine> lines = staff::school_audit(*connection, *uai, options.audit_limit);
  if (lines.empty()) std::cout << "Aucune action des personnels pour l'établissement " << *uai << ".\n";
  for (const api::AuditLine& line : lines)
    std::cout << line.at << "\t" << line.staff << "\t" << line.action << "\t" << line.target << "\n";
  return 0;
}

}  // namespace

StaffCommands add_staff_commands(CLI::App& cli, std::filesystem::path& db, StaffOptions& options) {
  StaffCommands commands;
  commands.staff = cli.add_subcommand("staff", "The school staff of the console: add, remove, list");
  commands.staff->require_subcommand(1);
  commands.add = commands.staff->add_subcommand(
      "add", "Create a staff member (or change one's name and schools) and e-mail the invitation link "
             "(72 hours, single use) to choose a password and enrol an authenticator app");
  commands.add->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();
  commands.add->add_option("--email", options.email, "Their professional address")->type_name("EMAIL")->required();
  commands.add->add_option("--name", options.name, "Their name, as the console shows it")
      ->type_name("NAME")
      ->required();
  commands.add->add_option("--uai", options.uais, "A school they help (repeat for each)")
      ->type_name("UAI")
      ->required();
  commands.add->add_option("--url", options.origin, "Sésame's public origin, for the link")
      ->type_name("URL")
      ->capture_default_str();
  commands.add->add_flag("--print-link", options.print_link,
                         "Also print the link (to hand it over another way; it is a secret)");
  commands.remove = commands.staff->add_subcommand("remove", "Take a staff member's access away at once");
  commands.remove->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();
  commands.remove->add_option("--email", options.email, "Their address")->type_name("EMAIL")->required();
  commands.list = commands.staff->add_subcommand("list", "List the staff members and their schools");
  commands.list->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();

  commands.audit = cli.add_subcommand("audit", "Print what the staff did for a school, newest first");
  commands.audit->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();
  commands.audit->add_option("--uai", options.audit_uai, "The school")->type_name("UAI")->required();
  commands.audit->add_option("--limit", options.audit_limit, "How many actions")
      ->type_name("N")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  return commands;
}

int run_staff_commands(const StaffCommands& commands, const std::filesystem::path& db, const StaffOptions& options) {
  if (*commands.add) return run_add(db, options);
  if (*commands.remove) return run_remove(db, options);
  if (*commands.list) return run_list(db);
  if (*commands.audit) return run_audit(db, options);
  return -1;
}

void put_demo_staff(const std::filesystem::path& db) {
  store::Database database(db);
  auto connection = database.connection();
  const security::KeyedHasher hasher(server_key(db));
  const PasswordHashingConfig hashing = SecurityConfig{}.password_hashing;
  security::PasswordHasher password_hasher({hashing.memory_bytes, hashing.iterations}, 1);
  store::Transaction transaction(*connection);
  const staff::DemoStaff demo = staff::put_demo_staff(*connection, hasher, password_hasher, now_seconds());
  transaction.commit();
  std::cout << "Personnel de démonstration (CLG LES COURTILS) : " << staff::kDemoStaffEmail << ", mot de passe "
            << staff::kDemoStaffPassword << ".\n"
            << "Codes de son application : oathtool --totp -b " << demo.secret_base32
            << " (ou, serveur lancé avec --dev : GET /api/v1/dev/staff-code?email=" << staff::kDemoStaffEmail
            << ").\n";
  if (!demo.recovery_codes.empty()) {
    std::cout << "Ses codes de secours :";
    for (const std::string& code : demo.recovery_codes) std::cout << " " << code;
    std::cout << ".\n";
  }
}

}  // namespace sesame::admin
