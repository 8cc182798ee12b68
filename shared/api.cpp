#include "shared/api.h"

#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "shared/messages.h"
#include "shared/profiles.h"

// Each struct is described once, by a table of its JSON members; one generic
// writer and one generic reader walk the tables. The reader never throws: it
// checks every JSON type before reading it, because the WebAssembly build runs
// without exception support.

namespace sesame::api {

using nlohmann::json;

namespace {

// --- Member tables -----------------------------------------------------------
template <class Owner, class Value>
struct Member {
  const char* name;
  Value Owner::*pointer;
};

template <class Owner, class Value>
constexpr Member<Owner, Value> member(const char* name, Value Owner::*pointer) {
  return {name, pointer};
}

constexpr auto members_of(const ChildAttempts*) {
  return std::tuple{member("id", &ChildAttempts::id),
                    member("remaining_attempts", &ChildAttempts::remaining_attempts)};
}
constexpr auto members_of(const ErrorBody*) {
  return std::tuple{member("code", &ErrorBody::code),
                    member("message", &ErrorBody::message),
                    member("field", &ErrorBody::field),
                    member("remaining_attempts", &ErrorBody::remaining_attempts),
                    member("retry_after_seconds", &ErrorBody::retry_after_seconds),
                    member("children", &ErrorBody::children),
                    member("failed_rules", &ErrorBody::failed_rules)};
}
constexpr auto members_of(const ErrorAnswer*) { return std::tuple{member("error", &ErrorAnswer::error)}; }
constexpr auto members_of(const Health*) { return std::tuple{member("status", &Health::status)}; }
constexpr auto members_of(const ChoiceItem*) {
  return std::tuple{member("code", &ChoiceItem::code), member("label", &ChoiceItem::label)};
}
constexpr auto members_of(const ProfileSignIn*) {
  return std::tuple{member("profile", &ProfileSignIn::profile), member("url", &ProfileSignIn::url)};
}
constexpr auto members_of(const ConfigAnswer*) {
  return std::tuple{member("profiles", &ConfigAnswer::profiles), member("levels", &ConfigAnswer::levels),
                    member("franceconnect", &ConfigAnswer::franceconnect),
                    member("sms_code_validity_minutes", &ConfigAnswer::sms_code_validity_minutes),
                    member("sms_resend_interval_seconds", &ConfigAnswer::sms_resend_interval_seconds),
                    member("sign_in_urls", &ConfigAnswer::sign_in_urls)};
}
constexpr auto members_of(const ActivationStart*) {
  return std::tuple{
      member("last_name", &ActivationStart::last_name), member("first_name", &ActivationStart::first_name),
      member("phone", &ActivationStart::phone), member("dial_code", &ActivationStart::dial_code)};
}
constexpr auto members_of(const ActivationStartAnswer*) {
  return std::tuple{member("flow", &ActivationStartAnswer::flow),
                    member("phone_masked", &ActivationStartAnswer::phone_masked),
                    member("expires_at", &ActivationStartAnswer::expires_at)};
}
constexpr auto members_of(const CodeVerify*) { return std::tuple{member("code", &CodeVerify::code)}; }
constexpr auto members_of(const School*) {
  return std::tuple{member("name", &School::name), member("city", &School::city),
                    member("uai", &School::uai)};
}
constexpr auto members_of(const ChildAccount*) {
  return std::tuple{member("identifier", &ChildAccount::identifier), member("state", &ChildAccount::state)};
}
constexpr auto members_of(const PupilDetails*) {
  return std::tuple{member("school", &PupilDetails::school), member("class_name", &PupilDetails::class_name)};
}
constexpr auto members_of(const BirthDateCheck*) {
  return std::tuple{member("birth_date", &BirthDateCheck::birth_date)};
}
constexpr auto members_of(const TemporaryPasswordAnswer*) {
  return std::tuple{member("identifier", &TemporaryPasswordAnswer::identifier),
                    member("temporary_password", &TemporaryPasswordAnswer::temporary_password),
                    member("expires_on", &TemporaryPasswordAnswer::expires_on)};
}
constexpr auto members_of(const Child*) {
  return std::tuple{member("id", &Child::id), member("first_name", &Child::first_name),
                    member("last_name", &Child::last_name), member("school", &Child::school),
                    member("account", &Child::account)};
}
constexpr auto members_of(const ChildrenAnswer*) {
  return std::tuple{member("children", &ChildrenAnswer::children)};
}
constexpr auto members_of(const FirstSignInAnswer*) {
  return std::tuple{member("flow", &FirstSignInAnswer::flow), member("first_name", &FirstSignInAnswer::first_name),
                    member("expires_at", &FirstSignInAnswer::expires_at),
                    member("profile", &FirstSignInAnswer::profile), member("children", &FirstSignInAnswer::children)};
}
constexpr auto members_of(const ChildConfirmation*) {
  return std::tuple{member("id", &ChildConfirmation::id),
                    member("is_guardian", &ChildConfirmation::is_guardian),
                    member("birth_date", &ChildConfirmation::birth_date)};
}
constexpr auto members_of(const ChildrenConfirm*) {
  return std::tuple{member("children", &ChildrenConfirm::children)};
}
constexpr auto members_of(const PasswordChoice*) {
  return std::tuple{member("password", &PasswordChoice::password),
                    member("confirmation", &PasswordChoice::confirmation)};
}
constexpr auto members_of(const IdentifierAnswer*) {
  return std::tuple{member("identifier", &IdentifierAnswer::identifier)};
}
constexpr auto members_of(const Credentials*) {
  return std::tuple{member("identifier", &Credentials::identifier),
                    member("password", &Credentials::password)};
}
constexpr auto members_of(const Alert*) {
  return std::tuple{member("code", &Alert::code), member("message", &Alert::message)};
}
constexpr auto members_of(const Account*) {
  return std::tuple{member("identifier", &Account::identifier),
                    member("profile", &Account::profile),
                    member("pupil", &Account::pupil),
                    member("first_name", &Account::first_name),
                    member("last_name", &Account::last_name),
                    member("email", &Account::email),
                    member("email_verified", &Account::email_verified),
                    member("phone", &Account::phone),
                    member("alerts_at_login", &Account::alerts_at_login),
                    member("franceconnect", &Account::franceconnect),
                    member("children", &Account::children),
                    member("new_children", &Account::new_children),
                    member("alerts", &Account::alerts)};
}
constexpr auto members_of(const SessionAnswer*) {
  return std::tuple{member("account", &SessionAnswer::account)};
}
constexpr auto members_of(const AlertsPatch*) {
  return std::tuple{member("alerts_at_login", &AlertsPatch::alerts_at_login)};
}
constexpr auto members_of(const EmailChange*) { return std::tuple{member("email", &EmailChange::email)}; }
constexpr auto members_of(const PhoneChange*) {
  return std::tuple{member("phone", &PhoneChange::phone), member("dial_code", &PhoneChange::dial_code)};
}
constexpr auto members_of(const PasswordChange*) {
  return std::tuple{member("current_password", &PasswordChange::current_password),
                    member("password", &PasswordChange::password),
                    member("confirmation", &PasswordChange::confirmation)};
}
constexpr auto members_of(const PasswordProof*) { return std::tuple{member("password", &PasswordProof::password)}; }
constexpr auto members_of(const FranceConnectLinkAnswer*) {
  return std::tuple{member("authorize_url", &FranceConnectLinkAnswer::authorize_url)};
}
constexpr auto members_of(const RecoveryIdentifier*) {
  return std::tuple{member("phone", &RecoveryIdentifier::phone),
                    member("dial_code", &RecoveryIdentifier::dial_code),
                    member("email", &RecoveryIdentifier::email)};
}
constexpr auto members_of(const RecoveryPassword*) {
  return std::tuple{member("identifier", &RecoveryPassword::identifier)};
}
constexpr auto members_of(const FlowAnswer*) {
  return std::tuple{member("flow", &FlowAnswer::flow), member("phone_masked", &FlowAnswer::phone_masked)};
}
constexpr auto members_of(const Service*) {
  return std::tuple{member("name", &Service::name), member("url", &Service::url)};
}
constexpr auto members_of(const SchoolServices*) {
  return std::tuple{member("uai", &SchoolServices::uai), member("name", &SchoolServices::name),
                    member("city", &SchoolServices::city), member("services", &SchoolServices::services)};
}
constexpr auto members_of(const ServicesAnswer*) { return std::tuple{member("schools", &ServicesAnswer::schools)}; }
constexpr auto members_of(const StaffInvitation*) {
  return std::tuple{member("name", &StaffInvitation::name), member("email", &StaffInvitation::email), member("schools", &StaffInvitation::schools), member("expires_at", &StaffInvitation::expires_at)};
}
constexpr auto members_of(const TotpEnrolment*) {
  return std::tuple{member("secret", &TotpEnrolment::secret), member("otpauth_uri", &TotpEnrolment::otpauth_uri), member("qr_rows", &TotpEnrolment::qr_rows)};
}
constexpr auto members_of(const StaffProfile*) {
  return std::tuple{member("name", &StaffProfile::name), member("email", &StaffProfile::email), member("schools", &StaffProfile::schools), member("recovery_codes_left", &StaffProfile::recovery_codes_left)};
}
constexpr auto members_of(const RecoveryCodesAnswer*) {
  return std::tuple{member("recovery_codes", &RecoveryCodesAnswer::recovery_codes), member("staff", &RecoveryCodesAnswer::staff)};
}
constexpr auto members_of(const StaffSignIn*) {
  return std::tuple{member("email", &StaffSignIn::email), member("password", &StaffSignIn::password)};
}
constexpr auto members_of(const SecondFactor*) {
  return std::tuple{member("code", &SecondFactor::code), member("recovery_code", &SecondFactor::recovery_code)};
}
constexpr auto members_of(const PersonAccount*) {
  return std::tuple{member("state", &PersonAccount::state), member("identifier", &PersonAccount::identifier), member("locked_until", &PersonAccount::locked_until), member("franceconnect", &PersonAccount::franceconnect), member("last_sign_in_at", &PersonAccount::last_sign_in_at), member("temporary_password_expires_on", &PersonAccount::temporary_password_expires_on), member("open_sessions", &PersonAccount::open_sessions)};
}
constexpr auto members_of(const PersonSummary*) {
  return std::tuple{member("kind", &PersonSummary::kind), member("id", &PersonSummary::id), member("first_name", &PersonSummary::first_name), member("last_name", &PersonSummary::last_name), member("school", &PersonSummary::school), member("class_name", &PersonSummary::class_name), member("account_state", &PersonSummary::account_state)};
}
constexpr auto members_of(const PeopleAnswer*) {
  return std::tuple{member("people", &PeopleAnswer::people), member("truncated", &PeopleAnswer::truncated)};
}
constexpr auto members_of(const LetterIssued*) {
  return std::tuple{member("at", &LetterIssued::at), member("by", &LetterIssued::by)};
}
constexpr auto members_of(const PersonDetails*) {
  return std::tuple{member("kind", &PersonDetails::kind), member("id", &PersonDetails::id), member("first_name", &PersonDetails::first_name), member("last_name", &PersonDetails::last_name), member("schools", &PersonDetails::schools), member("class_name", &PersonDetails::class_name), member("mobile_known", &PersonDetails::mobile_known), member("account", &PersonDetails::account), member("related", &PersonDetails::related), member("letters", &PersonDetails::letters)};
}
constexpr auto members_of(const ClassLetters*) {
  return std::tuple{member("class_name", &ClassLetters::class_name)};
}
constexpr auto members_of(const ClassProgress*) {
  return std::tuple{member("class_name", &ClassProgress::class_name), member("pupils", &ClassProgress::pupils), member("pupils_active", &ClassProgress::pupils_active), member("parents", &ClassProgress::parents), member("parents_active", &ClassProgress::parents_active)};
}
constexpr auto members_of(const SchoolProgress*) {
  return std::tuple{member("school", &SchoolProgress::school), member("classes", &SchoolProgress::classes)};
}
constexpr auto members_of(const AuditLine*) {
  return std::tuple{member("at", &AuditLine::at), member("staff", &AuditLine::staff), member("action", &AuditLine::action), member("target", &AuditLine::target)};
}
constexpr auto members_of(const AuditAnswer*) {
  return std::tuple{member("entries", &AuditAnswer::entries)};
}

template <class T>
concept Described = requires {
  members_of(static_cast<const T*>(nullptr));
};

// Calls visit(name, member of value) for each member of the table, in order,
// until visit returns false.
template <class T, class Visit>
void for_each_member(T& value, Visit visit) {
  std::apply([&](const auto&... m) { (void)(visit(m.name, value.*(m.pointer)) && ...); },
             members_of(static_cast<const std::remove_const_t<T>*>(nullptr)));
}

// --- Writing -----------------------------------------------------------------
json encode(const std::string& value) { return value; }
json encode(bool value) { return value; }
json encode(int value) { return value; }
json encode(const Date& value) { return value.iso(); }
template <class T>
json encode(const std::vector<T>& list);
template <Described T>
json encode(const T& value);

template <class T>
json encode(const std::vector<T>& list) {
  json array = json::array();
  for (const T& item : list) array.push_back(encode(item));
  return array;
}

template <class T>
void put(json& object, const char* name, const T& value) {
  object[name] = encode(value);
}
template <class T>
void put(json& object, const char* name, const std::optional<T>& value) {
  if (value) object[name] = encode(*value);
}

template <Described T>
json encode(const T& value) {
  json object = json::object();
  for_each_member(value, [&](const char* name, const auto& field) {
    put(object, name, field);
    return true;
  });
  return object;
}

// --- Reading -----------------------------------------------------------------
using Refusal = std::optional<FieldError>;

std::string member_path(const std::string& parent, const char* name) {
  return parent.empty() ? std::string(name) : parent + "." + name;
}
std::string item_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

FieldError wrong_type(const std::string& path, const char* expected) {
  if (path.empty()) return field_error("invalid_body");
  return {"invalid_field_type", "Le champ « " + path + " » doit être " + expected + ".", path};
}
FieldError missing(const std::string& path) {
  return {"missing_field", "Le champ « " + path + " » est obligatoire.", path};
}

Refusal read(const json& j, const std::string& path, std::string& out);
Refusal read(const json& j, const std::string& path, bool& out);
Refusal read(const json& j, const std::string& path, int& out);
Refusal read(const json& j, const std::string& path, Date& out);
template <class T>
Refusal read(const json& j, const std::string& path, std::vector<T>& out);
template <Described T>
Refusal read(const json& j, const std::string& path, T& out);

Refusal read(const json& j, const std::string& path, std::string& out) {
  if (!j.is_string()) return wrong_type(path, "une chaîne de caractères");
  out = j.get_ref<const std::string&>();
  return std::nullopt;
}

Refusal read(const json& j, const std::string& path, bool& out) {
  if (!j.is_boolean()) return wrong_type(path, "un booléen (true ou false)");
  out = j.get<bool>();
  return std::nullopt;
}

Refusal read(const json& j, const std::string& path, int& out) {
  if (!j.is_number_integer()) return wrong_type(path, "un nombre entier");
  const bool fits = j.is_number_unsigned()
                        ? j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX)
                        : j.get<std::int64_t>() >= INT_MIN && j.get<std::int64_t>() <= INT_MAX;
  if (!fits) {
    return FieldError{"invalid_field_value", "Le champ « " + path + " » est un nombre hors limites.", path};
  }
  out = static_cast<int>(j.get<std::int64_t>());
  return std::nullopt;
}

Refusal read(const json& j, const std::string& path, Date& out) {
  if (!j.is_string()) return wrong_type(path, "une date au format AAAA-MM-JJ");
  const std::optional<Date> date = parse_iso_date(j.get_ref<const std::string&>());
  if (!date) {
    return FieldError{"invalid_field_value",
                      "Le champ « " + path + " » doit être une date qui existe, au format AAAA-MM-JJ.", path};
  }
  out = *date;
  return std::nullopt;
}

template <class T>
Refusal read(const json& j, const std::string& path, std::vector<T>& out) {
  if (!j.is_array()) return wrong_type(path, "une liste");
  out.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    T item{};
    if (Refusal refusal = read(j[i], item_path(path, i), item)) return refusal;
    out.push_back(std::move(item));
  }
  return std::nullopt;
}

// A member that must be there (null counts as absent).
template <class T>
Refusal read_member(const json& object, const std::string& path, const char* name, T& out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return missing(member_path(path, name));
  return read(*it, member_path(path, name), out);
}

// A member that may be left out (or null).
template <class T>
Refusal read_member(const json& object, const std::string& path, const char* name, std::optional<T>& out) {
  out.reset();
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  T value{};
  if (Refusal refusal = read(*it, member_path(path, name), value)) return refusal;
  out = std::move(value);
  return std::nullopt;
}

// Rules between members, checked once every member has been read.
template <class T>
Refusal check_members(const T&, const std::string&) {
  return std::nullopt;
}

Refusal check_members(const ChildConfirmation& child, const std::string& path) {
  if (child.is_guardian && !child.birth_date) return missing(member_path(path, "birth_date"));
  return std::nullopt;
}

Refusal check_members(const RecoveryIdentifier& recovery, const std::string& path) {
  if (recovery.phone.has_value() == recovery.email.has_value()) {
    FieldError refusal = field_error("contact_required");
    refusal.field = member_path(path, "phone");
    return refusal;
  }
  return std::nullopt;
}

template <Described T>
Refusal read(const json& j, const std::string& path, T& out) {
  if (!j.is_object()) return wrong_type(path, "un objet");
  Refusal refusal;
  for_each_member(out, [&](const char* name, auto& field) {
    refusal = read_member(j, path, name, field);
    return !refusal;
  });
  if (refusal) return refusal;
  return check_members(out, path);
}

}  // namespace

template <class T>
Checked<T> decode(const json& j) {
  T value{};
  if (Refusal refusal = read(j, "", value)) return *refusal;
  return value;
}

ErrorBody error_body(const FieldError& error) {
  ErrorBody body;
  body.code = error.code;
  body.message = error.message;
  if (!error.field.empty()) body.field = error.field;
  return body;
}

ConfigAnswer make_config_answer(bool franceconnect, int sms_code_validity_minutes, int sms_resend_interval_seconds,
                                std::vector<ProfileSignIn> sign_in_urls) {
  ConfigAnswer answer;
  for (const Choice& c : profiles()) answer.profiles.push_back({std::string(c.code), std::string(c.label)});
  for (const Choice& c : levels()) answer.levels.push_back({std::string(c.code), std::string(c.label)});
  answer.franceconnect = franceconnect;
  answer.sms_code_validity_minutes = sms_code_validity_minutes;
  answer.sms_resend_interval_seconds = sms_resend_interval_seconds;
  if (!sign_in_urls.empty()) answer.sign_in_urls = std::move(sign_in_urls);
  return answer;
}

// to_json and decode for every API struct, from the tables above.
#define SESAME_API_JSON(Type)                                     \
  void to_json(json& j, const Type& value) { j = encode(value); } \
  template Checked<Type> decode<Type>(const json& j);

SESAME_API_JSON(ChildAttempts)
SESAME_API_JSON(ErrorBody)
SESAME_API_JSON(ErrorAnswer)
SESAME_API_JSON(Health)
SESAME_API_JSON(ChoiceItem)
SESAME_API_JSON(ProfileSignIn)
SESAME_API_JSON(ConfigAnswer)
SESAME_API_JSON(ActivationStart)
SESAME_API_JSON(ActivationStartAnswer)
SESAME_API_JSON(CodeVerify)
SESAME_API_JSON(School)
SESAME_API_JSON(ChildAccount)
SESAME_API_JSON(Child)
SESAME_API_JSON(PupilDetails)
SESAME_API_JSON(FirstSignInAnswer)
SESAME_API_JSON(BirthDateCheck)
SESAME_API_JSON(TemporaryPasswordAnswer)
SESAME_API_JSON(ChildrenAnswer)
SESAME_API_JSON(ChildConfirmation)
SESAME_API_JSON(ChildrenConfirm)
SESAME_API_JSON(PasswordChoice)
SESAME_API_JSON(IdentifierAnswer)
SESAME_API_JSON(Credentials)
SESAME_API_JSON(Alert)
SESAME_API_JSON(Account)
SESAME_API_JSON(SessionAnswer)
SESAME_API_JSON(AlertsPatch)
SESAME_API_JSON(EmailChange)
SESAME_API_JSON(PhoneChange)
SESAME_API_JSON(PasswordChange)
SESAME_API_JSON(PasswordProof)
SESAME_API_JSON(FranceConnectLinkAnswer)
SESAME_API_JSON(RecoveryIdentifier)
SESAME_API_JSON(RecoveryPassword)
SESAME_API_JSON(FlowAnswer)
SESAME_API_JSON(Service)
SESAME_API_JSON(SchoolServices)
SESAME_API_JSON(ServicesAnswer)
SESAME_API_JSON(StaffInvitation)
SESAME_API_JSON(TotpEnrolment)
SESAME_API_JSON(StaffProfile)
SESAME_API_JSON(RecoveryCodesAnswer)
SESAME_API_JSON(StaffSignIn)
SESAME_API_JSON(SecondFactor)
SESAME_API_JSON(PersonAccount)
SESAME_API_JSON(PersonSummary)
SESAME_API_JSON(PeopleAnswer)
SESAME_API_JSON(LetterIssued)
SESAME_API_JSON(PersonDetails)
SESAME_API_JSON(ClassLetters)
SESAME_API_JSON(ClassProgress)
SESAME_API_JSON(SchoolProgress)
SESAME_API_JSON(AuditLine)
SESAME_API_JSON(AuditAnswer)

#undef SESAME_API_JSON

}  // namespace sesame::api
