#pragma once
// Items joined as a French sentence lists them: "a", "a et b", "a, b et c".
// For the password's missing rules and the identifiers an SMS or e-mail names.
#include <string>

namespace sesame {

template <class Items>
std::string french_list(const Items& items) {
  std::string text;
  std::size_t i = 0;
  for (const auto& item : items) {
    if (i > 0) text += i + 1 == std::size(items) ? " et " : ", ";
    text += item;
    ++i;
  }
  return text;
}

}  // namespace sesame
