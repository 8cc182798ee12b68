#pragma once
// Everything the client shows, as plain data: the UI draws it, `update` changes it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/api.h"
#include "web/app/server_config.h"

namespace sesame::web {

// One per page of the guide; each has a hash route (routes.h).
enum class Screen {
  ProfileChoice,         // "Veuillez renseigner quelques informations…" (#/profil)
  EduConnectProfile,     // "Je sélectionne mon profil": Responsable d'élève / Élève (#/educonnect)
  SignIn,                // "Je me connecte avec mon compte ÉduConnect" (#/connexion)
  // A pupil's way in (first_sign_in.h):
  PupilSignIn,     // the same sign-in, "Profil : Élève", with the school's letter (#/eleve/connexion)
  PupilHelp,       // "Identifiant ou mot de passe oublié": a parent or the school helps (#/eleve/aide)
  PupilBirthDate,  // first sign-in 1/2: "Je confirme ma date de naissance" (#/eleve/premiere-connexion/naissance)
  PupilPassword,   // 2/2: "Je choisis mon nouveau mot de passe" (#/eleve/premiere-connexion/mot-de-passe)
  PupilAccount,    // the pupil's "Mon compte ÉduConnect": identity, school, class (#/eleve/compte)
  // A parent's first sign-in with the school's activation letter (first_sign_in.h):
  ParentFirstSignInChildren,  // 1/2: "Je confirme mes enfants" (#/premiere-connexion/enfants)
  ParentFirstSignInPassword,  // 2/2: "Je choisis mon nouveau mot de passe" (#/premiere-connexion/mot-de-passe)
  ActivationIdentity,    // "Je confirme mon identité" (#/activation/identite)
  ActivationCode,        // "Un code de sécurité a été envoyé" (#/activation/code)
  ActivationChildren,    // the children and their birth dates (#/activation/enfants)
  ActivationPassword,    // "Je choisis mon nouveau mot de passe" (#/activation/mot-de-passe)
  ActivationIdentifier,  // the identifier revealed (#/activation/identifiant)
  Account,               // "Mon compte ÉduConnect" (#/compte)
  AccountEmail,          // "Mon compte": change the e-mail address, with a code (#/compte/email)
  AccountPhone,          // "Mon compte": change the mobile, with a code (#/compte/telephone)
  AccountPassword,       // "Mon compte": "Modifier mon mot de passe" (#/compte/mot-de-passe)
  AccountFromAccount,    // "Ajout d'un élève depuis un autre compte" (#/compte/ajout-eleve)
  AccountServices,       // "Accéder à mes services": the ENT's links per school (#/compte/services)
  AccountFranceConnect,  // "Activer la connexion avec FranceConnect": the password, then the provider (#/compte/franceconnect)
  RecoveryIdentifier,          // "Identifiant oublié ?" by SMS or e-mail (#/identifiant-oublie)
  RecoveryPasswordIdentifier,  // "Mot de passe oublié ?" 1/3: the identifier (#/mot-de-passe-oublie)
  RecoveryPasswordCode,        // 2/3: the code sent by SMS (#/mot-de-passe-oublie/code)
  RecoveryPasswordNew,         // 3/3: the new password (#/mot-de-passe-oublie/nouveau)
  FranceConnectAttach,   // Méthode A, "Rattacher des élèves": the mobile known to the school (#/franceconnect/rattacher)
  FranceConnectFailure,  // FranceConnect's callback failed: why, in French (#/franceconnect/echec/<code>)
  Accessibility,         // "Déclaration d'accessibilité" (RGAA), linked from every screen (#/accessibilite)
  // School staff (staff.h):
  StaffSignIn,      // "Connexion des personnels": e-mail and password (#/personnel/connexion)
  StaffCode,        // "Code de votre application d'authentification", or a recovery code (#/personnel/code)
  StaffInvitation,  // "Bienvenue …": password, authenticator app, recovery codes (#/personnel/invitation/<token>)
  StaffConsole,     // the console: "Rechercher", "Avancement", "Journal" (#/personnel/console)
  StaffPerson,      // a pupil or a legal representative and the actions (#/personnel/personne/<kind>/<id>)
};

enum class LoadStatus { Loading, Loaded, Failed };

// The first screen's three questions.
struct ProfileChoiceForm {
  std::string profile;    // a profile code, empty until chosen
  std::string level;      // a level code, empty until chosen
  bool remember = false;  // "Oui (je me connecte depuis mon ordinateur)"
  bool operator==(const ProfileChoiceForm&) const = default;
};

enum class EduConnectRole { None, Guardian, Pupil };

// A message shown under the form after an action; the UI words it in French.
enum class Notice {
  None,
  ProfileNotServedYet,   // "Se connecter" with a profile other than the parents'
  PasswordReset,         // "Mot de passe oublié ?" done: sign in with the new password
  StaffSessionEnded,     // a staff route answered 401: the staff session ended (15 minutes idle)
  StaffSignedOut,        // "Se déconnecter" on the staff console
};

// The form fields the parent types into; FieldEdited names one.
enum class Field {
  SignInIdentifier,
  SignInPassword,
  LastName,
  FirstName,
  Phone,
  Code,
  ChildBirthDate,  // with the child's index
  NewPassword,
  PasswordConfirmation,
  AccountEmail,           // "Mon compte" changes (account_changes.h)
  AccountPhone,
  AccountCode,
  CurrentPassword,
  AccountNewPassword,
  AccountConfirmation,
  OtherIdentifier,        // "Ajout d'un élève depuis un autre compte"
  OtherPassword,
  NewChildBirthDate,      // with the index in the account's new_children
  RecoveryPhone,          // "Identifiant oublié ?" (recovery.h)
  RecoveryEmail,
  RecoveryIdentifier,     // "Mot de passe oublié ?"
  RecoveryCode,
  RecoveryNewPassword,
  RecoveryConfirmation,
  PupilBirthDate,         // a pupil's first sign-in (first_sign_in.h)
  PupilNewPassword,       // the first sign-in's password, a pupil's or a parent's
  PupilConfirmation,
  FirstSignInChildBirthDate,  // a parent's first sign-in, with the index in first_sign_in.children
  StaffEmail,             // school staff (staff.h): sign-in
  StaffPassword,
  StaffTotpCode,          // the authenticator app's 6 digits (sign-in and enrolment)
  StaffRecoveryCode,      // one of the ten recovery codes, at sign-in
  StaffNewPassword,       // the invitation's password
  StaffConfirmation,
  StaffSearchName,        // the console's search
  StaffSearchClass,
};

struct SignInForm {
  std::string identifier;
  std::string password;
  bool password_shown = false;
  // Typed on the pupils' sign-in screen (#/eleve/connexion): the other sign-in screen
  // starts empty, so that a child does not find a parent's identifier, or the reverse.
  bool pupil = false;
};

// One child offered by the activation flow, and the parent's answer about it.
enum class GuardianAnswer { Unanswered, Yes, No };
struct ChildForm {
  api::Child child;
  GuardianAnswer answer = GuardianAnswer::Unanswered;
  std::string birth_date;  // as typed: JJ MM AAAA
  std::string error;       // French, under the date
  std::optional<int> remaining_attempts;
  bool confirmed = false;  // accepted by the server in an earlier request
};

// "Je n'ai pas de compte": what the parent typed and what the server answered so far.
struct ActivationForm {
  std::string last_name;
  std::string first_name;
  std::string phone;
  std::string dial_code = "+33";
  std::string flow;          // the server's flow id once the identity is accepted
  std::string phone_masked;  // "+33 6 ** ** ** 78"
  std::string code;
  std::optional<int> remaining_code_attempts;
  bool sms_resent = false;  // "Un nouveau SMS a été envoyé."
  // "Renvoyer le SMS" waits until then (AppState::now_ms's clock): the server
  // refuses two SMS of one flow closer than sms_resend_interval_seconds.
  double resend_allowed_at_ms = 0;
  bool resends_used_up = false;  // the server sends no more SMS for this flow
  std::vector<ChildForm> children;
  std::string password;
  std::string confirmation;
  bool password_shown = false;
  std::string identifier;  // revealed at the end
  // Started from FranceConnect ("Rattacher des élèves"): no password step, the
  // account is made with the children.
  bool franceconnect = false;
};

// Méthode A: who FranceConnect says the parent is, and why a callback failed.
struct FranceConnectState {
  std::string given_name;  // GET /franceconnect/pending
  std::string family_name;
  std::string failure;  // a catalogue code, from #/franceconnect/echec/<code>
};

// "Mon compte" changes: what the parent typed on #/compte/… and the outcome to show.
struct AccountChanges {
  std::string email;
  std::string phone;
  std::string dial_code = "+33";
  bool code_sent = false;  // the e-mail or phone screen is at its code step
  std::string code;
  std::string current_password;
  std::string password;
  std::string confirmation;
  bool password_shown = false;
  std::string other_identifier;  // "Ajout d'un élève depuis un autre compte"
  std::string other_password;
  std::vector<ChildForm> new_children;  // answers about account->new_children, by id
  std::string success;                  // French, a success alert on #/compte after a change
};

// A first sign-in with the letter's temporary password, a pupil's or a parent's: what
// the server answered (POST /session, 202) and what the pupil or the parent typed since.
struct FirstSignInForm {
  std::string identifier;  // typed on the sign-in: offered with the new password to the manager
  // A parent's activation letter (the 202's profile "parent"): the children to confirm,
  // then the password; the way back is the parents' sign-in (#/connexion).
  bool parent = false;
  std::vector<ChildForm> children;
  bool children_confirmed = false;  // the parent's password step needs it
  std::string flow;        // the server's flow id
  std::string first_name;  // "Albert": "Bonjour Albert,"
  std::string expires_at;  // ISO 8601 UTC
  std::string birth_date;  // as typed: JJ MM AAAA
  bool birth_date_confirmed = false;  // the password's step needs it
  std::string password;
  std::string confirmation;
  bool password_shown = false;
  // A pupil's first sign-in locked or expired (410): the server's reason, which the steps
  // show with "Retour à la connexion" in place of their form. Empty while it goes on. A
  // parent's goes back to the parents' sign-in, which says why.
  std::string ended;
};

// "Donner un nouveau mot de passe provisoire" for one child on the parent's "Mon compte":
// the server's answer, shown once, or its refusal. Forgotten when the parent leaves the screen.
struct TemporaryPasswordShown {
  std::optional<api::TemporaryPasswordAnswer> answer;
  std::string error;  // French, in the child's block
};

// "Identifiant oublié ?" and "Mot de passe oublié ?": what the parent typed and
// what the server answered so far.
enum class RecoveryChannel { Sms, Email };  // "Par SMS" / "Par mail"
struct RecoveryForm {
  RecoveryChannel channel = RecoveryChannel::Sms;
  std::string phone;
  std::string email;
  bool identifier_sent = false;  // 202: "Si ce numéro correspond à un compte…"
  std::string identifier;        // "Mot de passe oublié ?" from here on
  std::string flow;              // the server's flow id once the identifier is given
  std::string code;
  std::optional<int> remaining_code_attempts;
  bool code_accepted = false;  // the new password's step needs it
  std::string password;
  std::string confirmation;
  bool password_shown = false;
};

// --- School staff (staff.h) ---------------------------------------------------------

// "Connexion des personnels": the e-mail and password, then the second factor.
struct StaffSignInForm {
  std::string email;
  std::string password;
  bool password_shown = false;
  std::string flow;  // POST /staff/session's 202: the second factor's flow
  std::string code;
  std::string recovery_code;
  bool use_recovery_code = false;  // "Utiliser un code de secours"
};

// The invitation of #/personnel/invitation/<token>, step by step.
enum class StaffInvitationStep { Password, Totp, RecoveryCodes };
struct StaffInvitationForm {
  std::string token;  // from the address only; sent in the API's path, nowhere else
  LoadStatus status = LoadStatus::Loading;
  std::optional<api::StaffInvitation> invitation;
  std::string failure;  // French: unknown, expired or used (then no step is shown)
  StaffInvitationStep step = StaffInvitationStep::Password;
  std::string password;
  std::string confirmation;
  bool password_shown = false;
  std::optional<api::TotpEnrolment> enrolment;  // step 2: the secret and its QR code
  std::string code;
  std::vector<std::string> recovery_codes;  // step 3: shown once
};

// The console's three parts.
enum class StaffTab { Search, Progress, Audit };
// "Élèves", "Responsables", "Tous".
enum class StaffKindFilter { All, Pupils, Guardians };
// An action of the person page, or of a class, that waits for its confirmation.
enum class StaffAction { None, Letter, Unlock, CloseSessions, ClassLetters };

struct StaffConsoleState {
  std::optional<api::StaffProfile> profile;  // GET /staff/me, or the sign-in's answer
  bool profile_asked = false;                // GET /staff/me on its way
  std::string uai;                           // the school chosen among the profile's
  StaffTab tab = StaffTab::Search;
  // "Rechercher".
  std::string query;
  std::string class_name;
  StaffKindFilter kind = StaffKindFilter::All;
  std::optional<api::PeopleAnswer> results;
  // The person page: which one the address names, and what the server answered.
  std::string person_kind;  // "pupil" or "guardian"
  std::string person_id;
  std::optional<api::PersonDetails> person;
  // "Avancement": the school's classes, and the people missing in one of them.
  std::optional<api::SchoolProgress> progress;
  std::optional<std::string> missing_class;  // the class whose missing people show ("" for no class)
  std::optional<api::PeopleAnswer> missing;
  // "Journal".
  std::optional<api::AuditAnswer> audit;
  // An action waiting for "Confirmer" (and, for a class's letters, its class).
  StaffAction confirming = StaffAction::None;
  std::string confirming_class;
  StaffAction acting = StaffAction::None;  // the action whose request is on its way
  std::string acting_class;
  std::string success;  // French, a success alert: "La lettre a été téléchargée : …"
};

struct StaffState {
  StaffSignInForm sign_in;
  StaffInvitationForm invitation;
  StaffConsoleState console;
};

struct AppState {
  double now_ms = 0;  // the platform's monotonic clock (ClockTicked), for countdowns
  Screen screen = Screen::ProfileChoice;
  LoadStatus config_status = LoadStatus::Loading;
  ServerConfig config = compiled_config();
  ProfileChoiceForm choice;
  EduConnectRole educonnect_role = EduConnectRole::None;
  Notice notice = Notice::None;
  // Where "Précédent" on the accessibility statement leads: the screen the parent
  // was on, or the first screen when the address opened the page at load.
  Screen accessibility_return = Screen::ProfileChoice;

  SignInForm sign_in;
  ActivationForm activation;
  RecoveryForm recovery;
  FranceConnectState franceconnect;
  FirstSignInForm first_sign_in;
  // Signed in: GET /me or the sign-in's answer (a parent's or a pupil's account).
  std::optional<api::Account> account;
  AccountChanges account_changes;
  // The temporary passwords given on "Mon compte", by child id, and the child whose
  // request is on its way (empty when none).
  std::map<std::string, TemporaryPasswordShown> temporary_passwords;
  std::string temporary_password_asked;
  // "Accéder à mes services": GET /me/services, asked each time the page opens.
  std::optional<api::ServicesAnswer> services;
  LoadStatus services_status = LoadStatus::Loading;
  bool services_asked = false;  // a request is on its way
  // School staff: their sign-in, invitation and console (staff.h).
  StaffState staff;

  // A request of the current screen is on its way: its button shows busy and
  // presses are ignored, so a double tap sends one request.
  bool busy = false;
  // The server's or the shared rules' refusal for the whole form (top alert) and per field.
  std::string form_error;
  std::map<Field, std::string> field_errors;

  // "Se connecter" is enabled once a profile and a level are chosen.
  bool can_connect() const { return !choice.profile.empty() && !choice.level.empty(); }
};

}  // namespace sesame::web
