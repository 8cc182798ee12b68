#include "server/directory/directory.h"

namespace sesame::directory {

namespace {

constexpr std::string_view kGuardianColumns = "id, external_id, last_name, first_name, mobile_e164, email";

Guardian read_guardian(const store::Statement& row) {
  return Guardian{row.integer(0), row.text(1),          row.text(2),
                  row.text(3),    row.optional_text(4), row.optional_text(5)};
}

}  // namespace

School read_school(const store::Statement& row, int first) {
  return School{row.text(first), row.text(first + 1), row.text(first + 2), row.text(first + 3)};
}

std::optional<School> find_school(store::Connection& connection, std::string_view uai) {
  store::Statement query = connection.query("SELECT uai, name, city, level FROM schools WHERE uai = ?1", uai);
  if (!query.step()) return std::nullopt;
  return read_school(query, 0);
}

std::optional<Guardian> find_guardian(store::Connection& connection, std::int64_t guardian_id) {
  store::Statement query = connection.query(
      "SELECT " + std::string(kGuardianColumns) + " FROM guardians WHERE id = ?1", guardian_id);
  if (!query.step()) return std::nullopt;
  return read_guardian(query);
}

std::optional<Guardian> find_guardian_by_external_id(store::Connection& connection,
                                                     std::string_view external_id) {
  store::Statement query = connection.query(
      "SELECT " + std::string(kGuardianColumns) + " FROM guardians WHERE external_id = ?1", external_id);
  if (!query.step()) return std::nullopt;
  return read_guardian(query);
}

std::optional<std::string> pupil_birth_date(store::Connection& connection, std::int64_t pupil_id) {
  store::Statement query = connection.query("SELECT birth_date FROM pupils WHERE id = ?1", pupil_id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

std::vector<Guardian> find_guardians_by_identity(store::Connection& connection,
                                                 std::string_view last_name_key,
                                                 std::string_view first_name_key,
                                                 std::string_view mobile_e164) {
  store::Statement query = connection.query(
      "SELECT " + std::string(kGuardianColumns) +
          " FROM guardians WHERE last_name_key = ?1 AND first_name_key = ?2 AND mobile_e164 = ?3 ORDER BY id",
      last_name_key, first_name_key, mobile_e164);
  std::vector<Guardian> guardians;
  while (query.step()) guardians.push_back(read_guardian(query));
  return guardians;
}

std::vector<Child> children_of(store::Connection& connection, std::int64_t guardian_id) {
  store::Statement query = connection.query(
      "SELECT p.id, p.external_id, p.last_name, p.first_name, p.birth_date, l.legal_representative, "
      "       s.uai, s.name, s.city, s.level "
      "FROM guardian_pupils l JOIN pupils p ON p.id = l.pupil_id JOIN schools s ON s.uai = p.school_uai "
      "WHERE l.guardian_id = ?1 ORDER BY p.last_name, p.first_name, p.id",
      guardian_id);
  std::vector<Child> children;
  while (query.step()) {
    children.push_back(Child{query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                             query.integer(5) != 0, read_school(query, 6)});
  }
  return children;
}

}  // namespace sesame::directory
