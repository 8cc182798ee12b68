// French mobiles (shared/phone.h). Input: the number as typed, then optionally
// a NUL and the selected dial code. An accepted number is French mobile E.164,
// reads back as itself however it is written again (E.164, national "0…",
// displayed groups, another selector), and its mask hides all but two digits.
#include <string>

#include "fuzz.h"
#include "shared/phone.h"

namespace {

using namespace sesame;

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

// What follows a French country code; empty for anything else.
std::string_view national_part(std::string_view e164) {
  for (std::string_view code : {"+33", "+262", "+590", "+594", "+596"}) {
    if (e164.starts_with(code)) return e164.substr(code.size());
  }
  return {};
}

void check_reads_as(std::string_view typed, std::string_view selector, const std::string& expected) {
  const Checked<std::string> again = normalize_mobile_phone(typed, selector);
  SESAME_FUZZ_CHECK(again && *again == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto arguments = fuzz::split_arguments(fuzz::as_text(data, size), 2);
  const std::string_view typed = arguments[0];
  const std::string_view selector = arguments[1];

  const Checked<std::string> phone = normalize_mobile_phone(typed, selector);
  SESAME_FUZZ_CHECK(fuzz::same_outcome(phone, normalize_mobile_phone(typed, selector)));
  if (!phone) {
    fuzz::check_refusal(phone.error());
    return 0;
  }

  // The shape: a French country code and 9 digits of a mobile.
  const std::string& e164 = *phone;
  const std::string_view nsn = national_part(e164);
  SESAME_FUZZ_CHECK(nsn.size() == 9 && all_digits(nsn) && (nsn[0] == '6' || nsn[0] == '7'));
  // Overseas mobiles by their range (ARCEP), whatever code was typed; the rest is metropolitan.
  bool overseas = false;
  for (std::string_view range : {"639", "690", "691", "692", "693", "694", "696", "697"}) {
    overseas = overseas || nsn.starts_with(range);
  }
  SESAME_FUZZ_CHECK(e164.starts_with("+33") == !overseas);

  // The same number written again.
  for (std::string_view dial : {"", "+33", "+262", "+590", "+594", "+596"}) {
    check_reads_as(e164, dial, e164);
    check_reads_as("0" + std::string(nsn), dial, e164);
    check_reads_as(format_phone(e164), dial, e164);
    check_reads_as("00" + e164.substr(1), dial, e164);
  }
  check_reads_as(nsn, "+33", e164);  // the national part after the selector

  // Display: groups of the same digits; the mask keeps the country code, the
  // first group and the last two digits only.
  const std::string shown = format_phone(e164);
  std::string shown_digits;
  for (char c : shown) {
    if (c != ' ') shown_digits.push_back(c);
  }
  SESAME_FUZZ_CHECK(shown_digits == e164);
  const std::string masked = mask_phone(e164);
  SESAME_FUZZ_CHECK(masked.size() == shown.size());
  SESAME_FUZZ_CHECK(masked.ends_with(e164.substr(e164.size() - 2)));
  std::size_t hidden = 0;
  for (char c : masked) hidden += c == '*';
  SESAME_FUZZ_CHECK(hidden == (e164.starts_with("+33") ? 6u : 4u));
  return 0;
}
