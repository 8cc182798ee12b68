#pragma once
// Reading the directory (schools, guardians, pupils and their links, as the
// schools export them): what the activation and account flows ask of it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/database.h"

namespace sesame::directory {

struct School {
  std::string uai;
  std::string name;
  std::string city;
  std::string level;  // "ecole" or "college_lycee"
};

struct Guardian {
  std::int64_t id = 0;
  std::string external_id;
  std::string last_name;
  std::string first_name;
  std::optional<std::string> mobile_e164;
  std::optional<std::string> email;
};

// A pupil as seen from one of their guardians.
struct Child {
  std::int64_t pupil_id = 0;
  std::string external_id;
  std::string last_name;
  std::string first_name;
  std::string birth_date;  // ISO
  bool legal_representative = false;
  School school;
};

// The school of a row whose columns `first`.. are s.uai, s.name, s.city, s.level:
// the one order every query that joins schools selects them in.
School read_school(const store::Statement& row, int first);

std::optional<School> find_school(store::Connection& connection, std::string_view uai);
std::optional<Guardian> find_guardian(store::Connection& connection, std::int64_t guardian_id);
std::optional<Guardian> find_guardian_by_external_id(store::Connection& connection,
                                                     std::string_view external_id);

// The guardians a parent may be: same name keys (shared name_match_key) and same mobile.
// Namesakes with another mobile are not returned.
std::vector<Guardian> find_guardians_by_identity(store::Connection& connection,
                                                 std::string_view last_name_key,
                                                 std::string_view first_name_key,
                                                 std::string_view mobile_e164);

// A pupil's birth date as the school exported it (ISO), if the pupil exists.
std::optional<std::string> pupil_birth_date(store::Connection& connection, std::int64_t pupil_id);

// Every pupil linked to the guardian, in every school, by last then first name.
std::vector<Child> children_of(store::Connection& connection, std::int64_t guardian_id);

}  // namespace sesame::directory
