#include "server/delivery/texts.h"

#include "server/delivery/outbox.h"
#include "shared/french_list.h"

namespace sesame::delivery {

namespace {

constexpr std::string_view kSmsSignature = "Sésame ENT : ";
constexpr std::string_view kChangeSubject = "Sésame ENT : modification de votre compte";

// The end of every SMS that carries a code.
std::string code_sms_tail(std::chrono::seconds validity) {
  return ". Il est valable " + validity_in_minutes(validity) + ". Ne le communiquez à personne.";
}

}  // namespace

std::string validity_in_minutes(std::chrono::seconds validity) {
  const auto minutes = std::chrono::ceil<std::chrono::minutes>(validity).count();
  return std::to_string(minutes) + (minutes > 1 ? " minutes" : " minute");
}

std::string activation_code_sms(std::string_view code, std::chrono::seconds validity) {
  return std::string(kSmsSignature) + "votre code de sécurité est " + std::string(code) +
         code_sms_tail(validity);
}

std::string phone_change_code_sms(std::string_view code, std::chrono::seconds validity) {
  return std::string(kSmsSignature) + "pour confirmer ce numéro sur votre compte, saisissez le code " +
         std::string(code) + code_sms_tail(validity);
}

std::string password_reset_code_sms(std::string_view code, std::chrono::seconds validity) {
  return std::string(kSmsSignature) + "pour choisir un nouveau mot de passe, saisissez le code " +
         std::string(code) + code_sms_tail(validity);
}

std::string identifiers_sms(const std::vector<std::string>& identifiers) {
  return std::string(kSmsSignature) +
         (identifiers.size() == 1 ? "l'identifiant de votre compte est " + identifiers.front() + "."
                                  : "les identifiants de vos comptes sont " + french_list(identifiers) + ".");
}

std::string email_change_code_email(std::string_view code, std::chrono::seconds validity) {
  return compose_email(
      "Sésame ENT : votre code de vérification",
      "Bonjour,\n\nPour confirmer cette adresse mail sur votre compte Sésame ENT, saisissez le code suivant "
      ":\n\n"
      "    " +
          std::string(code) + "\n\nCe code est valable " + validity_in_minutes(validity) +
          ". Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte n'est pas "
          "modifié.\n");
}

std::string identifiers_email(const std::vector<std::string>& identifiers) {
  const std::string sentence =
      identifiers.size() == 1
          ? "l'identifiant de votre compte Sésame ENT est :\n\n    " + identifiers.front()
          : "les identifiants de vos comptes Sésame ENT sont :\n\n    " + french_list(identifiers);
  return compose_email("Sésame ENT : votre identifiant",
                       "Bonjour,\n\nVous avez demandé votre identifiant : " + sentence +
                           "\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n");
}

std::string account_change_email(std::string_view identifier, AccountChange change) {
  // The subject and its participle agree: "L'adresse mail … modifiée".
  const char* what = change == AccountChange::email   ? "L'adresse mail"
                     : change == AccountChange::phone ? "Le numéro de téléphone portable"
                                                      : "Le mot de passe";
  const char* participle = change == AccountChange::email ? "modifiée" : "modifié";
  return compose_email(kChangeSubject,
                       "Bonjour,\n\n" + std::string(what) + " de votre compte Sésame ENT (identifiant " +
                           std::string(identifier) + ") vient d'être " + participle +
                           ".\n\nSi vous êtes à l'origine de cette modification, vous n'avez rien à faire. "
                           "Sinon, changez votre mot de passe depuis « Mot de passe oublié ? » et prévenez "
                           "l'établissement de votre enfant.\n");
}

std::string password_reset_email(std::string_view identifier) {
  return compose_email(
      kChangeSubject,
      "Bonjour,\n\nLe mot de passe de votre compte Sésame ENT (identifiant " + std::string(identifier) +
          ") vient d'être changé avec un code reçu par SMS.\n\nSi vous n'êtes pas à l'origine de "
          "cette modification, prévenez au plus vite l'établissement de votre enfant.\n");
}

std::string account_closed_email(std::string_view closed_identifier, std::string_view kept_identifier) {
  return compose_email("Sésame ENT : fermeture de votre compte",
                       "Bonjour,\n\nVotre compte Sésame ENT " + std::string(closed_identifier) +
                           " vient d'être fermé : ses élèves ont été ajoutés au compte " +
                           std::string(kept_identifier) +
                           ", avec votre mot de passe.\n\nSi vous n'êtes pas à l'origine de cette demande, "
                           "prévenez au plus vite l'établissement de votre enfant.\n");
}

std::string staff_invitation_email(std::string_view name, const std::vector<std::string>& schools,
                                   std::string_view link, std::chrono::seconds validity) {
  std::string listed;
  for (const std::string& school : schools) listed += "- " + school + "\n";
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(validity + std::chrono::minutes(59)).count();
  return compose_email(
      "Sésame ENT : votre accès à la console des établissements",
      "Bonjour,\n\nUn compte de personnel de Sésame ENT vous a été ouvert, au nom de " + std::string(name) +
          ", pour aider les familles de :\n" + listed +
          "\nPour l'activer, ouvrez ce lien dans les " + std::to_string(hours) +
          " heures, choisissez un mot de passe et associez une application d'authentification (sur votre "
          "téléphone) :\n" + std::string(link) +
          "\n\nCe lien ne sert qu'une fois. Si vous n'êtes pas à l'origine de cette demande ou ne connaissez pas "
          "ces établissements, ne l'ouvrez pas et prévenez l'administrateur de Sésame.\n");
}

}  // namespace sesame::delivery
