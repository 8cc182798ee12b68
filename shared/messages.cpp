#include "shared/messages.h"

#include <algorithm>
#include <string>

#include "shared/utf8.h"

namespace sesame {

namespace {

constexpr const char* kUnknownCodeMessage =
    "Une erreur s'est produite. Réessayez dans quelques instants ou contactez l'établissement.";

constexpr CodedMessage kCatalogue[] = {
    // Transport and request shape.
    {"invalid_json", "La demande est illisible : son contenu n'est pas du JSON valide."},
    {"invalid_utf8", "La demande contient des caractères illisibles (le texte n'est pas en UTF-8)."},
    {"body_too_large", "La demande est trop volumineuse."},
    {"unsupported_media_type", "La demande doit être envoyée au format JSON."},
    {"bad_request", "La demande est mal formée et n'a pas pu être lue."},
    {"length_required", "La demande doit indiquer la taille de son contenu."},
    {"forbidden_origin", "Cette demande ne provient pas du site de l'ENT : elle a été refusée par sécurité."},
    {"not_found", "Cette page n'existe pas."},
    {"method_not_allowed", "Cette opération n'est pas possible à cette adresse."},
    {"invalid_body", "Le contenu de la demande doit être un objet JSON."},
    {"missing_field", "Un champ obligatoire est manquant."},
    {"invalid_field_type", "Un champ n'a pas le type attendu."},
    {"invalid_field_value", "Un champ a une valeur non valide."},
    {"internal_error", "Une erreur inattendue s'est produite. Réessayez dans quelques instants."},
    {"service_unavailable", "Le service est momentanément indisponible. Réessayez dans quelques instants."},
    {"request_timeout",
     "La demande est arrivée trop lentement et n'a pas pu être lue. Vérifiez votre connexion et réessayez."},

    // Session and flows.
    {"not_authenticated", "Votre session a expiré ou vous n'êtes pas connecté. Connectez-vous à nouveau."},
    {"invalid_credentials", "Identifiant ou mot de passe incorrect."},
    {"invalid_current_password", "Le mot de passe actuel est incorrect."},
    {"same_account",
     "Cet identifiant est celui du compte auquel vous êtes connecté : indiquez l'identifiant de votre autre "
     "compte."},
    {"too_many_attempts", "Trop de tentatives de connexion. Patientez quelques minutes avant de réessayer."},
    {"too_many_requests", "Trop de demandes en peu de temps. Patientez un instant avant de réessayer."},
    {"invalid_code", "Le code de sécurité est incorrect. Vérifiez le code reçu et réessayez."},
    {"flow_expired", "Cette démarche a expiré. Recommencez depuis le début."},
    {"flow_locked",
     "Trop d'essais : cette démarche est bloquée. Recommencez depuis le début ou contactez l'établissement."},
    {"flow_completed",
     "Cette démarche est déjà terminée. Connectez-vous avec votre identifiant, ou recommencez-la si besoin."},
    {"flow_step_out_of_order",
     "Cette étape n'est pas encore disponible : terminez d'abord l'étape précédente."},
    {"birth_date_mismatch", "La date de naissance ne correspond pas à celle que l'établissement connaît."},
    {"temporary_password_expired",
     "Ce mot de passe provisoire a expiré. Demandez-en un nouveau à l'un de vos parents (depuis son compte) ou "
     "à votre établissement."},
    {"first_sign_in_locked",
     "Trop d'essais : ce mot de passe provisoire ne peut plus servir. Demandez-en un nouveau à l'un de vos "
     "parents (depuis son compte) ou à votre établissement."},
    {"parents_only",
     "Cette page est réservée aux représentants légaux : connectez-vous avec votre compte de parent."},
    {"child_not_confirmed",
     "Vous pouvez donner un mot de passe provisoire seulement à un enfant rattaché à votre compte dont vous "
     "êtes le représentant légal."},
    {"child_account_disabled",
     "Le compte de cet élève est désactivé : il n'est plus inscrit dans un établissement de l'ENT."},
    // School staff (docs/api.md, "Staff console").
    {"staff_only", "Cet espace est réservé aux personnels des établissements : connectez-vous avec votre compte "
                   "de personnel."},
    {"invitation_unknown",
     "Ce lien d'invitation n'est pas valable. Vérifiez qu'il est complet ou demandez-en un nouveau."},
    {"invitation_expired",
     "Ce lien d'invitation a expiré : il est valable 72 heures. Demandez-en un nouveau à l'administrateur de "
     "Sésame."},
    {"invitation_used",
     "Ce lien d'invitation a déjà servi. Connectez-vous avec votre adresse mail, votre mot de passe et votre "
     "application d'authentification."},
    {"invalid_totp_code",
     "Ce code n'est pas le bon. Saisissez les 6 chiffres affichés en ce moment par votre application "
     "d'authentification."},
    {"totp_code_reused",
     "Ce code a déjà servi. Attendez le code suivant de votre application : il change toutes les 30 secondes."},
    {"invalid_recovery_code", "Ce code de secours n'est pas valable ou a déjà servi."},
    {"second_factor_required", "Saisissez le code de votre application d'authentification ou un code de secours."},
    {"person_not_found", "Cette personne n'est pas inscrite dans un établissement dont vous avez la charge."},
    {"school_not_yours", "Cet établissement ne fait pas partie de ceux dont vous avez la charge."},
    {"class_not_found",
     "Aucun élève de cette classe n'attend sa première connexion : la classe n'existe pas dans cet établissement, "
     "ou tous ses élèves ont déjà activé leur compte."},
    {"no_account", "Cette personne n'a pas encore de compte : il n'y a rien à débloquer ni à fermer."},
    {"account_already_active",
     "Ce responsable a déjà activé son compte : il se connecte avec son identifiant. S'il a oublié son mot de "
     "passe, il choisit « Mot de passe oublié ? » sur l'écran de connexion."},
    {"invalid_search", "Saisissez au moins 2 lettres du nom ou du prénom, ou choisissez une classe."},
    {"no_child_confirmed", "Confirmez être le représentant légal d'au moins un élève pour continuer."},
    {"email_not_verified",
     "Votre adresse mail n'est pas renseignée ou pas encore vérifiée : sans elle, vous ne pourrez pas "
     "retrouver votre identifiant par mail."},
    {"contact_required", "Indiquez votre numéro de téléphone portable ou votre adresse mail."},
    {"email_required", "Indiquez votre adresse mail."},
    {"invalid_email", "L'adresse mail n'est pas valide. Elle s'écrit par exemple prenom.nom@exemple.fr."},
    {"invalid_phone", "Le numéro de téléphone portable n'est pas valide."},

    // FranceConnect: the callback's failures, shown on the client's #/franceconnect/echec/<code>.
    {"franceconnect_state_mismatch",
     "La connexion avec FranceConnect n'a pas pu être vérifiée (demande expirée ou déjà utilisée). "
     "Recommencez depuis le bouton « S'identifier avec FranceConnect »."},
    {"franceconnect_denied", "Vous avez annulé la connexion avec FranceConnect."},
    {"franceconnect_provider_error",
     "FranceConnect n'a pas pu vous identifier. Réessayez, ou connectez-vous avec votre compte ÉduConnect."},
    {"franceconnect_unavailable",
     "FranceConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec "
     "votre compte ÉduConnect."},
    {"franceconnect_invalid_answer",
     "La réponse de FranceConnect n'a pas pu être lue. Recommencez depuis le bouton « S'identifier avec "
     "FranceConnect »."},
    {"franceconnect_invalid_token",
     "L'identité transmise par FranceConnect n'a pas pu être vérifiée : par sécurité, la connexion est refusée."},
    {"franceconnect_already_linked",
     "Cette identité FranceConnect est déjà liée à un autre compte. Connectez-vous avec FranceConnect pour "
     "accéder à ce compte."},
    {"franceconnect_already_active", "La connexion avec FranceConnect est déjà activée pour votre compte."},

    // Password (shared/password.h).
    {"password_policy", "Le mot de passe ne respecte pas toutes les règles indiquées."},
    {"password_mismatch", "Les deux mots de passe ne sont pas identiques."},
    {"password_invalid_text", "Le mot de passe contient des caractères illisibles. Retapez-le."},
    {"password_control_character",
     "Le mot de passe contient un caractère invisible (tabulation, retour à la ligne…). Retapez-le sans ce "
     "caractère."},
    {"password_too_long", "Le mot de passe est trop long : 128 caractères au maximum."},

    // Mobile phone (shared/phone.h).
    {"phone_required", "Indiquez votre numéro de téléphone portable."},
    {"phone_invalid_characters",
     "Le numéro ne doit contenir que des chiffres, éventuellement séparés par des espaces, des points ou des "
     "tirets, par exemple 06 12 34 56 78."},
    {"phone_too_short",
     "Le numéro est trop court : un numéro de portable compte 10 chiffres, par exemple 06 12 34 56 78."},
    {"phone_too_long",
     "Le numéro est trop long : un numéro de portable compte 10 chiffres, par exemple 06 12 34 56 78."},
    {"phone_landline",
     "Ce numéro est un numéro de téléphone fixe. Indiquez votre numéro de téléphone portable (06 ou 07)."},
    {"phone_not_mobile",
     "Ce numéro n'est pas un numéro de téléphone portable. Indiquez votre numéro de téléphone portable (06 "
     "ou "
     "07)."},
    {"phone_unsupported_country",
     "Seuls les numéros de portable français sont acceptés (métropole, La Réunion, Mayotte, Guadeloupe, "
     "Saint-Martin, Saint-Barthélemy, Guyane et Martinique)."},

    // Dates (shared/date.h).
    {"date_required", "Indiquez la date au format JJ MM AAAA, par exemple 14 03 2012."},
    {"date_invalid_format", "Indiquez la date au format JJ MM AAAA, par exemple 14 03 2012."},
    {"date_two_digit_year",
     "Indiquez l'année sur 4 chiffres : la date s'écrit JJ MM AAAA, par exemple 14 03 2012."},
    {"date_invalid_day", "Cette date n'existe pas : le jour doit être compris entre 01 et 31."},
    {"date_invalid_month", "Cette date n'existe pas : le mois doit être compris entre 01 et 12."},
    {"date_invalid_year", "Cette date n'existe pas : l'année doit être comprise entre 0001 et 9999."},
    {"birth_date_in_future", "La date de naissance ne peut pas être dans le futur."},
    {"birth_date_too_recent", "Cette date de naissance est trop récente pour un élève. Vérifiez l'année."},
    {"birth_date_too_old", "Cette date de naissance est trop ancienne pour un élève. Vérifiez l'année."},

    // Names (shared/names.h).
    {"name_required", "Indiquez le nom."},
    {"name_invalid_text", "Le nom contient des caractères illisibles. Retapez-le."},
    {"name_too_long", "Le nom est trop long : 64 caractères au maximum."},
    {"name_invalid_characters",
     "Le nom contient des caractères non autorisés. Utilisez uniquement des lettres, des espaces, des traits "
     "d'union, des apostrophes et des points."},
    {"name_no_letter", "Le nom doit contenir au moins une lettre."},

    // Identifier (shared/identifier.h).
    {"identifier_required", "Indiquez votre identifiant."},
    {"identifier_invalid_format", "L'identifiant s'écrit au format p.nomXX, par exemple e.dupont07."},
    {"identifier_unavailable", "Aucun identifiant n'a pu être créé pour ce nom. Contactez l'établissement."},

    // School code (shared/uai.h).
    {"uai_required", "Indiquez le code UAI de l'établissement, par exemple 0500048F."},
    {"uai_invalid_format", "Le code UAI compte 7 chiffres suivis d'une lettre, par exemple 0500048F."},
    {"uai_invalid_check_letter",
     "Ce code UAI n'existe pas : la lettre ne correspond pas aux chiffres. Vérifiez-le sur les documents de "
     "l'établissement."},
};

const CodedMessage* find_message(std::string_view code) {
  const auto it = std::find_if(std::begin(kCatalogue), std::end(kCatalogue),
                               [&](const CodedMessage& entry) { return entry.code == code; });
  return it == std::end(kCatalogue) ? nullptr : it;
}

}  // namespace

std::span<const CodedMessage> message_catalogue() { return kCatalogue; }

bool has_french_message(std::string_view code) { return find_message(code) != nullptr; }

const char* french_message(std::string_view code) {
  const CodedMessage* entry = find_message(code);
  return entry ? entry->message : kUnknownCodeMessage;
}

FieldError field_error(std::string_view code) { return FieldError{std::string(code), french_message(code)}; }

std::string refused_characters_phrase(std::u32string_view refused) {
  constexpr std::size_t kMaxShown = 5;
  std::u32string shown;
  bool invisible = false;
  for (char32_t cp : refused) {
    if (is_control_character(cp) || is_unicode_space(cp)) {
      invisible = true;
    } else if (shown.find(cp) == std::u32string::npos && shown.size() < kMaxShown) {
      shown.push_back(cp);
    }
  }
  if (shown.empty()) return "un caractère invisible non autorisé";

  std::string out =
      shown.size() == 1 && !invisible ? "un caractère non autorisé : " : "des caractères non autorisés : ";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (i > 0) out += ", ";
    out += "« ";
    append_utf8(out, shown[i]);
    out += " »";
  }
  if (invisible) out += " et un caractère invisible";
  return out;
}

}  // namespace sesame
