#include "shared/profiles.h"

#include <catch2/catch.hpp>
#include <string>

using namespace sesame;

TEST_CASE("The guide's profiles, in its order, with its labels", "[profiles]") {
  const std::vector<Choice>& list = profiles();
  REQUIRE(list.size() == 5);
  const std::pair<std::string, std::string> expected[] = {
      {"eleve", "Élève"},
      {"parent", "Représentant légal (parents)"},
      {"personnel", "Personnel Éducation nationale"},
      {"agricole", "Enseignement agricole (Élève, parent ou personnel)"},
      {"collectivite", "Personnel collectivité et invité"},
  };
  for (std::size_t i = 0; i < list.size(); ++i) {
    CHECK(list[i].code == expected[i].first);
    CHECK(list[i].label == expected[i].second);
  }
}

TEST_CASE("The guide's levels", "[profiles]") {
  const std::vector<Choice>& list = levels();
  REQUIRE(list.size() == 2);
  CHECK(list[0].code == "ecole");
  CHECK(list[0].label == "École");
  CHECK(list[1].code == "college_lycee");
  CHECK(list[1].label == "Collège / Lycée");
}

TEST_CASE("Profiles and levels are found by code", "[profiles]") {
  REQUIRE(find_profile("parent") != nullptr);
  CHECK(find_profile("parent")->label == "Représentant légal (parents)");
  CHECK(find_profile("eleve") == &profiles()[0]);
  CHECK(find_profile("Parent") == nullptr);
  CHECK(find_profile("") == nullptr);
  CHECK(find_profile("ecole") == nullptr);

  REQUIRE(find_level("college_lycee") != nullptr);
  CHECK(find_level("college_lycee")->label == "Collège / Lycée");
  CHECK(find_level("ecole") == &levels()[0]);
  CHECK(find_level("lycee") == nullptr);
  CHECK(find_level("parent") == nullptr);
}
