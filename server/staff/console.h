#pragma once
// What the staff console reads and does (docs/api.md, "School staff"), always
// within the staff member's schools: a person outside them is answered
// exactly like one that does not exist. Every action is audited with the
// staff member and the school, in the transaction of the change.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/accounts/pupil_accounts.h"
#include "server/flows/audit.h"
#include "server/flows/refusal.h"
#include "server/services.h"
#include "server/staff/sessions.h"
#include "shared/api.h"

namespace sesame::staff {

using flows::Outcome;
using flows::Refusal;

inline constexpr std::size_t kSearchLimit = 50;
inline constexpr std::size_t kMissingLimit = 500;
inline constexpr int kAuditLines = 200;

enum class PersonKind { pupil, guardian };
std::optional<PersonKind> parse_person_kind(std::string_view text);  // "pupil", "guardian"

struct Search {
  std::string q;                           // name words, accents and case ignored
  std::optional<std::string> uai;          // one of the member's schools
  std::optional<std::string> class_name;   // pupils of that class
  std::optional<PersonKind> kind;          // pupils or guardians only
};

// A PDF to send back (a letter).
struct Pdf {
  std::string filename;  // "lettre-a.dupont07.pdf"
  std::string bytes;
};

class Console {
 public:
  explicit Console(Services& services) : services_(services) {}

  Outcome<api::PeopleAnswer> search(const StaffSession& staff, const Search& search);
  Outcome<api::PersonDetails> person(const StaffSession& staff, PersonKind kind, std::int64_t id);
  Outcome<api::SchoolProgress> progress(const StaffSession& staff, std::string_view uai);
  Outcome<api::PeopleAnswer> missing(const StaffSession& staff, std::string_view uai,
                                     const std::optional<std::string>& class_name);
  Outcome<api::AuditAnswer> audit(const StaffSession& staff, std::string_view uai);

  Outcome<Pdf> pupil_letter(const StaffSession& staff, std::int64_t pupil_id);
  // A legal representative without a usable mobile: their account (made now
  // if they have none) and a temporary password on a one-page letter.
  Outcome<Pdf> activation_letter(const StaffSession& staff, std::int64_t guardian_id);
  Outcome<Pdf> class_letters(const StaffSession& staff, std::string_view uai, std::string_view class_name);
  Outcome<api::PersonDetails> unlock(const StaffSession& staff, PersonKind kind, std::int64_t id);
  Outcome<api::PersonDetails> close_sessions(const StaffSession& staff, PersonKind kind, std::int64_t id);

 private:
  // The school's letters of `recipients`: a new temporary password each, hashed
  // and drawn into one PDF before anything is stored, then stored with `audit`
  // in one transaction, once `still_allowed` (checked in it) says nothing against.
  Outcome<std::string> issue_letters(const std::vector<accounts::LetterRecipient>& recipients,
                                     const std::function<std::optional<Refusal>(store::Connection&)>& still_allowed,
                                     const flows::AuditEntry& audit);
  // An action on the person's account, audited as `audit_kind` in the same
  // transaction; answers the person as it is then.
  Outcome<api::PersonDetails> on_account(
      const StaffSession& staff, PersonKind kind, std::int64_t id, std::string_view audit_kind,
      const std::function<void(store::Connection&, const std::string& identifier, std::int64_t account_id)>& change);

  Services& services_;
};

// The audit log of a school as `sesame-admin audit` prints it: newest first.
std::vector<api::AuditLine> school_audit(store::Connection& connection, std::string_view uai, int limit);

}  // namespace sesame::staff
