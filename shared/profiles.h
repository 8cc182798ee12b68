#pragma once
// The choices of the guide's first screen, shared by the /config answer and the client.
#include <string_view>
#include <vector>

namespace sesame {

struct Choice {
  std::string_view code;   // stable, on the wire: "parent"
  std::string_view label;  // French, as the guide writes it
};

// "eleve", "parent", "personnel", "agricole", "collectivite" in the guide's order.
const std::vector<Choice>& profiles();
// "ecole", "college_lycee".
const std::vector<Choice>& levels();
const Choice* find_profile(std::string_view code);
const Choice* find_level(std::string_view code);

}  // namespace sesame
