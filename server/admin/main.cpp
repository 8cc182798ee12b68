// sesame-admin: loads the schools' exports (or demonstration data) into the directory,
// and takes back an account reported taken over.
#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "server/accounts/pupil_accounts.h"
#include "server/accounts/takeover.h"
#include "server/accounts/temporary_passwords.h"
#include "server/config/security_config.h"
#include "server/directory/demo.h"
#include "server/directory/import.h"
#include "server/accounts/school_letters.h"
#include "server/admin/staff_commands.h"
#include "server/letters/letters.h"
#include "server/security/password_hasher.h"
#include "server/store/database.h"
#include "shared/identifier.h"
#include "shared/phone.h"
#include "shared/uai.h"

namespace {

namespace directory = sesame::directory;

struct ImportPaths {
  std::filesystem::path schools;
  std::filesystem::path pupils;
  std::filesystem::path guardians;
  std::filesystem::path links;
};

std::string counted(std::size_t count, std::string_view one, std::string_view many) {
  return directory::group_thousands(count) + " " + std::string(count < 2 ? one : many);  // French: "0 élève"
}

std::optional<directory::CsvFile> read_csv(const std::filesystem::path& path) {
  if (path.empty()) return std::nullopt;
  // Read in one go into a string of the file's size: an export can weigh tens of megabytes.
  std::ifstream in(path, std::ios::binary);
  std::error_code size_error;
  const std::uintmax_t size = std::filesystem::file_size(path, size_error);
  std::string text(size_error ? 0 : static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size())) || in.peek() != EOF)
    throw std::runtime_error("impossible de lire « " + path.string() + " »");
  return directory::CsvFile{path.filename().string(), std::move(text)};
}

directory::ImportOptions import_options() {
  directory::ImportOptions options;
  options.today = directory::local_today();
  options.on_progress = [](std::string_view file, std::size_t rows) {
    std::cerr << file << " : " << directory::group_thousands(rows) << " lignes…" << std::endl;
  };
  return options;
}

int run_import(const std::filesystem::path& db, const directory::ImportFiles& files) {
  sesame::store::Database database(db);
  auto connection = database.connection();
  // A bigger page cache keeps the indexes of a large import in memory.
  // Its work tables (a re-import's links) stay in memory as well.
  connection->execute("PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;");  // KiB
  const directory::ImportReport report = directory::import_directory(*connection, files, import_options());
  if (!report.ok()) {
    std::cerr << "Import refusé, rien n'a été importé : " << counted(report.error_count, "erreur", "erreurs")
              << ".\n"
              << report.error_summary();
    return 1;
  }
  std::cout << "Import terminé : " << counted(report.schools, "établissement", "établissements") << ", "
            << counted(report.pupils, "élève", "élèves") << ", "
            << counted(report.guardians, "responsable", "responsables") << ", "
            << counted(report.links, "lien", "liens") << " responsable–élève.\n";
  std::cout << "Comptes des élèves : " << counted(report.pupil_accounts_created, "créé", "créés");
  if (report.pupils_left > 0) std::cout << ", " << counted(report.pupils_left, "élève parti", "élèves partis");
  if (report.pupil_accounts_disabled > 0)
    std::cout << ", " << counted(report.pupil_accounts_disabled, "désactivé", "désactivés");
  if (report.pupil_accounts_enabled > 0)
    std::cout << ", " << counted(report.pupil_accounts_enabled, "réactivé", "réactivés");
  std::cout << ".\n";
  for (const std::string& warning : report.warnings) std::cerr << "Attention : " << warning << "\n";
  // Only when a links file removed something (docs/csv-import.md, "Importing again").
  if (report.links_removed > 0 || report.access_removed > 0) {
    std::cout << "Retirés : "
              << counted(report.links_removed, "lien absent du nouvel export",
                         "liens absents du nouvel export")
              << ", "
              << counted(report.access_removed, "accès d'un parent à un enfant",
                         "accès de parents à un enfant")
              << ".\n";
  }
  return 0;
}

// An account reported taken over (docs/security.md, "An account taken over").
int run_secure_account(const std::filesystem::path& db, const std::string& typed_identifier) {
  const auto identifier = sesame::normalize_identifier(typed_identifier);
  if (!identifier) {
    std::cerr << "Identifiant invalide : " << identifier.error().message << "\n";
    return 2;
  }
  if (!std::filesystem::exists(db)) {
    std::cerr << "Base introuvable : « " << db.string() << " ».\n";
    return 2;
  }
  const sesame::PasswordHashingConfig hashing = sesame::SecurityConfig{}.password_hashing;
  sesame::security::PasswordHasher hasher({hashing.memory_bytes, hashing.iterations}, 1);
  sesame::store::Database database(db);
  auto connection = database.connection();
  const auto secured = sesame::accounts::secure_taken_over_account(*connection, hasher, *identifier,
                                                                  static_cast<std::int64_t>(std::time(nullptr)));
  if (!secured) {
    std::cerr << "Aucun compte ouvert n'a l'identifiant « " << *identifier << " » : rien n'a été changé.\n";
    return 1;
  }
  std::cout << "Compte " << secured->identifier << " sécurisé : "
            << counted(static_cast<std::size_t>(secured->sessions_closed), "session fermée", "sessions fermées")
            << ", mot de passe remplacé par un mot de passe que personne ne connaît, "
            << counted(static_cast<std::size_t>(secured->flows_cancelled), "démarche en cours annulée",
                       "démarches en cours annulées")
            << (secured->email_removed ? ", adresse mail retirée" : "")
            << (secured->franceconnect_unlinked ? ", connexion FranceConnect retirée" : "") << ".\n";
  if (secured->phone) {
    std::cout << "Numéro de portable remis à celui que l'établissement connaît : " << sesame::mask_phone(*secured->phone)
              << ".\nLe parent choisit un nouveau mot de passe avec « Mot de passe oublié » ; le code lui arrive "
                 "par SMS sur ce numéro.\n";
  } else {
    std::cout << "L'établissement ne connaît aucun portable pour ce parent : ajoutez-le dans son export, "
                 "importez-le, puis relancez cette commande.\n";
  }
  return 0;
}

struct LetterOptions {
  std::string uai;
  std::optional<std::string> class_name;
  std::optional<std::string> identifier;
  std::filesystem::path out;
  std::string address = "http://127.0.0.1:8080/";
};

// Letters for a school's pupils (docs/security.md, "Pupils' accounts"): each
// gets a new temporary password, which replaces the one before, printed on one
// A4 page of one PDF. The hashes are made first, outside the transaction; the
// passwords are stored only once the PDF is written, so a failed PDF changes nothing.
int run_letters(const std::filesystem::path& db, const LetterOptions& options) {
  const auto uai = sesame::normalize_uai(options.uai);
  if (!uai) {
    std::cerr << "UAI invalide : " << uai.error().message << "\n";
    return 2;
  }
  std::optional<std::string> identifier;
  if (options.identifier) {
    const auto normalized = sesame::normalize_identifier(*options.identifier);
    if (!normalized) {
      std::cerr << "Identifiant invalide : " << normalized.error().message << "\n";
      return 2;
    }
    identifier = *normalized;
  }
  if (!std::filesystem::exists(db)) {
    std::cerr << "Base introuvable : « " << db.string() << " ».\n";
    return 2;
  }
  sesame::store::Database database(db);
  auto connection = database.connection();
  const std::vector<sesame::accounts::LetterRecipient> recipients =
      sesame::accounts::letter_recipients(*connection, *uai, options.class_name, identifier);
  if (recipients.empty()) {
    std::cerr << "Aucun élève inscrit avec un compte ne correspond (établissement " << *uai
              << (options.class_name ? ", classe « " + *options.class_name + " »" : std::string())
              << (identifier ? ", identifiant " + *identifier : std::string()) << ") : aucune lettre écrite.\n";
    return 1;
  }

  const sesame::PasswordHashingConfig hashing = sesame::SecurityConfig{}.password_hashing;
  sesame::security::PasswordHasher hasher({hashing.memory_bytes, hashing.iterations}, 1);
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  const sesame::accounts::PreparedLetters prepared =
      sesame::accounts::prepare_letters(hasher, recipients, options.address, now);
  sesame::letters::write_letters_pdf(prepared.letters, options.out);

  sesame::store::Transaction transaction(*connection);
  sesame::accounts::store_letters(*connection, recipients, prepared, now);
  transaction.commit();
  std::cout << counted(recipients.size(), "lettre écrite", "lettres écrites") << " dans « " << options.out.string()
            << " » ; les mots de passe provisoires sont valables jusqu'au "
            << prepared.passwords.front().issued.last_day.french()
            << ". Les lettres précédentes de ces élèves ne servent plus.\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli("Sésame's directory (schools, pupils, guardians, their links) and its operators' remedies.",
               "sesame-admin");
  cli.require_subcommand(1);
  cli.footer(
      "Examples:\n"
      "  sesame-admin demo --db data/sesame.db\n"
      "  sesame-admin import --db data/sesame.db --schools schools.csv --pupils pupils.csv \\\n"
      "      --guardians guardians.csv --links links.csv\n"
      "  sesame-admin letters --db data/sesame.db --uai 0500048F --class \"4e B\" --out lettres.pdf\n"
      "  sesame-admin secure-account --db data/sesame.db --identifier e.dupont45\n"
      "  sesame-admin staff add --db data/sesame.db --email nadia.benali@ac-normandie.fr \\\n"
      "      --name \"Nadia BENALI\" --uai 0500048F --url https://ent.exemple.fr\n"
      "  sesame-admin audit --db data/sesame.db --uai 0500048F");

  std::filesystem::path db;
  ImportPaths paths;
  // Without its description, which would turn "CSV" into "CSV:FILE" in the help.
  const CLI::Validator existing_file = CLI::Validator(CLI::ExistingFile).description("");
  CLI::App* import =
      cli.add_subcommand("import", "Import or update the directory from the schools' CSV exports");
  import->footer(
      "Files are UTF-8, with ';' or ',' between fields. All rows or none: on any error\n"
      "nothing is written and every error is listed in French (exit code 1).\n"
      "Importing again updates rows by their keys; a links file also removes the links\n"
      "it no longer has for the schools the import covers. Formats: docs/csv-import.md.");
  import->add_option("--db", db, "SQLite database file (created and migrated if needed)")
      ->type_name("FILE")
      ->required();
  import->add_option("--schools", paths.schools, "uai;nom;commune;niveau")
      ->type_name("CSV")
      ->check(existing_file);
  import->add_option("--pupils", paths.pupils, "id;uai;nom;prenom;date_naissance[;classe]")
      ->type_name("CSV")
      ->check(existing_file);
  import->add_option("--guardians", paths.guardians, "id;nom;prenom;portable[;email]")
      ->type_name("CSV")
      ->check(existing_file);
  import->add_option("--links", paths.links, "id_responsable;id_eleve;representant_legal")
      ->type_name("CSV")
      ->check(existing_file);

  CLI::App* demo = cli.add_subcommand(
      "demo", "Load the demonstration families (the guide's Emilie DUPONT…); safe to repeat");
  demo->add_option("--db", db, "SQLite database file (created and migrated if needed)")
      ->type_name("FILE")
      ->required();

  LetterOptions letter_options;
  CLI::App* letters = cli.add_subcommand(
      "letters", "Write the first sign-in letters of a school's pupils (one A4 page each, one PDF): each "
                 "gets a new temporary password, valid three months; earlier letters stop working");
  letters->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();
  letters->add_option("--uai", letter_options.uai, "The school, e.g. 0500048F")->type_name("UAI")->required();
  letters->add_option("--class", letter_options.class_name, "Only this class, as in the export (\"4e B\")")
      ->type_name("CLASS");
  letters->add_option("--pupil", letter_options.identifier, "Only this pupil's letter, by identifier (a.dupont07)")
      ->type_name("ID");
  letters->add_option("--out", letter_options.out, "The PDF to write")->type_name("PDF")->required();
  letters->add_option("--url", letter_options.address, "The ENT's address printed on the letters")
      ->type_name("URL")
      ->capture_default_str();

  std::string identifier;
  CLI::App* secure = cli.add_subcommand(
      "secure-account", "Take back an account reported taken over (docs/security.md); the parent then resets "
                        "the password by SMS");
  secure->add_option("--db", db, "SQLite database file")->type_name("FILE")->required();
  secure->add_option("--identifier", identifier, "The account's identifier, e.g. e.dupont45")
      ->type_name("ID")
      ->required();

  sesame::admin::StaffOptions staff_options;
  const sesame::admin::StaffCommands staff_commands = sesame::admin::add_staff_commands(cli, db, staff_options);

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*demo) {
      const int imported = run_import(db, directory::demo_files());
      if (imported == 0) sesame::admin::put_demo_staff(db);
      return imported;
    }
    if (const int code = sesame::admin::run_staff_commands(staff_commands, db, staff_options); code >= 0)
      return code;
    if (*secure) return run_secure_account(db, identifier);
    if (*letters) return run_letters(db, letter_options);

    directory::ImportFiles files{read_csv(paths.schools), read_csv(paths.pupils), read_csv(paths.guardians),
                                 read_csv(paths.links)};
    if (!files.schools && !files.pupils && !files.guardians && !files.links) {
      std::cerr
          << "Rien à importer : indiquez au moins un fichier (--schools, --pupils, --guardians, --links).\n";
      return 2;
    }
    return run_import(db, files);
  } catch (const std::exception& error) {
    std::cerr << "Erreur : " << error.what() << "\n";
    return 1;
  }
}
