// The pupils' first sign-in letters (server/letters/letters.h): their French
// text in full, then the PDF itself, read back with poppler's pdfinfo and
// pdftotext as a person's viewer would show it.
#include "server/letters/letters.h"

#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "shared/names.h"
#include "shared/password.h"
#include "shared/utf8.h"
#include "tests/server/support.h"

using sesame::letters::Letter;
using sesame::letters::letter_paragraphs;
using sesame::letters::letter_text;
using sesame::letters::Style;
using sesame::letters::write_letters_pdf;
using sesame::testing::CommandResult;
using sesame::testing::TempDir;
using sesame::testing::run_command;

namespace {

Letter albert() {
  return {.school_name = "CLG LES COURTILS",
          .school_city = "MONTMARTIN-SUR-MER",
          .school_uai = "0500048F",
          .first_name = "Albert",
          .last_name = "Dupont",
          .class_name = "4e B",
          .identifier = "a.dupont07",
          .temporary_password = "k7mq-x3fp-9wtd",
          .expires_on = {2027, 3, 14},
          .address = "https://ent.example.fr/"};
}

Letter zoe() {
  Letter letter = albert();
  letter.first_name = "Zoé";
  letter.last_name = "Lefèvre";
  letter.class_name = "6e A";
  letter.identifier = "z.lefevre12";
  letter.temporary_password = "p4nx-7hjc-w2ke";
  return letter;
}

Letter jeanne() {
  Letter letter = albert();
  letter.first_name = "Jeanne";
  letter.last_name = "D’Angelo";
  letter.class_name.reset();
  letter.identifier = "j.dangelo03";
  letter.temporary_password = "r8tb-q2zv-m5hy";
  return letter;
}

// French typography: a no-break space before ":" and "?", inside « ».
const std::string kNbsp = "\u00A0";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using Run = CommandResult;
Run run(const std::string& command) { return run_command(command); }

std::string quoted(const std::filesystem::path& path) {
  std::string text = "'";
  for (char c : path.string()) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return text + "'";
}

std::string pdfinfo(const std::filesystem::path& pdf) {
  const Run info = run("pdfinfo " + quoted(pdf) + " 2>&1");
  INFO(info.output);
  REQUIRE(info.status == 0);  // poppler-utils is installed by scripts/deps.sh
  return info.output;
}

// Runs of spaces and line breaks as one space: a sentence reads whole wherever
// the page wraps it, and the box's label and value are one space apart.
std::string flattened(const std::string& text) {
  std::string flat;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space)
      flat += c;
    else if (!flat.empty() && flat.back() != ' ')
      flat += ' ';
  }
  return flat;
}

// The text of each page, as `pdftotext -layout` lays it out (pages end with a
// form feed), flattened.
std::vector<std::string> pdf_pages(const std::filesystem::path& pdf) {
  const Run text = run("pdftotext -layout -enc UTF-8 " + quoted(pdf) + " - 2>&1");
  INFO(text.output);
  REQUIRE(text.status == 0);
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t end; (end = text.output.find('\f', start)) != std::string::npos; start = end + 1) {
    pages.push_back(flattened(text.output.substr(start, end - start)));
  }
  return pages;
}

}  // namespace

TEST_CASE("A letter says, in French, who it is for, the credentials and the steps", "[letters]") {
  const std::vector<std::string> expected = {
      "CLG LES COURTILS",
      "MONTMARTIN-SUR-MER",
      "UAI" + kNbsp + ": 0500048F",
      "Votre compte ÉduConnect",
      "Voici votre identifiant et votre mot de passe provisoire pour vous connecter pour la première fois à "
      "l’ENT, l’espace numérique de travail de votre établissement.",
      "Élève" + kNbsp + ": Albert DUPONT",
      "Classe" + kNbsp + ": 4e B",
      "Identifiant" + kNbsp + ": a.dupont07",
      "Mot de passe provisoire" + kNbsp + ": k7mq-x3fp-9wtd",
      "Ce mot de passe provisoire est valable jusqu’au 14/03/2027 et ne sert qu’une fois. Les tirets et les majuscules ne comptent "
      "pas.",
      "Pour votre première connexion",
      "1. Dans un navigateur, ouvrez l’adresse https://ent.example.fr/",
      "2. Choisissez «" + kNbsp + "Élève" + kNbsp +
          "», puis connectez-vous avec l’identifiant et le mot de passe provisoire ci-dessus.",
      "3. Confirmez votre date de naissance.",
      "4. Choisissez votre nouveau mot de passe. Il doit contenir" + kNbsp + ":",
      "• 1 majuscule",
      "• 1 minuscule",
      "• 1 chiffre",
      "• 1 caractère spécial parmi ! ? @ # $ % & ' * < > = \u03BC / . ; :",
      "• 8 caractères minimum",
      "Ensuite, connectez-vous avec le même identifiant et votre nouveau mot de passe.",
      "Gardez cette lettre en lieu sûr" + kNbsp + ": ne communiquez votre mot de passe à personne.",
      "Mot de passe oublié" + kNbsp +
          "? Demandez un nouveau mot de passe provisoire à l’un de vos parents (depuis son compte ENT) ou à "
          "votre établissement.",
  };
  CHECK(letter_text(albert()) == expected);

  SECTION("the password rules are the password screen's checklist, without its \"Doit contenir\"") {
    using sesame::PasswordRule;
    const std::vector<std::string> text = letter_text(albert());
    for (PasswordRule rule : {PasswordRule::Uppercase, PasswordRule::Lowercase, PasswordRule::Digit,
                              PasswordRule::Special, PasswordRule::MinLength}) {
      const std::string label = sesame::password_rule_label(rule);
      REQUIRE(label.starts_with("Doit contenir "));
      CHECK(std::find(text.begin(), text.end(), "• " + label.substr(14)) != text.end());
    }
  }

  SECTION("without a class, the class line is left out and nothing else changes") {
    Letter letter = albert();
    letter.class_name.reset();
    std::vector<std::string> without = expected;
    without.erase(without.begin() + 6);
    CHECK(letter_text(letter) == without);
    letter.class_name = " ";
    CHECK(letter_text(letter) == without);
  }

  SECTION("the last name is upper-cased with its accents") {
    CHECK(letter_text(zoe())[5] == "Élève" + kNbsp + ": Zoé LEFÈVRE");
    CHECK(letter_text(jeanne())[5] == "Élève" + kNbsp + ": Jeanne D’ANGELO");
  }

  SECTION("what is typed or looked for is set apart: name, identifier, password, date, address") {
    std::vector<std::string> emphasized;
    for (const auto& paragraph : letter_paragraphs(albert())) {
      for (const auto& span : paragraph.spans)
        if (span.emphasis) emphasized.push_back(span.text);
    }
    CHECK(emphasized == std::vector<std::string>{"Albert DUPONT", "4e B", "a.dupont07", "k7mq-x3fp-9wtd",
                                                 "14/03/2027", "https://ent.example.fr/",
                                                 "! ? @ # $ % & ' * < > = \u03BC / . ; :"});
    const auto paragraphs = letter_paragraphs(albert());
    CHECK(std::count_if(paragraphs.begin(), paragraphs.end(),
                        [](const auto& p) { return p.style == Style::Credential; }) == 2);
  }

  SECTION("the school's data is printed as text: no control character, no invalid UTF-8") {
    Letter letter = albert();
    letter.first_name = "Al\tbert\n";
    letter.last_name = "Du\xC3pont";
    CHECK(letter_text(letter)[5] == "Élève" + kNbsp + ": Al bert DU\uFFFDPONT");
  }
}

TEST_CASE("The letters are one A4 PDF, one page per pupil, readable as text", "[letters]") {
  TempDir dir;
  const auto pdf = dir / "lettres 4e B.pdf";
  write_letters_pdf({albert(), zoe(), jeanne()}, pdf);

  const std::string info = pdfinfo(pdf);
  CHECK(contains(info, "Pages:           3\n"));
  CHECK(contains(info, "Page size:       595.28 x 841.89 pts (A4)"));
  CHECK(contains(info, "Title:           Lettres de première connexion – CLG LES COURTILS"));

  const std::vector<std::string> pages = pdf_pages(pdf);
  REQUIRE(pages.size() == 3);
  const std::vector<Letter> letters = {albert(), zoe(), jeanne()};
  const std::vector<std::string> names = {"Albert DUPONT", "Zoé LEFÈVRE", "Jeanne D’ANGELO"};
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const std::string& page = pages[i];
    INFO("page " << i + 1 << ":\n" << page);
    CHECK(contains(page, "CLG LES COURTILS"));
    CHECK(contains(page, "MONTMARTIN-SUR-MER"));
    CHECK(contains(page, "0500048F"));
    CHECK(contains(page, "Votre compte ÉduConnect"));
    CHECK(contains(page, "Élève : " + names[i] + " "));  // pdftotext writes the no-break space as a space
    CHECK(contains(page, letters[i].identifier));
    CHECK(contains(page, letters[i].temporary_password));
    CHECK(contains(page, "Identifiant : " + letters[i].identifier));
    CHECK(contains(page, "Mot de passe provisoire : " + letters[i].temporary_password));
    CHECK(
        contains(page, "Ce mot de passe provisoire est valable jusqu’au 14/03/2027 et ne sert qu’une fois."));
    CHECK(contains(page, "1. Dans un navigateur, ouvrez l’adresse https://ent.example.fr/ 2."));
    CHECK(contains(page,
                   "2. Choisissez « Élève », puis connectez-vous avec l’identifiant et le mot de passe "
                   "provisoire ci-dessus."));
    CHECK(contains(page, "3. Confirmez votre date de naissance."));
    CHECK(contains(page, "• 1 caractère spécial parmi ! ? @ # $ % & ' * < > = \u03BC / . ; :"));
    CHECK(contains(page, "Gardez cette lettre en lieu sûr : ne communiquez votre mot de passe à personne."));
    CHECK(contains(page,
                   "Mot de passe oublié ? Demandez un nouveau mot de passe provisoire à l’un de vos "
                   "parents (depuis son compte ENT) ou à votre établissement."));
    CHECK(contains(page, "Classe : ") == letters[i].class_name.has_value());
    for (std::size_t other = 0; other < letters.size(); ++other) {
      if (other != i) CHECK_FALSE(contains(page, letters[other].identifier));
    }
  }
  CHECK(contains(pages[0], "Classe : 4e B "));
  CHECK(contains(pages[1], "Classe : 6e A "));
  CHECK_FALSE(std::filesystem::exists(dir / "lettres 4e B.pdf.part"));
}

TEST_CASE("Very long names and addresses still fit on the pupil's page", "[letters]") {
  TempDir dir;
  Letter letter = albert();
  letter.school_name = "LYCEE GENERAL ET TECHNOLOGIQUE PRIVE NOTRE-DAME DE LA PROVIDENCE ET SAINT-JOSEPH";
  // kNameMaxLength (64) code points each, the longest that check_person_name accepts.
  letter.first_name = "Marie-Éléonore Françoise Anne-Sophie Ægidiane Bérénice Gwenaëlle";
  letter.last_name = "de La Tour d’Auvergne-Lauragais-Montmorency-Lavallé-Rohan-Chabot";
  REQUIRE(sesame::count_code_points(letter.first_name) == sesame::kNameMaxLength);
  REQUIRE(sesame::count_code_points(letter.last_name) == sesame::kNameMaxLength);
  letter.class_name = "Terminale STMG 2 option gestion et finance";
  letter.identifier = "m.delatourdauvergnelau123";  // the longest identifier: 20 letters of the name
  letter.address =
      "https://ent.tres-long-nom-de-domaine-academique.example.fr/connexion?profil=eleve&uai=0500048F";
  write_letters_pdf({letter, albert()}, dir / "long.pdf");

  CHECK(contains(pdfinfo(dir / "long.pdf"), "Pages:           2\n"));
  const std::vector<std::string> pages = pdf_pages(dir / "long.pdf");
  REQUIRE(pages.size() == 2);
  INFO(pages[0]);
  CHECK(contains(pages[0], "Identifiant : m.delatourdauvergnelau123 "));  // on one line, not broken
  CHECK(contains(pages[0], "ou à votre établissement."));                 // the last line is on the page
}

TEST_CASE("Writing the letters fails with a reason and leaves no file behind", "[letters]") {
  TempDir dir;

  SECTION("a folder that does not exist") {
    const auto pdf = dir / "missing" / "letters.pdf";
    CHECK_THROWS_AS(write_letters_pdf({albert()}, pdf), std::runtime_error);
    CHECK_THROWS_WITH(write_letters_pdf({albert()}, pdf), Catch::Contains("letters.pdf"));
    CHECK_FALSE(std::filesystem::exists(dir / "missing"));
  }

  SECTION("no letter") {
    CHECK_THROWS_AS(write_letters_pdf({}, dir / "none.pdf"), std::runtime_error);
    CHECK_FALSE(std::filesystem::exists(dir / "none.pdf"));
  }

  SECTION("a letter whose text cannot fit on one page; the previous file stays") {
    sesame::testing::write_file(dir / "letters.pdf", "previous");
    Letter letter = albert();
    letter.school_name = std::string(3000, 'A') + " B";
    CHECK_THROWS_WITH(write_letters_pdf({albert(), letter}, dir / "letters.pdf"),
                      Catch::Contains("a.dupont07") && Catch::Contains("one page"));
    CHECK(std::filesystem::file_size(dir / "letters.pdf") == 8);
    CHECK_FALSE(std::filesystem::exists(dir / "letters.pdf.part"));
  }

  SECTION("an existing file is replaced") {
    sesame::testing::write_file(dir / "letters.pdf", "previous");
    write_letters_pdf({albert()}, dir / "letters.pdf");
    CHECK(contains(pdfinfo(dir / "letters.pdf"), "Pages:           1\n"));
  }
}
