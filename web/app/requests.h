#pragma once
// What the app asks the platform to do. The platform carries these out and
// reports back with events (HttpAnswered, RouteChanged).
#include <string>
#include <variant>
#include <vector>

namespace sesame::web {

// Which question an HTTP answer replies to.
enum class RequestKind {
  Config,
  SignIn,
  SignOut,
  Me,
  ActivationStart,
  ActivationResend,
  ActivationCode,
  ActivationChildren,
  ActivationPassword,
  AccountAlerts,       // PATCH /me {alerts_at_login}
  AccountEmail,        // POST /me/email
  AccountEmailVerify,  // POST /me/email/verify
  AccountPhone,        // POST /me/phone
  AccountPhoneVerify,  // POST /me/phone/verify
  AccountPassword,     // POST /me/password
  AccountChildren,     // POST /me/children
  AccountFromAccount,  // POST /me/children/from-account
  AccountFranceConnect,  // POST /me/franceconnect: the provider's address to leave for
  ChildTemporaryPassword,  // POST /me/children/{id}/temporary-password
  RecoveryIdentifier,     // POST /recovery/identifier
  RecoveryPasswordStart,  // POST /recovery/password
  RecoveryPasswordCode,   // POST /recovery/password/{flow}/code
  RecoveryPasswordSet,    // POST /recovery/password/{flow}/password
  Services,               // GET /me/services
  FranceConnectPending,   // GET /franceconnect/pending
  FranceConnectAttach,    // POST /franceconnect/attach
  FirstSignInBirthDate,   // POST /first-sign-in/{flow}/birth-date (a pupil's)
  FirstSignInChildren,    // POST /first-sign-in/{flow}/children (a parent's)
  FirstSignInPassword,    // POST /first-sign-in/{flow}/password
  // School staff (staff.h), all under /api/v1/staff:
  StaffInvitation,          // GET /invitations/{token}
  StaffInvitationPassword,  // POST /invitations/{token}/password
  StaffInvitationTotp,      // POST /invitations/{token}/totp
  StaffSignIn,              // POST /session
  StaffSecondFactor,        // POST /session/{flow}/code
  StaffSignOut,             // DELETE /session
  StaffMe,                  // GET /me
  StaffSearch,              // GET /people?q=…&uai=…&class=…&kind=…
  StaffPerson,              // GET /people/{kind}/{id}
  StaffLetter,              // POST /people/{kind}/{id}/letter: a PDF
  StaffUnlock,              // POST /people/{kind}/{id}/unlock
  StaffCloseSessions,       // POST /people/{kind}/{id}/close-sessions
  StaffClassLetters,        // POST /schools/{uai}/letters: a PDF
  StaffProgress,            // GET /schools/{uai}/progress
  StaffMissing,             // GET /schools/{uai}/missing?class=…
  StaffAudit,               // GET /schools/{uai}/audit
};

struct HttpRequest {
  RequestKind kind;
  std::string method;  // "GET", "POST"...
  std::string path;    // from the origin: "/api/v1/config"
  std::string body;    // JSON, empty for GET
  bool operator==(const HttpRequest&) const = default;
};
// Local storage (localStorage in a browser, a file natively).
struct StoreValue {
  std::string key;
  std::string value;
  bool operator==(const StoreValue&) const = default;
};
struct EraseValue {
  std::string key;
  bool operator==(const EraseValue&) const = default;
};
// A new history entry, so the browser's back button returns to the previous screen.
struct PushRoute {
  std::string route;
  bool operator==(const PushRoute&) const = default;
};
// Corrects the address without a history entry (an unknown or empty hash).
struct ReplaceRoute {
  std::string route;
  bool operator==(const ReplaceRoute&) const = default;
};

// Copies text to the clipboard (the identifier's copy button).
struct CopyText {
  std::string text;
  bool operator==(const CopyText&) const = default;
};

// Leaves Sésame for another site (a profile's own sign-in page, a service of the ENT).
struct OpenUrl {
  std::string url;
  bool operator==(const OpenUrl&) const = default;
};

// A password the server just accepted for this identifier (a sign-in, a new account, a
// changed or reset password): the browser's password manager may offer to save it.
struct OfferPasswordSave {
  std::string identifier;
  std::string password;
  bool operator==(const OfferPasswordSave&) const = default;
};

// Hands a file the server made (a letter's PDF) to the person: a download in a browser,
// a file in the current folder natively (platform::save_file).
struct SaveFile {
  std::string name;   // "lettre-DUPONT-Albert.pdf"
  std::string mime;   // "application/pdf"
  std::string bytes;  // the body as received, binary
  bool operator==(const SaveFile&) const = default;
};

using Request = std::variant<HttpRequest, StoreValue, EraseValue, PushRoute, ReplaceRoute, CopyText, OpenUrl,
                             OfferPasswordSave, SaveFile>;

// Appends an OfferPasswordSave; out of line, where gcc 12 sees no uninitialised member in
// the variant's move (its -Wmaybe-uninitialized fires when this is inlined in a big switch).
void offer_password_save(std::vector<Request>& out, const std::string& identifier, const std::string& password);

// Storage key of the first screen's remembered choice ("Mémoriser ce choix").
inline constexpr const char* kRememberedChoiceKey = "sesame.choix-profil";

}  // namespace sesame::web
