#pragma once
// The letter a school hands each pupil for their first sign-in (or a parent
// without a usable mobile for theirs): the identifier,
// the temporary password, until when it works and the steps to follow. One A4
// page per pupil, all the letters of a class or a school in one PDF to print.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/date.h"

namespace sesame::letters {

// Who a letter is for: a pupil (their first sign-in), or a legal
// representative the school helps to create their account without a mobile.
enum class Recipient { pupil, parent };

struct Letter {
  std::string school_name;                // "CLG LES COURTILS"
  std::string school_city;                // "MONTMARTIN-SUR-MER"
  std::string school_uai;                 // "0500048F"
  std::string first_name;                 // "Albert"
  std::string last_name;                  // "Dupont": printed upper-cased, "DUPONT"
  std::optional<std::string> class_name;  // "4e B", when known
  std::string identifier;                 // "a.dupont07"
  std::string temporary_password;         // "k7mq-x3fp-9wtd": printed as given
  Date expires_on;                        // printed "14/03/2027"
  std::string address;                    // "https://ent.example.fr/": where to sign in
  Recipient recipient = Recipient::pupil;  // a parent: first_name and last_name are the parent's
  std::vector<std::string> children = {};  // a parent's: "Albert DUPONT (4e B)", to confirm at first sign-in
};

// How a paragraph is set on the page.
enum class Style {
  SchoolName,    // the header: "CLG LES COURTILS"
  SchoolDetail,  // the header's next lines: city, UAI
  Title,         // "Votre compte ÉduConnect"
  Intro,         // what the letter is for
  Pupil,         // "Élève : …", "Classe : …"
  Credential,    // in the box: identifier and temporary password, monospace and large
  Validity,      // under the box: until when the temporary password works
  Heading,       // "Pour votre première connexion"
  Step,          // a numbered step; its marker is "1.", "2.", …
  Rule,          // a password rule under the last step; its marker is "•"
  Body,          // plain text
  Important,     // what to keep in mind, set apart
  Note,          // the last line: what to do when the password is forgotten
};

// A run of a paragraph's text. An emphasized run is what the reader must
// find or type (a name, the identifier, the address, a date): bold, or
// monospace for what is typed.
struct Span {
  std::string text;
  bool emphasis = false;
};

// One paragraph of a letter: UTF-8 without markup.
struct Paragraph {
  Style style;
  std::string marker;  // "1." for a step, "•" for a rule, else empty
  std::vector<Span> spans;

  // What a reader sees: the marker, a space, then the runs.
  std::string text() const;
};

// The letter's paragraphs in page order, in French: what the PDF shows, so
// that its wording can be checked without reading a PDF. The fields are
// printed as text: a control character becomes a space, invalid UTF-8 U+FFFD.
std::vector<Paragraph> letter_paragraphs(const Letter& letter);
// The same paragraphs as plain text, one string each (heading first).
std::vector<std::string> letter_text(const Letter& letter);

// Writes every letter into one PDF at `path`, one A4 portrait page each, in
// the order given, with one bookmark per pupil ("DUPONT Albert (4e B)"). A
// letter with very long names has its blank space tightened to stay on its
// page. The pages are written to `path` + ".part" and renamed over `path` once
// complete, so that a failure never leaves a half-written PDF at `path`.
// Throws std::runtime_error (in English) when there is no letter, when the
// file cannot be written, when Cairo reports an error, or when a letter's text
// cannot fit on one page even tightened.
void write_letters_pdf(const std::vector<Letter>& letters, const std::filesystem::path& path);
// The same PDF in memory (the staff console answers it over HTTP).
std::string letters_pdf(const std::vector<Letter>& letters);

}  // namespace sesame::letters
