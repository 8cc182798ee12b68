#include "shared/profiles.h"

#include <algorithm>

namespace sesame {

const std::vector<Choice>& profiles() {
  static const std::vector<Choice> list = {
      {"eleve", "Élève"},
      {"parent", "Représentant légal (parents)"},
      {"personnel", "Personnel Éducation nationale"},
      {"agricole", "Enseignement agricole (Élève, parent ou personnel)"},
      {"collectivite", "Personnel collectivité et invité"},
  };
  return list;
}

const std::vector<Choice>& levels() {
  static const std::vector<Choice> list = {
      {"ecole", "École"},
      {"college_lycee", "Collège / Lycée"},
  };
  return list;
}

namespace {
const Choice* find_in(const std::vector<Choice>& list, std::string_view code) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Choice& c) { return c.code == code; });
  return it == list.end() ? nullptr : &*it;
}
}  // namespace

const Choice* find_profile(std::string_view code) { return find_in(profiles(), code); }
const Choice* find_level(std::string_view code) { return find_in(levels(), code); }

}  // namespace sesame
