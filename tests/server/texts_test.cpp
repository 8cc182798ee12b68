// Every SMS and e-mail Sésame sends (server/delivery/texts.h), listed here in
// full: one place to read them, and the rules they all keep.
#include "server/delivery/texts.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "server/delivery/outbox.h"
#include "shared/utf8.h"

using namespace std::chrono_literals;
using namespace sesame::delivery;

namespace {

constexpr auto kValidity = std::chrono::seconds(30min);

// The GSM 03.38 default alphabet: a text made only of these fits 160 characters
// in one SMS; one other character (such as "ê" or "’") halves that to 70.
bool gsm7_only(const std::string& text) {
  static const std::u32string kAlphabet =
      U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
      U"abcdefghijklmnopqrstuvwxyzäöñüà";
  for (char32_t c : sesame::decode_utf8_lossy(text))
    if (kAlphabet.find(c) == std::u32string::npos) return false;
  return true;
}

struct Sms {
  const char* what;
  std::string text;
};

std::vector<Sms> every_sms() {
  return {
      {"activation code", activation_code_sms("123456", kValidity)},
      {"phone change code", phone_change_code_sms("123456", kValidity)},
      {"password reset code", password_reset_code_sms("123456", kValidity)},
      {"one identifier", identifiers_sms({"p.martin42"})},
      {"two identifiers", identifiers_sms({"p.martin42", "p.martin43"})},
  };
}

std::vector<EmailParts> every_email() {
  return {
      split_email(email_change_code_email("123456", kValidity)),
      split_email(identifiers_email({"p.martin42"})),
      split_email(identifiers_email({"p.martin42", "p.martin43", "p.martin44"})),
      split_email(account_change_email("p.martin42", AccountChange::email)),
      split_email(account_change_email("p.martin42", AccountChange::phone)),
      split_email(account_change_email("p.martin42", AccountChange::password)),
      split_email(password_reset_email("p.martin42")),
      split_email(account_closed_email("p.martin43", "p.martin42")),
      split_email(staff_invitation_email("Claire Martin", {"CLG LES COURTILS (MONTMARTIN-SUR-MER)"},
                                         "https://ent.example.fr/#/personnel/invitation/abc", std::chrono::hours(72))),
  };
}

}  // namespace

TEST_CASE("The SMS, word for word", "[texts]") {
  CHECK(activation_code_sms("123456", kValidity) ==
        "Sésame ENT : votre code de sécurité est 123456. Il est valable 30 minutes. Ne le communiquez à "
        "personne.");
  CHECK(phone_change_code_sms("123456", kValidity) ==
        "Sésame ENT : pour confirmer ce numéro sur votre compte, saisissez le code 123456. Il est valable "
        "30 minutes. Ne le communiquez à personne.");
  CHECK(password_reset_code_sms("123456", kValidity) ==
        "Sésame ENT : pour choisir un nouveau mot de passe, saisissez le code 123456. Il est valable 30 "
        "minutes. "
        "Ne le communiquez à personne.");
  CHECK(identifiers_sms({"p.martin42"}) == "Sésame ENT : l'identifiant de votre compte est p.martin42.");
  CHECK(identifiers_sms({"p.martin42", "p.martin43", "p.martin44"}) ==
        "Sésame ENT : les identifiants de vos comptes sont p.martin42, p.martin43 et p.martin44.");
}

TEST_CASE("Every SMS is signed and fits one message of the GSM alphabet", "[texts]") {
  for (const Sms& sms : every_sms()) {
    INFO(sms.what << ": " << sms.text);
    CHECK(sms.text.starts_with("Sésame ENT : "));
    CHECK(gsm7_only(sms.text));
    CHECK(sesame::decode_utf8_lossy(sms.text).size() <= 160);
  }
}

TEST_CASE("Every e-mail has a subject, greets, and says what to do if the parent did not ask", "[texts]") {
  for (const EmailParts& email : every_email()) {
    INFO(email.subject << "\n" << email.text);
    CHECK(email.subject.starts_with("Sésame ENT : "));
    CHECK(email.text.starts_with("Bonjour,\n\n"));
    CHECK(email.text.ends_with(".\n"));
    CHECK(email.text.find("à l'origine de cette") != std::string::npos);
  }
}

TEST_CASE("The e-mails, word for word where it matters", "[texts]") {
  const EmailParts code = split_email(email_change_code_email("654321", kValidity));
  CHECK(code.subject == "Sésame ENT : votre code de vérification");
  CHECK(code.text.find("saisissez le code suivant :\n\n    654321\n\nCe code est valable 30 minutes.") !=
        std::string::npos);

  const EmailParts email = split_email(account_change_email("p.martin42", AccountChange::email));
  CHECK(email.subject == "Sésame ENT : modification de votre compte");
  CHECK(email.text.find(
            "L'adresse mail de votre compte Sésame ENT (identifiant p.martin42) vient d'être modifiée.") !=
        std::string::npos);
  CHECK(split_email(account_change_email("p.martin42", AccountChange::phone))
            .text.find(
                "Le numéro de téléphone portable de votre compte Sésame ENT (identifiant p.martin42) vient "
                "d'être modifié.") != std::string::npos);
  CHECK(
      split_email(account_change_email("p.martin42", AccountChange::password))
          .text.find(
              "Le mot de passe de votre compte Sésame ENT (identifiant p.martin42) vient d'être modifié.") !=
      std::string::npos);

  const EmailParts closed = split_email(account_closed_email("p.martin43", "p.martin42"));
  CHECK(closed.subject == "Sésame ENT : fermeture de votre compte");
  CHECK(closed.text.find(
            "Votre compte Sésame ENT p.martin43 vient d'être fermé : ses élèves ont été ajoutés au "
            "compte p.martin42") != std::string::npos);

  const EmailParts identifiers = split_email(identifiers_email({"p.martin42", "p.martin43"}));
  CHECK(identifiers.subject == "Sésame ENT : votre identifiant");
  CHECK(identifiers.text.find(
            "les identifiants de vos comptes Sésame ENT sont :\n\n    p.martin42 et p.martin43") !=
        std::string::npos);
}

TEST_CASE("A code's validity is said in whole minutes, never less than it lasts", "[texts]") {
  CHECK(validity_in_minutes(30min) == "30 minutes");
  CHECK(validity_in_minutes(std::chrono::seconds(90)) == "2 minutes");
  CHECK(validity_in_minutes(std::chrono::seconds(60)) == "1 minute");
  CHECK(validity_in_minutes(std::chrono::seconds(5)) == "1 minute");
  CHECK(phone_change_code_sms("123456", std::chrono::seconds(60)).find("Il est valable 1 minute.") !=
        std::string::npos);
}
