#pragma once
// The requests and answers of the HTTP API v1 (docs/api.md, "Endpoints"), shared
// by the server and the clients so that both sides spell every member alike.
//
// Encoding: `nlohmann::json j = value;` (to_json below). Optional members that
// are empty are left out.
// Decoding: `decode<T>(json)` never throws. A wrong body gives a FieldError
// whose `field` names the member ("phone", "children[1].birth_date") and whose
// message says in French what was expected:
//   invalid_body         the body is not a JSON object
//   missing_field        a required member is absent (null counts as absent)
//   invalid_field_type   a member has the wrong JSON type
//   invalid_field_value  right type, unusable value (a date that is not YYYY-MM-DD)
// Members the struct does not know are ignored, so either side may add some.
// There is deliberately no from_json: `json.get<T>()` would throw.
//
// Identifiers of flows and children are opaque strings; dates travel as ISO
// "YYYY-MM-DD" and are `Date` here.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "shared/checked.h"
#include "shared/date.h"

namespace sesame::api {

// --- Errors: 4xx {"error": {...}} --------------------------------------------
struct ChildAttempts {  // birth_date_mismatch: what is left for each child
  std::string id;
  int remaining_attempts = 0;
  bool operator==(const ChildAttempts&) const = default;
};

struct ErrorBody {
  std::string code;
  std::string message;
  std::optional<std::string> field;
  std::optional<int> remaining_attempts;
  std::optional<int> retry_after_seconds;
  std::optional<std::vector<ChildAttempts>> children;    // birth_date_mismatch
  std::optional<std::vector<std::string>> failed_rules;  // password_policy: password_rule_code() of each
  bool operator==(const ErrorBody&) const = default;
};

struct ErrorAnswer {  // the whole body: {"error": {...}}
  ErrorBody error;
  bool operator==(const ErrorAnswer&) const = default;
};

// {code, message, field} of a shared rule's refusal (field left out when empty).
ErrorBody error_body(const FieldError& error);

// --- Public ---------------------------------------------------------------
struct Health {
  std::string status;  // "ok"
  bool operator==(const Health&) const = default;
};

struct ChoiceItem {
  std::string code;
  std::string label;
  bool operator==(const ChoiceItem&) const = default;
};

// Where the parents' ENT sends a profile that Sésame does not serve (staff, agricultural schools…).
struct ProfileSignIn {
  std::string profile;  // a profile code: "personnel"
  std::string url;      // that profile's own sign-in page
  bool operator==(const ProfileSignIn&) const = default;
};

struct ConfigAnswer {
  std::vector<ChoiceItem> profiles;
  std::vector<ChoiceItem> levels;
  bool franceconnect = false;
  int sms_code_validity_minutes = 0;
  int sms_resend_interval_seconds = 0;  // between two SMS of one activation ("Renvoyer le SMS")
  // The profiles with a sign-in page configured on the server (left out when
  // none); the others get a notice.
  std::optional<std::vector<ProfileSignIn>> sign_in_urls;
  bool operator==(const ConfigAnswer&) const = default;
};

// The guide's profiles and levels (shared/profiles.h) with the server's settings.
ConfigAnswer make_config_answer(bool franceconnect, int sms_code_validity_minutes, int sms_resend_interval_seconds,
                                std::vector<ProfileSignIn> sign_in_urls = {});

// --- Activation ("Je n'ai pas de compte") -----------------------------------
struct ActivationStart {
  std::string last_name;
  std::string first_name;
  std::string phone;                     // as typed
  std::optional<std::string> dial_code;  // the selector of the form ("+33"), when the client has one
  bool operator==(const ActivationStart&) const = default;
};

struct ActivationStartAnswer {
  std::string flow;
  std::string phone_masked;  // "+33 6 ** ** ** 78"
  std::string expires_at;    // ISO 8601 UTC, "2024-09-02T08:30:00Z"
  bool operator==(const ActivationStartAnswer&) const = default;
};

struct CodeVerify {  // {code}: the SMS step, e-mail and phone checks, recovery
  std::string code;
  bool operator==(const CodeVerify&) const = default;
};
using SmsCode = CodeVerify;

struct School {
  std::string name;
  std::string city;
  std::string uai;
  bool operator==(const School&) const = default;
};

// A child's own ÉduConnect account, as the parent's "Mon compte" shows it.
struct ChildAccount {
  std::string identifier;  // "a.dupont07"
  std::string state;       // "not_activated", "active" or "disabled" (left every school)
  bool operator==(const ChildAccount&) const = default;
};

struct Child {
  std::string id;
  std::string first_name;
  std::string last_name;
  School school;
  std::optional<ChildAccount> account;  // GET /me's confirmed children only
  bool operator==(const Child&) const = default;
};

struct ChildrenAnswer {  // SMS step, children step and /me/children/from-account
  std::vector<Child> children;
  bool operator==(const ChildrenAnswer&) const = default;
};

struct ChildConfirmation {
  std::string id;
  bool is_guardian = false;
  std::optional<Date> birth_date;  // required by the server when is_guardian
  bool operator==(const ChildConfirmation&) const = default;
};

struct ChildrenConfirm {
  std::vector<ChildConfirmation> children;
  bool operator==(const ChildrenConfirm&) const = default;
};

struct PasswordChoice {
  std::string password;
  std::string confirmation;
  bool operator==(const PasswordChoice&) const = default;
};

struct IdentifierAnswer {
  std::string identifier;  // "e.dupont07"
  bool operator==(const IdentifierAnswer&) const = default;
};

// --- Session and account --------------------------------------------------
struct Credentials {
  std::string identifier;
  std::string password;
  bool operator==(const Credentials&) const = default;
};
using SignIn = Credentials;       // POST /session
using FromAccount = Credentials;  // POST /me/children/from-account: the other account's

struct Alert {          // "Afficher les alertes de mon compte à chaque connexion"
  std::string code;     // e.g. "email_not_verified"
  std::string message;  // French
  bool operator==(const Alert&) const = default;
};

struct PupilDetails {  // a pupil's own account page
  School school;
  std::optional<std::string> class_name;  // "4e B", when the school's export gives it
  bool operator==(const PupilDetails&) const = default;
};

struct Account {  // GET /me
  std::string identifier;
  // "parent" or "eleve" (shared/profiles.h codes). Always sent; optional so that an answer without it still reads.
  std::optional<std::string> profile;
  std::optional<PupilDetails> pupil;  // a pupil's page: the school and class; no children, contacts or alerts
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  bool email_verified = false;
  std::optional<std::string> phone;  // E.164
  bool alerts_at_login = false;
  // Signs in through FranceConnect. Always sent; optional so that an answer without it still reads.
  std::optional<bool> franceconnect;
  std::vector<Child> children;
  // Children the schools newly link to this parent: confirmed by birth date
  // with POST /me/children before they join `children`.
  std::vector<Child> new_children;
  std::vector<Alert> alerts;
  bool operator==(const Account&) const = default;
};

struct SessionAnswer {  // POST /session: {account}
  Account account;
  bool operator==(const SessionAnswer&) const = default;
};

// --- Pupils: first sign-in with a temporary password ------------------------
struct FirstSignInAnswer {  // POST /session, 202: a temporary password opened a first sign-in
  std::string flow;         // a pupil: /first-sign-in/{flow}/birth-date; a parent: /children; then /password
  std::string first_name;   // "Albert": the screens greet the pupil (or the parent)
  std::string expires_at;   // ISO 8601 UTC: the end of this first sign-in
  // "eleve" or "parent" (a school's activation letter). Always sent; optional so that an answer without it still reads.
  std::optional<std::string> profile;
  std::vector<Child> children;  // a parent's: the children to confirm, as at account creation
  bool operator==(const FirstSignInAnswer&) const = default;
};

struct BirthDateCheck {  // POST /first-sign-in/{flow}/birth-date
  Date birth_date;
  bool operator==(const BirthDateCheck&) const = default;
};

struct TemporaryPasswordAnswer {  // POST /me/children/{id}/temporary-password, 201: shown once
  std::string identifier;
  std::string temporary_password;  // "k7mq-x3fp-9wtd": case, spaces and hyphens do not matter when typed
  Date expires_on;                 // the last day it opens the first sign-in
  bool operator==(const TemporaryPasswordAnswer&) const = default;
};

struct AlertsPatch {
  bool alerts_at_login = false;
  bool operator==(const AlertsPatch&) const = default;
};

struct EmailChange {
  std::string email;
  bool operator==(const EmailChange&) const = default;
};

struct PhoneChange {  // also the body of POST /franceconnect/attach
  std::string phone;
  std::optional<std::string> dial_code;
  bool operator==(const PhoneChange&) const = default;
};
using FranceConnectAttach = PhoneChange;

struct PasswordChange {
  std::string current_password;
  std::string password;
  std::string confirmation;
  bool operator==(const PasswordChange&) const = default;
};

struct PasswordProof {  // POST /me/franceconnect: the account's password, proved again
  std::string password;
  bool operator==(const PasswordProof&) const = default;
};

struct FranceConnectLinkAnswer {  // POST /me/franceconnect: where the browser goes next
  std::string authorize_url;
  bool operator==(const FranceConnectLinkAnswer&) const = default;
};

// --- Recovery -------------------------------------------------------------
struct RecoveryIdentifier {  // exactly one of phone and email
  std::optional<std::string> phone;
  std::optional<std::string> dial_code;
  std::optional<std::string> email;
  bool operator==(const RecoveryIdentifier&) const = default;
};

struct RecoveryPassword {
  std::string identifier;
  bool operator==(const RecoveryPassword&) const = default;
};

struct FlowAnswer {  // recovery/password, franceconnect/attach
  std::string flow;
  std::optional<std::string> phone_masked;
  bool operator==(const FlowAnswer&) const = default;
};

// --- "Accéder à mes services" ---------------------------------------------------
struct Service {  // a link of the ENT: "Cahier de textes", "Vie scolaire"…
  std::string name;
  std::string url;
  bool operator==(const Service&) const = default;
};

struct SchoolServices {  // one school of the account's children and its services
  std::string uai;
  std::string name;
  std::string city;
  std::vector<Service> services;
  bool operator==(const SchoolServices&) const = default;
};

struct ServicesAnswer {  // GET /me/services
  std::vector<SchoolServices> schools;
  bool operator==(const ServicesAnswer&) const = default;
};

// --- School staff: the console (docs/api.md, "Staff console") ----------------
// People are "pupil" or "guardian" (a legal representative), with the
// directory's id; an account's state is "none" (a guardian without account),
// "not_activated", "active", "locked" (wrong passwords: locked_until),
// "disabled" (a pupil who left) or "closed".
struct StaffInvitation {  // GET /staff/invitations/{token}
  std::string name;
  std::string email;
  std::vector<School> schools;
  std::string expires_at;  // ISO 8601 UTC
  bool operator==(const StaffInvitation&) const = default;
};

struct TotpEnrolment {  // POST /staff/invitations/{token}/password: the second factor to enrol
  std::string secret;       // base32, in groups of four: "JBSW Y3DP EHPK 3PXP …"
  std::string otpauth_uri;  // otpauth://totp/…: what the QR code holds
  std::vector<std::string> qr_rows;  // the QR code's modules, one string per row: '1' dark, '0' light
  bool operator==(const TotpEnrolment&) const = default;
};

struct StaffProfile {  // GET /staff/me
  std::string name;
  std::string email;
  std::vector<School> schools;
  int recovery_codes_left = 0;
  bool operator==(const StaffProfile&) const = default;
};

struct RecoveryCodesAnswer {  // POST /staff/invitations/{token}/totp, 201: shown once
  std::vector<std::string> recovery_codes;  // ten, "4f7k-9qzm"
  StaffProfile staff;
  bool operator==(const RecoveryCodesAnswer&) const = default;
};

struct StaffSignIn {  // POST /staff/session
  std::string email;
  std::string password;
  bool operator==(const StaffSignIn&) const = default;
};

struct SecondFactor {  // POST /staff/session/{flow}/code: exactly one of the two
  std::optional<std::string> code;           // six digits of the authenticator app
  std::optional<std::string> recovery_code;  // one of the ten, spent
  bool operator==(const SecondFactor&) const = default;
};

struct PersonAccount {
  std::string state;  // see above
  std::optional<std::string> identifier;
  std::optional<std::string> locked_until;          // ISO 8601 UTC, state "locked"
  bool franceconnect = false;                        // FranceConnect linked
  std::optional<std::string> last_sign_in_at;       // ISO 8601 UTC
  std::optional<Date> temporary_password_expires_on;  // a letter not used yet
  int open_sessions = 0;
  bool operator==(const PersonAccount&) const = default;
};

struct PersonSummary {  // a search result, a child, a legal representative
  std::string kind;  // "pupil" or "guardian"
  std::string id;
  std::string first_name;
  std::string last_name;
  std::optional<School> school;           // a pupil's school
  std::optional<std::string> class_name;  // a pupil's class
  std::string account_state;
  bool operator==(const PersonSummary&) const = default;
};

struct PeopleAnswer {  // GET /staff/people, GET /staff/schools/{uai}/missing
  std::vector<PersonSummary> people;
  bool truncated = false;  // more matched than were sent: the search should be narrower
  bool operator==(const PeopleAnswer&) const = default;
};

struct LetterIssued {
  std::string at;  // ISO 8601 UTC
  std::string by;  // the staff member's name, or "sesame-admin"
  bool operator==(const LetterIssued&) const = default;
};

struct PersonDetails {  // GET /staff/people/{kind}/{id}, and the answer of each action
  std::string kind;
  std::string id;
  std::string first_name;
  std::string last_name;
  std::vector<School> schools;
  std::optional<std::string> class_name;
  std::optional<bool> mobile_known;  // a guardian: whether the schools know a mobile (never the number)
  PersonAccount account;
  std::vector<PersonSummary> related;  // a pupil's legal representatives, a guardian's children
  std::vector<LetterIssued> letters;
  bool operator==(const PersonDetails&) const = default;
};

struct ClassLetters {  // POST /staff/schools/{uai}/letters
  std::string class_name;
  bool operator==(const ClassLetters&) const = default;
};

struct ClassProgress {
  std::string class_name;  // "" for pupils without a class in the export
  int pupils = 0;
  int pupils_active = 0;
  int parents = 0;  // legal representatives of the class's pupils
  int parents_active = 0;
  bool operator==(const ClassProgress&) const = default;
};

struct SchoolProgress {  // GET /staff/schools/{uai}/progress
  School school;
  std::vector<ClassProgress> classes;
  bool operator==(const SchoolProgress&) const = default;
};

struct AuditLine {
  std::string at;      // ISO 8601 UTC
  std::string staff;   // the staff member's name
  std::string action;  // "letter_issued", "activation_letter_issued", "class_letters_issued", "unlocked", "sessions_closed"
  std::string target;  // "DUPONT Albert (a.dupont07)", or the class
  bool operator==(const AuditLine&) const = default;
};

struct AuditAnswer {  // GET /staff/schools/{uai}/audit: the last 200, newest first
  std::vector<AuditLine> entries;
  bool operator==(const AuditAnswer&) const = default;
};

// --- JSON -----------------------------------------------------------------
void to_json(nlohmann::json& j, const ChildAttempts& v);
void to_json(nlohmann::json& j, const ErrorBody& v);
void to_json(nlohmann::json& j, const ErrorAnswer& v);
void to_json(nlohmann::json& j, const Health& v);
void to_json(nlohmann::json& j, const ChoiceItem& v);
void to_json(nlohmann::json& j, const ProfileSignIn& v);
void to_json(nlohmann::json& j, const ConfigAnswer& v);
void to_json(nlohmann::json& j, const ActivationStart& v);
void to_json(nlohmann::json& j, const ActivationStartAnswer& v);
void to_json(nlohmann::json& j, const CodeVerify& v);
void to_json(nlohmann::json& j, const School& v);
void to_json(nlohmann::json& j, const ChildAccount& v);
void to_json(nlohmann::json& j, const Child& v);
void to_json(nlohmann::json& j, const PupilDetails& v);
void to_json(nlohmann::json& j, const FirstSignInAnswer& v);
void to_json(nlohmann::json& j, const BirthDateCheck& v);
void to_json(nlohmann::json& j, const TemporaryPasswordAnswer& v);
void to_json(nlohmann::json& j, const ChildrenAnswer& v);
void to_json(nlohmann::json& j, const ChildConfirmation& v);
void to_json(nlohmann::json& j, const ChildrenConfirm& v);
void to_json(nlohmann::json& j, const PasswordChoice& v);
void to_json(nlohmann::json& j, const IdentifierAnswer& v);
void to_json(nlohmann::json& j, const Credentials& v);
void to_json(nlohmann::json& j, const Alert& v);
void to_json(nlohmann::json& j, const Account& v);
void to_json(nlohmann::json& j, const SessionAnswer& v);
void to_json(nlohmann::json& j, const AlertsPatch& v);
void to_json(nlohmann::json& j, const EmailChange& v);
void to_json(nlohmann::json& j, const PhoneChange& v);
void to_json(nlohmann::json& j, const PasswordChange& v);
void to_json(nlohmann::json& j, const PasswordProof& v);
void to_json(nlohmann::json& j, const FranceConnectLinkAnswer& v);
void to_json(nlohmann::json& j, const RecoveryIdentifier& v);
void to_json(nlohmann::json& j, const RecoveryPassword& v);
void to_json(nlohmann::json& j, const FlowAnswer& v);
void to_json(nlohmann::json& j, const Service& v);
void to_json(nlohmann::json& j, const SchoolServices& v);
void to_json(nlohmann::json& j, const ServicesAnswer& v);
void to_json(nlohmann::json& j, const StaffInvitation& v);
void to_json(nlohmann::json& j, const TotpEnrolment& v);
void to_json(nlohmann::json& j, const StaffProfile& v);
void to_json(nlohmann::json& j, const RecoveryCodesAnswer& v);
void to_json(nlohmann::json& j, const StaffSignIn& v);
void to_json(nlohmann::json& j, const SecondFactor& v);
void to_json(nlohmann::json& j, const PersonAccount& v);
void to_json(nlohmann::json& j, const PersonSummary& v);
void to_json(nlohmann::json& j, const PeopleAnswer& v);
void to_json(nlohmann::json& j, const LetterIssued& v);
void to_json(nlohmann::json& j, const PersonDetails& v);
void to_json(nlohmann::json& j, const ClassLetters& v);
void to_json(nlohmann::json& j, const ClassProgress& v);
void to_json(nlohmann::json& j, const SchoolProgress& v);
void to_json(nlohmann::json& j, const AuditLine& v);
void to_json(nlohmann::json& j, const AuditAnswer& v);

// Defined for every struct above; any other T fails to link.
template <class T>
Checked<T> decode(const nlohmann::json& j);

}  // namespace sesame::api
