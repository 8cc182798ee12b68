#pragma once
// What can happen to the client: the parent's actions, the server's answers, the
// browser's navigation. The platform and the UI turn their input into these.
#include <optional>
#include <string>
#include <variant>

#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web {

// The platform's monotonic clock, in milliseconds: sent before every other event
// and every frame, so the state knows the time its countdowns are measured in.
struct ClockTicked {
  double now_ms = 0;
};
struct AppStarted {
  std::string route;                             // location.hash at load: "#/profil", "" ...
  std::optional<std::string> remembered_choice;  // what storage holds under kRememberedChoiceKey
};
struct RouteChanged {
  std::string route;  // the browser's back/forward button or an edited address
};
struct HttpAnswered {
  RequestKind kind;
  int status = 0;  // 0: no answer (network down, timeout)
  std::string body;
};
struct ProfilePicked {
  std::string code;
};
struct LevelPicked {
  std::string code;
};
struct RememberPicked {
  bool remember = false;
};
struct ConnectPressed {};
struct RetryConfigPressed {};
struct BackPressed {};
struct EduConnectRolePicked {
  EduConnectRole role = EduConnectRole::None;
};

// Text typed into a form field (the whole new value).
struct FieldEdited {
  Field field;
  std::string value;
  int index = 0;  // which child, for ChildBirthDate
};
struct PasswordShownToggled {};
struct SignInPressed {};
struct NoAccountPressed {};          // "Je n'ai pas de compte"
struct DialCodePicked {              // the country selector of the mobile number
  std::string dial_code;             // "+33", "+262"…
};
struct IdentitySubmitted {};         // "Suivant" on "Je confirme mon identité"
struct CodeSubmitted {};             // "Valider" the SMS code
struct ResendPressed {};             // "Renvoyer le SMS"
struct GuardianAnswered {            // "Je suis / Je ne suis pas le représentant légal de cet élève"
  int index = 0;
  GuardianAnswer answer = GuardianAnswer::Unanswered;
};
struct ChildrenSubmitted {};         // "Confirmer"
struct PasswordSubmitted {};         // "Suivant" on the password screen
struct CopyIdentifierPressed {};
struct ContinueToAccountPressed {};  // after the identifier: "Accéder à mon compte"
struct SignOutPressed {};            // "Se déconnecter"
// "Identifiant oublié ?" and "Mot de passe oublié ?" (recovery.h).
struct ForgottenIdentifierPressed {};  // "Identifiant oublié ?"
struct ForgottenPasswordPressed {};    // "Mot de passe oublié ?"
struct RecoveryChannelPicked {         // "Par SMS" / "Par mail"
  RecoveryChannel channel = RecoveryChannel::Sms;
};
struct RecoverySubmitted {};           // the recovery screen's main button ("Envoyer", "Suivant", "Valider")
// "Mon compte" changes (account_changes.h).
struct AlertsAtLoginToggled {        // "Afficher les alertes de mon compte à chaque connexion"
  bool on = false;
};
struct AccountChangePressed {        // "Modifier", "Ajout d'un élève depuis un autre compte"
  Screen screen = Screen::Account;   // the change's screen
};
struct AccountChangeSubmitted {};    // the change screen's main button (address, password, other account)
struct AccountCodeSubmitted {};      // "Valider" the e-mail or SMS code
struct AccountCancelPressed {};      // "Retour à mon compte"
struct NewChildrenSubmitted {};      // "Confirmer" the newly known children
// FranceConnect (franceconnect.h).
struct FranceConnectPressed {};     // "S'identifier avec FranceConnect", "Réessayer"
struct FranceConnectInfoPressed {};  // "Qu'est-ce que FranceConnect ?"
struct AttachSubmitted {};          // "Rattacher des élèves" with the mobile
// "Accéder à mes services" (ent_services.h).
struct ServicesPressed {};           // on #/compte; "Réessayer" on #/compte/services
struct ServiceOpened {               // a service's link
  std::string url;
};
struct AccessibilityPressed {};      // "Accessibilité : partiellement conforme", under every screen
// A pupil's first sign-in (first_sign_in.h).
struct BirthDateSubmitted {};        // "Confirmer" the pupil's birth date
struct FirstPasswordSubmitted {};    // "Valider" the pupil's new password
// The parent's "Mon compte": a child's own account (account_changes.h).
struct TemporaryPasswordPressed {    // "Donner un nouveau mot de passe provisoire"
  std::string child_id;
};
struct CopyTemporaryPasswordPressed {  // "Copier le mot de passe d'Albert"
  std::string child_id;
};

// School staff (staff.h).
struct StaffSignInSubmitted {};        // "Se connecter" on "Connexion des personnels"
struct StaffCodeSubmitted {};          // "Valider" the app's code or a recovery code
struct StaffRecoveryCodeToggled {};    // "Utiliser un code de secours" / "Utiliser mon application"
struct StaffInvitationSubmitted {};    // the invitation step's main button (password, code)
struct StaffRecoveryCodesNoted {};     // "Je les ai notés en lieu sûr"
struct StaffSchoolPicked {             // the school selector of the console's header
  std::string uai;
};
struct StaffTabPicked {                // "Rechercher", "Avancement", "Journal"
  StaffTab tab = StaffTab::Search;
};
struct StaffKindPicked {               // "Élèves", "Responsables", "Tous"
  StaffKindFilter kind = StaffKindFilter::All;
};
struct StaffSearchSubmitted {};        // "Rechercher"
struct StaffPersonOpened {             // a person of a list
  std::string kind;
  std::string id;
};
struct StaffActionPressed {            // an action's button: asks for its confirmation, or acts
  StaffAction action = StaffAction::None;
  std::string class_name;              // ClassLetters
};
struct StaffActionConfirmed {};        // "Confirmer"
struct StaffActionCancelled {};        // "Annuler"
struct StaffMissingPressed {           // "Voir qui manque" for a class
  std::string class_name;
};
struct StaffSignOutPressed {};         // "Se déconnecter" of the console
struct StaffCopyPressed {              // "Copier la clé", "Copier les codes" of the invitation
  std::string text;
};

using Event = std::variant<ClockTicked, AppStarted, RouteChanged, HttpAnswered, ProfilePicked, LevelPicked, RememberPicked,
                           ConnectPressed, RetryConfigPressed, BackPressed, EduConnectRolePicked, FieldEdited,
                           PasswordShownToggled, SignInPressed, NoAccountPressed, DialCodePicked, IdentitySubmitted, CodeSubmitted,
                           ResendPressed, GuardianAnswered, ChildrenSubmitted, PasswordSubmitted,
                           CopyIdentifierPressed, ContinueToAccountPressed, SignOutPressed,
                           ForgottenIdentifierPressed, ForgottenPasswordPressed, RecoveryChannelPicked, RecoverySubmitted,
                           AlertsAtLoginToggled, AccountChangePressed, AccountChangeSubmitted, AccountCodeSubmitted,
                           AccountCancelPressed, NewChildrenSubmitted, ServicesPressed, ServiceOpened,
                           FranceConnectPressed, FranceConnectInfoPressed, AttachSubmitted, AccessibilityPressed,
                           BirthDateSubmitted, FirstPasswordSubmitted, TemporaryPasswordPressed,
                           CopyTemporaryPasswordPressed, StaffSignInSubmitted, StaffCodeSubmitted,
                           StaffRecoveryCodeToggled, StaffInvitationSubmitted, StaffRecoveryCodesNoted,
                           StaffSchoolPicked, StaffTabPicked, StaffKindPicked, StaffSearchSubmitted,
                           StaffPersonOpened, StaffActionPressed, StaffActionConfirmed, StaffActionCancelled,
                           StaffMissingPressed, StaffSignOutPressed, StaffCopyPressed>;

}  // namespace sesame::web
