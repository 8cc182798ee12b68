// The "p.nomXX" identifiers (shared/identifier.h). Input: what the sign-in form
// got, then NUL-separated a first name, a last name, and bytes that pick the
// first suffix tried and the identifiers already taken. The format is checked
// against a pattern matcher of its own; an identifier is generated exactly as
// documented: the first free suffix in the documented order, never a taken one.
#include <set>
#include <string>

#include "fuzz.h"
#include "shared/identifier.h"
#include "shared/names.h"

namespace {

using namespace sesame;

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// ^[a-z]\.[a-z]{1,20}[0-9]{2,3}$, by counting.
bool oracle_format(std::string_view id) {
  if (id.size() < 2 || !lower(id[0]) || id[1] != '.') return false;
  std::size_t letters = 0;
  std::size_t digits = 0;
  for (char c : id.substr(2)) {
    if (lower(c) && digits == 0) {
      ++letters;
    } else if (digit(c)) {
      ++digits;
    } else {
      return false;
    }
  }
  return letters >= 1 && letters <= kIdentifierNameMaxLength && digits >= 2 && digits <= 3;
}

std::string suffix_text(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto arguments = fuzz::split_arguments(fuzz::as_text(data, size), 4);

  // What the sign-in form accepts.
  const std::string_view typed = arguments[0];
  SESAME_FUZZ_CHECK(is_identifier_format(typed) == oracle_format(typed));
  const Checked<std::string> id = normalize_identifier(typed);
  SESAME_FUZZ_CHECK(fuzz::same_outcome(id, normalize_identifier(typed)));
  if (id) {
    SESAME_FUZZ_CHECK(oracle_format(*id));
    const Checked<std::string> again = normalize_identifier(*id);
    SESAME_FUZZ_CHECK(again && *again == *id);
  } else {
    fuzz::check_refusal(id.error());
  }

  // Generation. The control bytes: the first is the first suffix (signed, any
  // value is taken modulo 100); each other marks suffixes taken: 0..199 the
  // suffix n % 100, 200..253 the three digits 100 + n - 200, 254 every suffix
  // (nothing left to give) and 255 every two-digit one.
  const std::string_view first_name = arguments[1];
  const std::string_view last_name = arguments[2];
  const std::string_view control = arguments[3];
  const int first_suffix = control.empty() ? 0 : static_cast<signed char>(control[0]) * 7;
  std::set<int> taken;
  for (std::size_t i = 1; i < control.size(); ++i) {
    const int byte = static_cast<unsigned char>(control[i]);
    if (byte < 200) taken.insert(byte % 100);
    if (byte >= 200 && byte < 254) taken.insert(100 + byte - 200);
    if (byte >= 254) {
      for (int n = 0; n < (byte == 254 ? 1000 : 100); ++n) taken.insert(n);
    }
  }
  const std::string first = name_identifier_part(first_name);
  const std::string last = name_identifier_part(last_name).substr(0, kIdentifierNameMaxLength);
  const std::string prefix = first.empty() || last.empty() ? "" : first.substr(0, 1) + "." + last;

  std::size_t asked = 0;
  const auto is_taken = [&](std::string_view candidate) {
    ++asked;
    SESAME_FUZZ_CHECK(candidate.starts_with(prefix) && oracle_format(candidate));
    // "07" is 7 and "100" is 100: two and three digits never meet.
    return taken.contains(std::stoi(std::string(candidate.substr(prefix.size()))));
  };
  const Checked<std::string> generated = generate_identifier(first_name, last_name, is_taken, first_suffix);

  // The documented order: first_suffix modulo 100 onward, wrapping, then 100..999.
  std::string expected;
  if (!prefix.empty()) {
    const int start = ((first_suffix % 100) + 100) % 100;
    for (int i = 0; i < 100 && expected.empty(); ++i) {
      if (!taken.contains((start + i) % 100)) expected = prefix + suffix_text((start + i) % 100);
    }
    for (int n = 100; n <= 999 && expected.empty(); ++n) {
      if (!taken.contains(n)) expected = prefix + std::to_string(n);
    }
  }
  SESAME_FUZZ_CHECK(asked <= 1000);
  if (expected.empty()) {
    SESAME_FUZZ_CHECK(!generated && generated.error().code == "identifier_unavailable");
    fuzz::check_refusal(generated.error());
  } else {
    SESAME_FUZZ_CHECK(generated && *generated == expected);
    const Checked<std::string> accepted = normalize_identifier(*generated);
    SESAME_FUZZ_CHECK(accepted && *accepted == *generated);
  }
  return 0;
}
