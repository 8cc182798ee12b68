// The CSV import: the shared rules, line-numbered French errors, all or nothing, upserts.
#include "server/directory/import.h"

#include <catch2/catch.hpp>

#include "server/directory/directory.h"
#include "shared/messages.h"
#include "shared/names.h"
#include "shared/uai.h"
#include "support.h"

using namespace sesame::directory;
using sesame::store::Connection;
using sesame::store::Database;
using sesame::testing::TempDir;

namespace {

const sesame::Date kToday{2026, 9, 1};

const char* const kSchools =
    "uai;nom;commune;niveau\n"
    "0500048F;CLG LES COURTILS;MONTMARTIN-SUR-MER;college_lycee\n"
    "0501271K;E.P.U JOSEPHINE BAKER;MONTMARTIN-SUR-MER;École\n";
const char* const kPupils =
    "id;uai;nom;prenom;date_naissance\n"
    "E1;0500048F;DUPONT;Albert;2012-03-14\n"
    "E2;0501271k;DUPONT;Jeanne;02/09/2017\n";
const char* const kGuardians =
    "id;nom;prenom;portable;email\n"
    "R1;DUPONT;Emilie;06 12 34 56 78;emilie.dupont@example.fr\n"
    "R2;Lefèvre;Bernard;;\n";
const char* const kLinks =
    "id_responsable;id_eleve;representant_legal\n"
    "R1;E1;oui\n"
    "R1;E2;Oui\n"
    "R2;E2;non\n";

ImportFiles files(const char* schools, const char* pupils, const char* guardians, const char* links) {
  ImportFiles result;
  if (schools) result.schools = CsvFile{"schools.csv", schools};
  if (pupils) result.pupils = CsvFile{"pupils.csv", pupils};
  if (guardians) result.guardians = CsvFile{"guardians.csv", guardians};
  if (links) result.links = CsvFile{"links.csv", links};
  return result;
}

ImportReport run(Connection& connection, const ImportFiles& input, ImportOptions options = {}) {
  options.today = kToday;
  return import_directory(connection, input, options);
}

std::int64_t rows(Connection& connection, const std::string& table) {
  return connection.query_integer("SELECT count(*) FROM " + table);
}

// Every directory row as text, to compare two states of the database.
std::string dump(Connection& connection) {
  std::string text;
  for (const char* query :
       {"SELECT uai || '|' || name || '|' || city || '|' || level FROM schools ORDER BY uai",
        "SELECT id || '|' || external_id || '|' || school_uai || '|' || last_name || '|' || first_name || "
        "'|' || "
        "birth_date FROM pupils ORDER BY id",
        "SELECT id || '|' || external_id || '|' || last_name || '|' || first_name || '|' || last_name_key || "
        "'|' || "
        "first_name_key || '|' || ifnull(mobile_e164, '-') || '|' || ifnull(email, '-') FROM guardians ORDER "
        "BY id",
        "SELECT guardian_id || '|' || pupil_id || '|' || legal_representative FROM guardian_pupils "
        "ORDER BY guardian_id, pupil_id"}) {
    auto statement = connection.prepare(query);
    while (statement.step()) text += statement.text(0) + "\n";
  }
  return text;
}

std::int64_t guardian_id(Connection& connection, const char* external_id) {
  return find_guardian_by_external_id(connection, external_id).value().id;
}

std::int64_t pupil_id(Connection& connection, const char* external_id) {
  auto query = connection.prepare("SELECT id FROM pupils WHERE external_id = ?1");
  query.bind(1, external_id);
  REQUIRE(query.step());
  return query.integer(0);
}

// A parent's account created for the guardian, seeing the given children, as
// the activation flow leaves it.
std::int64_t add_account(Connection& connection, const char* guardian, const char* identifier,
                         std::initializer_list<const char*> children) {
  auto account = connection.prepare(
      "INSERT INTO accounts (identifier, guardian_id, password_hash, created_at) VALUES (?1, ?2, 'h', 100)");
  account.bind(1, identifier).bind(2, guardian_id(connection, guardian)).run();
  const std::int64_t id = connection.last_insert_id();
  auto child = connection.prepare(
      "INSERT INTO account_children (account_id, pupil_id, confirmed_at) VALUES (?1, ?2, 100)");
  for (const char* pupil : children) child.bind(1, id).bind(2, pupil_id(connection, pupil)).run();
  return id;
}

// The children an account sees, by their export ids.
std::vector<std::string> children_seen(Connection& connection, std::int64_t account_id) {
  auto query = connection.prepare(
      "SELECT p.external_id FROM account_children c JOIN pupils p ON p.id = c.pupil_id "
      "WHERE c.account_id = ?1 ORDER BY p.external_id");
  query.bind(1, account_id);
  std::vector<std::string> children;
  while (query.step()) children.push_back(query.text(0));
  return children;
}

// "R1-E1 oui" for every link, in order.
std::vector<std::string> links_of(Connection& connection) {
  auto query = connection.prepare(
      "SELECT g.external_id || '-' || p.external_id || ' ' || iif(l.legal_representative, 'oui', 'non') "
      "FROM guardian_pupils l JOIN guardians g ON g.id = l.guardian_id JOIN pupils p ON p.id = l.pupil_id "
      "ORDER BY 1");
  std::vector<std::string> links;
  while (query.step()) links.push_back(query.text(0));
  return links;
}

// "account guardian pupil at detail" for every audit row of the kind.
std::vector<std::string> audit_of(Connection& connection, const char* kind) {
  auto query = connection.prepare(
      "SELECT a.account_id || ' ' || g.external_id || ' ' || p.external_id || ' ' || a.at || ' ' || a.detail "
      "FROM audit_log a JOIN guardians g ON g.id = a.guardian_id JOIN pupils p ON p.id = a.pupil_id "
      "WHERE a.kind = ?1 ORDER BY a.id");
  query.bind(1, kind);
  std::vector<std::string> rows;
  while (query.step()) rows.push_back(query.text(0));
  return rows;
}

struct Fixture {
  TempDir dir;
  Database database{dir / "sesame.db"};
  sesame::store::ConnectionLease connection = database.connection();
};

}  // namespace

TEST_CASE("A clean import writes schools, pupils, guardians and links", "[import]") {
  Fixture f;
  const ImportReport report = run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks));
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(report.schools == 2);
  CHECK(report.pupils == 2);
  CHECK(report.guardians == 2);
  CHECK(report.links == 3);

  const auto ecole = find_school(*f.connection, "0501271K");
  REQUIRE(ecole);
  CHECK(ecole->name == "E.P.U JOSEPHINE BAKER");
  CHECK(ecole->level == "ecole");  // from the label "École"

  const auto emilie = find_guardian_by_external_id(*f.connection, "R1");
  REQUIRE(emilie);
  CHECK(emilie->mobile_e164 == std::optional<std::string>("+33612345678"));
  CHECK(emilie->email == std::optional<std::string>("emilie.dupont@example.fr"));
  const auto children = children_of(*f.connection, emilie->id);
  REQUIRE(children.size() == 2);
  CHECK(children[0].first_name == "Albert");
  CHECK(children[0].birth_date == "2012-03-14");
  CHECK(children[0].school.uai == "0500048F");
  CHECK(children[0].legal_representative);
  CHECK(children[1].first_name == "Jeanne");
  CHECK(children[1].birth_date == "2017-09-02");  // from the French form
  CHECK(children[1].school.uai == "0501271K");    // upper-cased by the shared rule

  const auto bernard = find_guardian_by_external_id(*f.connection, "R2");
  REQUIRE(bernard);
  CHECK_FALSE(bernard->mobile_e164);
  CHECK_FALSE(bernard->email);
  const auto bernard_children = children_of(*f.connection, bernard->id);
  REQUIRE(bernard_children.size() == 1);
  CHECK_FALSE(bernard_children[0].legal_representative);

  // The activation lookup: name keys and mobile.
  const auto found = find_guardians_by_identity(*f.connection, sesame::name_match_key("dupont"),
                                                sesame::name_match_key("Émilie"), "+33612345678");
  REQUIRE(found.size() == 1);
  CHECK(found[0].external_id == "R1");
  CHECK(find_guardians_by_identity(*f.connection, "DUPONT", "EMILIE", "+33612345679").empty());
}

TEST_CASE("Bad rows are all listed with their line, in French, and nothing is written", "[import]") {
  Fixture f;
  const char* pupils =
      "id;uai;nom;prenom;date_naissance\n"
      "E1;0500048F;DUPONT;Albert;2012-03-14\n"
      "E2;0500048F;DUPONT;Jeanne;31/02/2012\n"
      "E3;0500049F;MARTIN;Léa;2016-01-30\n"
      "E4;0500048F;MART1N;Léa;2016-01-30\n"
      "E1;0500048F;DUPONT;Albert;2012-03-14\n"
      "E5;0500048F;DUPONT;Paul\n"
      "E6;0500048F;DUPONT;Luc;2012-02-30\n"
      "E7;0501271K;DUPONT;Luc;14/03/2030\n";
  const char* guardians =
      "id;nom;prenom;portable;email\n"
      "R1;DUPONT;Emilie;02 31 23 45 67;\n"
      "R2;DUPONT;Paul;06 12 34 56 78;paul.dupont\n";
  const char* links =
      "id_responsable;id_eleve;representant_legal\n"
      "R1;E1;oui\n"
      "R3;E1;oui\n"
      "R2;E9;peut-être\n";

  const ImportReport report = run(*f.connection, files(kSchools, pupils, guardians, links));
  CHECK_FALSE(report.ok());
  const std::vector<std::string> expected = {
      "pupils.csv, ligne 3 : date de naissance invalide (« 31/02/2012 ») : Cette date n'existe pas : le mois "
      "de "
      "février 2012 compte 29 jours.",
      "pupils.csv, ligne 4 : UAI invalide (« 0500049F ») : " +
          sesame::normalize_uai("0500049F").error().message,
      "pupils.csv, ligne 5 : nom invalide (« MART1N ») : " +
          sesame::check_person_name("MART1N", "Nom").error().message,
      "pupils.csv, ligne 6 : identifiant d'élève « E1 » en double : déjà à la ligne 2",
      "pupils.csv, ligne 7 : 4 champs au lieu de 5 (séparateur « ; »)",
      "pupils.csv, ligne 8 : date de naissance invalide (« 2012-02-30 ») : Cette date n'existe pas : le mois "
      "de "
      "février 2012 compte 29 jours.",
      "pupils.csv, ligne 9 : date de naissance invalide (« 14/03/2030 ») : La date de naissance ne peut pas "
      "être dans "
      "le futur.",
      "guardians.csv, ligne 2 : portable invalide (« 02 31 23 45 67 ») : Ce numéro est un numéro de "
      "téléphone fixe. "
      "Indiquez votre numéro de téléphone portable (06 ou 07).",
      "guardians.csv, ligne 3 : adresse mail invalide (« paul.dupont ») : " +
          std::string(sesame::french_message("invalid_email")),
      // R1 was refused above: its links are not reported again.
      "links.csv, ligne 3 : responsable inconnu (« R3 ») : absent de la base et des fichiers importés",
      "links.csv, ligne 4 : élève inconnu (« E9 ») : absent de la base et des fichiers importés",
      "links.csv, ligne 4 : représentant légal : valeur invalide (« peut-être ») : attendu « oui » ou « non "
      "»",
  };
  CHECK(report.errors == expected);
  CHECK(report.error_count == expected.size());

  for (const char* table : {"schools", "pupils", "guardians", "guardian_pupils"}) {
    INFO(table);
    CHECK(rows(*f.connection, table) == 0);
  }
}

TEST_CASE("A failed import leaves earlier data exactly as it was", "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const std::string before = dump(*f.connection);
  const char* changed =
      "id;nom;prenom;portable;email\n"
      "R1;DUPONT;Emilie;07 81 22 33 44;\n"  // fine, but the next line is not
      "R2;;Bernard;;\n";
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, changed, nullptr));
  CHECK(report.errors == std::vector<std::string>{"guardians.csv, ligne 3 : nom manquant"});
  CHECK(dump(*f.connection) == before);
}

// The schema's indexes by name and definition.
std::string indexes(Connection& connection) {
  auto query = connection.prepare(
      "SELECT name || ': ' || ifnull(sql, '(constraint)') FROM sqlite_schema WHERE type = 'index' ORDER BY name");
  std::string text;
  while (query.step()) text += query.text(0) + "\n";
  return text;
}

TEST_CASE("A first import builds the directory's indexes at the end; a refused one leaves them", "[import]") {
  Fixture f;
  const std::string schema = indexes(*f.connection);
  REQUIRE(schema.find("guardians_by_identity: CREATE INDEX") != std::string::npos);
  REQUIRE(schema.find("guardian_pupils_by_pupil: CREATE INDEX") != std::string::npos);

  // Refused: the empty tables' indexes were dropped for the load, and come back with the rollback.
  const char* bad_links = "id_responsable;id_eleve;representant_legal\nR1;E1;peut-être\n";
  REQUIRE_FALSE(run(*f.connection, files(kSchools, kPupils, kGuardians, bad_links)).ok());
  CHECK(indexes(*f.connection) == schema);
  CHECK(rows(*f.connection, "pupils") == 0);

  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  CHECK(indexes(*f.connection) == schema);
  CHECK(f.connection->query_integer("PRAGMA integrity_check = 1") == 0);  // "ok" reads as 0
  // The activation step's lookup goes through the rebuilt index.
  std::string steps;
  {  // an EXPLAIN statement stays busy until it is reset, which would lock the next import's DROP TABLE
    auto plan = f.connection->prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM guardians WHERE last_name_key = ?1 AND first_name_key = ?2");
    while (plan.step()) steps += plan.text(3) + "\n";
  }
  CHECK(steps.find("guardians_by_identity") != std::string::npos);
  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E1 oui", "R1-E2 oui", "R2-E2 non"});

  // Importing again into filled tables goes through the indexes in place (and the work table).
  const char* fewer_links = "id_responsable;id_eleve;representant_legal\nR1;E1;oui\nR1;E2;oui\n";
  const ImportReport again = run(*f.connection, files(nullptr, nullptr, nullptr, fewer_links));
  REQUIRE(again.ok());
  CHECK(again.links_removed == 1);
  CHECK(indexes(*f.connection) == schema);
  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E1 oui", "R1-E2 oui"});
}

TEST_CASE("Errors past the cap are counted, not listed", "[import]") {
  Fixture f;
  std::string pupils = "id;uai;nom;prenom;date_naissance\n";
  for (int i = 0; i < 60; ++i) pupils += "E" + std::to_string(i) + ";0500048F;DUPONT;Albert;pas une date\n";
  const ImportReport report = run(*f.connection, files(kSchools, pupils.c_str(), nullptr, nullptr));
  CHECK(report.error_count == 60);
  CHECK(report.errors.size() == 50);
  CHECK(report.errors.back().starts_with("pupils.csv, ligne 51 : "));
  CHECK(report.error_summary().ends_with(
      "pupils.csv, ligne 51 : date de naissance invalide (« pas une date ») : "
      "Indiquez la date au format JJ MM AAAA, par exemple 14 03 2012.\n"
      "… et 10 autres erreurs\n"));
  CHECK(rows(*f.connection, "schools") == 0);
}

TEST_CASE("Importing again updates rows by their keys instead of adding rows", "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const auto emilie_id = find_guardian_by_external_id(*f.connection, "R1")->id;

  const char* schools =
      "uai;nom;commune;niveau\n0500048F;COLLEGE LES COURTILS;MONTMARTIN-SUR-MER;college_lycee\n";
  const char* pupils = "id;uai;nom;prenom;date_naissance\nE1;0500048F;DUPONT;Albert;15/03/2012\n";
  const char* guardians = "id;nom;prenom;portable;email\nR1;DUPONT-MARTIN;Émilie;07 81 22 33 44;\n";
  const char* links = "id_responsable;id_eleve;representant_legal\nR1;E1;non\n";
  const ImportReport report = run(*f.connection, files(schools, pupils, guardians, links));
  INFO(report.error_summary());
  REQUIRE(report.ok());

  CHECK(rows(*f.connection, "schools") == 2);
  CHECK(rows(*f.connection, "pupils") == 2);
  CHECK(rows(*f.connection, "guardians") == 2);
  CHECK(rows(*f.connection, "guardian_pupils") == 3);
  CHECK(find_school(*f.connection, "0500048F")->name == "COLLEGE LES COURTILS");
  const auto emilie = find_guardian_by_external_id(*f.connection, "R1");
  REQUIRE(emilie);
  CHECK(emilie->id == emilie_id);
  CHECK(emilie->last_name == "DUPONT-MARTIN");
  CHECK(emilie->mobile_e164 == std::optional<std::string>("+33781223344"));
  CHECK(emilie->email == std::nullopt);  // emptied in the new export
  CHECK(find_guardians_by_identity(*f.connection, "DUPONTMARTIN", "EMILIE", "+33781223344").size() == 1);
  const auto children = children_of(*f.connection, emilie_id);
  REQUIRE(children.size() == 2);
  CHECK(children[0].birth_date == "2012-03-15");
  CHECK_FALSE(children[0].legal_representative);
  CHECK(children[1].legal_representative);  // Jeanne's school is not in this import: her link is kept
}

TEST_CASE("Later files may refer to rows already in the database", "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, nullptr, nullptr, nullptr)).ok());
  REQUIRE(run(*f.connection, files(nullptr, kPupils, nullptr, nullptr)).ok());
  REQUIRE(run(*f.connection, files(nullptr, nullptr, kGuardians, nullptr)).ok());
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, nullptr, kLinks));
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(rows(*f.connection, "guardian_pupils") == 3);
}

TEST_CASE("Wrong headers are reported once, without an error per row", "[import]") {
  Fixture f;
  const char* pupils = "id;uai;nom;prénom;naissance;nom\nE1;0500048F;DUPONT;Albert;2012-03-14;X\n";
  const ImportReport report = run(*f.connection, files(kSchools, pupils, nullptr, nullptr));
  const std::string expected_columns = " (en-tête attendu : id;uai;nom;prenom;date_naissance;classe)";
  CHECK(report.errors == std::vector<std::string>{
                             "pupils.csv, ligne 1 : colonne inconnue « prénom »" + expected_columns,
                             "pupils.csv, ligne 1 : colonne inconnue « naissance »" + expected_columns,
                             "pupils.csv, ligne 1 : colonne « nom » en double" + expected_columns,
                             "pupils.csv, ligne 1 : colonne « prenom » manquante" + expected_columns,
                             "pupils.csv, ligne 1 : colonne « date_naissance » manquante" + expected_columns,
                         });
  const ImportReport empty = run(*f.connection, files("", nullptr, nullptr, nullptr));
  CHECK(empty.errors ==
        std::vector<std::string>{
            "schools.csv : fichier vide (il faut au moins la ligne d'en-tête : uai;nom;commune;niveau)"});
}

TEST_CASE("Commas, quotes, a byte order mark, CRLF, any column order and trailing separators are read",
          "[import]") {
  Fixture f;
  const char* schools =
      "\xEF\xBB\xBF"
      "UAI,Nom,Commune,Niveau\r\n0500048F,\"CLG LES COURTILS, annexe\",MONTMARTIN-SUR-MER,college_lycee\r\n";
  const char* guardians = "prenom;nom;id;portable;\nZoé;D’Angelo;R9;+262 692 12 34 56;\n";
  const ImportReport report = run(*f.connection, files(schools, nullptr, guardians, nullptr));
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(find_school(*f.connection, "0500048F")->name == "CLG LES COURTILS, annexe");
  const auto zoe = find_guardian_by_external_id(*f.connection, "R9");
  REQUIRE(zoe);
  CHECK(zoe->last_name == "D’Angelo");
  CHECK(zoe->first_name == "Zoé");
  CHECK(zoe->mobile_e164 == std::optional<std::string>("+262692123456"));
  CHECK(find_guardians_by_identity(*f.connection, "DANGELO", "ZOE", "+262692123456").size() == 1);
}

TEST_CASE("A file that is not UTF-8 gets one error naming the first bad line", "[import]") {
  Fixture f;
  const char* guardians =
      "id;nom;prenom;portable;email\nR1;DUPONT;Emilie;;\nR2;LEF\xC8VRE;Bernard;;\nR3;LEF\xC8VRE;Anne;;\n";
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, guardians, nullptr));
  CHECK(report.errors == std::vector<std::string>{"guardians.csv, ligne 3 : le texte n'est pas en UTF-8 ; "
                                                  "enregistrez le fichier au format « CSV UTF-8 »"});
}

TEST_CASE("A reference to a row refused for another reason is not reported twice", "[import]") {
  Fixture f;
  const char* schools = "uai;nom;commune;niveau\n0500048F;;MONTMARTIN-SUR-MER;college_lycee\n";
  const char* pupils = "id;uai;nom;prenom;date_naissance\nE1;0500048F;DUPONT;Albert;2012-03-14\n";
  const ImportReport report = run(*f.connection, files(schools, pupils, nullptr, nullptr));
  CHECK(report.errors == std::vector<std::string>{"schools.csv, ligne 2 : nom de l'établissement manquant"});
  const ImportReport unknown = run(*f.connection, files(nullptr, pupils, nullptr, nullptr));
  CHECK(unknown.errors ==
        std::vector<std::string>{"pupils.csv, ligne 2 : établissement inconnu (« 0500048F ») : "
                                 "absent de la base et des écoles importées"});
}

TEST_CASE("Large files report their progress", "[import]") {
  Fixture f;
  std::string pupils = "id;uai;nom;prenom;date_naissance\n";
  for (int i = 0; i < 5; ++i) pupils += "E" + std::to_string(i) + ";0500048F;DUPONT;Albert;2012-03-14\n";
  std::vector<std::pair<std::string, std::size_t>> progress;
  ImportOptions options;
  options.progress_every = 2;
  options.on_progress = [&](std::string_view file, std::size_t count) { progress.emplace_back(file, count); };
  REQUIRE(run(*f.connection, files(kSchools, pupils.c_str(), nullptr, nullptr), options).ok());
  CHECK(progress == std::vector<std::pair<std::string, std::size_t>>{
                        {"schools.csv", 2}, {"pupils.csv", 2}, {"pupils.csv", 4}});
  CHECK(group_thousands(150000) == "150\u202F000");
  CHECK(group_thousands(999) == "999");
  CHECK(group_thousands(1234567) == "1\u202F234\u202F567");
}

TEST_CASE("A link absent from a new export is removed, and the parent's account loses the child",
          "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const std::int64_t emilie = add_account(*f.connection, "R1", "e.dupont07", {"E1", "E2"});
  const std::int64_t bernard = add_account(*f.connection, "R2", "b.lefevre01", {"E2"});

  // Jeanne (E2) now lives with Bernard only; Albert's school is not in this import.
  const char* links = "id_responsable;id_eleve;representant_legal\nR2;E2;non\n";
  ImportOptions options;
  options.now = 1'800'000'000;
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, nullptr, links), options);
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(report.links == 1);
  CHECK(report.links_removed == 1);
  CHECK(report.access_removed == 1);

  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E1 oui", "R2-E2 non"});
  CHECK(children_seen(*f.connection, emilie) == std::vector<std::string>{"E1"});
  CHECK(children_seen(*f.connection, bernard) == std::vector<std::string>{"E2"});
  CHECK(audit_of(*f.connection, "child_access_removed") ==
        std::vector<std::string>{std::to_string(emilie) + " R1 E2 1800000000 {\"reason\":\"link_removed\"}"});
  // The directory's rows stay: accounts and history point at them.
  CHECK(rows(*f.connection, "pupils") == 2);
  CHECK(rows(*f.connection, "guardians") == 2);
}

TEST_CASE("Links of schools the import does not cover are left alone", "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const std::int64_t emilie = add_account(*f.connection, "R1", "e.dupont07", {"E1", "E2"});

  // Only the collège's files, and no link left there: the école (E2) is untouched.
  const char* schools =
      "uai;nom;commune;niveau\n0500048F;CLG LES COURTILS;MONTMARTIN-SUR-MER;college_lycee\n";
  const char* pupils = "id;uai;nom;prenom;date_naissance\nE1;0500048F;DUPONT;Albert;2012-03-14\n";
  const char* links = "id_responsable;id_eleve;representant_legal\n";
  const ImportReport report = run(*f.connection, files(schools, pupils, nullptr, links));
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(report.links_removed == 1);
  CHECK(report.access_removed == 1);
  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E2 oui", "R2-E2 non"});
  CHECK(children_seen(*f.connection, emilie) == std::vector<std::string>{"E2"});

  // Without a links file nothing is removed, whatever the import covers.
  const ImportReport without_links = run(*f.connection, files(kSchools, kPupils, nullptr, nullptr));
  REQUIRE(without_links.ok());
  CHECK(without_links.links_removed == 0);
  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E2 oui", "R2-E2 non"});
}

TEST_CASE("A guardian who is no longer the legal representative keeps the link but loses access",
          "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const std::int64_t emilie = add_account(*f.connection, "R1", "e.dupont07", {"E1", "E2"});

  const char* links = "id_responsable;id_eleve;representant_legal\nR1;E1;non\n";
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, nullptr, links));
  INFO(report.error_summary());
  REQUIRE(report.ok());
  CHECK(report.links_removed == 0);
  CHECK(report.access_removed == 1);
  CHECK(links_of(*f.connection) == std::vector<std::string>{"R1-E1 non", "R1-E2 oui", "R2-E2 non"});
  CHECK(children_seen(*f.connection, emilie) == std::vector<std::string>{"E2"});
  const auto audit = audit_of(*f.connection, "child_access_removed");
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].starts_with(std::to_string(emilie) + " R1 E1 "));
  CHECK(audit[0].ends_with(" {\"reason\":\"no_longer_legal_representative\"}"));
}

TEST_CASE("A refused re-import removes nothing", "[import]") {
  Fixture f;
  REQUIRE(run(*f.connection, files(kSchools, kPupils, kGuardians, kLinks)).ok());
  const std::int64_t emilie = add_account(*f.connection, "R1", "e.dupont07", {"E1", "E2"});
  const std::string before = dump(*f.connection);

  // R1–E2 would be removed and R1–E1 lose access, but the last row is wrong.
  const char* links =
      "id_responsable;id_eleve;representant_legal\n"
      "R1;E1;non\n"
      "R2;E2;non\n"
      "R9;E2;oui\n";
  const ImportReport report = run(*f.connection, files(nullptr, nullptr, nullptr, links));
  CHECK(report.errors == std::vector<std::string>{"links.csv, ligne 4 : responsable inconnu (« R9 ») : "
                                                  "absent de la base et des fichiers importés"});
  CHECK(report.links_removed == 0);
  CHECK(report.access_removed == 0);
  CHECK(dump(*f.connection) == before);
  CHECK(children_seen(*f.connection, emilie) == std::vector<std::string>{"E1", "E2"});
  CHECK(rows(*f.connection, "audit_log") == 0);

  // The same connection imports again afterwards (its work tables went with the rollback).
  REQUIRE(run(*f.connection, files(nullptr, nullptr, nullptr, kLinks)).ok());
}

TEST_CASE("Importing the same files again removes nothing", "[import]") {
  Fixture f;
  const ImportFiles all = files(kSchools, kPupils, kGuardians, kLinks);
  REQUIRE(run(*f.connection, all).ok());
  const std::int64_t emilie = add_account(*f.connection, "R1", "e.dupont07", {"E1", "E2"});
  const std::string before = dump(*f.connection);
  for (int time = 0; time < 2; ++time) {
    const ImportReport report = run(*f.connection, all);
    INFO(report.error_summary());
    REQUIRE(report.ok());
    CHECK(report.links == 3);
    CHECK(report.links_removed == 0);
    CHECK(report.access_removed == 0);
  }
  CHECK(dump(*f.connection) == before);
  CHECK(children_seen(*f.connection, emilie) == std::vector<std::string>{"E1", "E2"});
  CHECK(rows(*f.connection, "audit_log") == 0);
}
