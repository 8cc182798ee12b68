#include "web/app/server_config.h"

#include <catch2/catch.hpp>
#include <string>

using namespace sesame::web;

TEST_CASE("the compiled lists are the guide's five profiles and two levels", "[config]") {
  ServerConfig config = compiled_config();
  REQUIRE(config.profiles.size() == 5);
  CHECK(config.profiles[0] == ChoiceItem{"eleve", "Élève"});
  CHECK(config.profiles[1] == ChoiceItem{"parent", "Représentant légal (parents)"});
  CHECK(config.profiles[3].label == "Enseignement agricole (Élève, parent ou personnel)");
  REQUIRE(config.levels.size() == 2);
  CHECK(config.levels[0] == ChoiceItem{"ecole", "École"});
  CHECK(config.levels[1] == ChoiceItem{"college_lycee", "Collège / Lycée"});
}

TEST_CASE("the server's /config answer is read", "[config]") {
  auto config = parse_server_config(R"json({
    "profiles": [{"code": "parent", "label": "Représentant légal (parents)"}, {"code": "eleve", "label": "Élève"}],
    "levels": [{"code": "ecole", "label": "École"}],
    "franceconnect": true,
    "sms_code_validity_minutes": 20,
    "sms_resend_interval_seconds": 45,
    "something_new": {"ignored": true}
  })json");
  REQUIRE(config);
  REQUIRE(config->profiles.size() == 2);
  CHECK(config->profiles[0] == ChoiceItem{"parent", "Représentant légal (parents)"});
  CHECK(config->levels == std::vector<ChoiceItem>{{"ecole", "École"}});
  CHECK(config->franceconnect);
  CHECK(config->sms_code_validity_minutes == 20);
  CHECK(config->sms_resend_interval_seconds == 45);
}

TEST_CASE("an answer that is not a usable configuration is refused", "[config]") {
  // A complete answer but for the lists given.
  auto with_lists = [](const std::string& profiles, const std::string& levels) {
    return R"json({"franceconnect": false, "sms_code_validity_minutes": 30, "sms_resend_interval_seconds": 60,
                   "profiles": )json" + profiles +
           R"json(, "levels": )json" + levels + "}";
  };
  const std::string levels = R"json([{"code": "ecole", "label": "École"}])json";
  REQUIRE(parse_server_config(with_lists(R"json([{"code": "parent", "label": "Parents"}])json", levels)));

  CHECK_FALSE(parse_server_config(""));
  CHECK_FALSE(parse_server_config("<html>Bad gateway</html>"));
  CHECK_FALSE(parse_server_config(R"json({"profiles": [], "levels": []})json"));  // members missing
  CHECK_FALSE(parse_server_config(with_lists("[]", levels)));
  CHECK_FALSE(parse_server_config(with_lists(R"json([{"code": "parent"}])json", levels)));
  CHECK_FALSE(parse_server_config(with_lists(R"json([{"code": "", "label": "x"}])json", levels)));
  CHECK_FALSE(parse_server_config(with_lists(R"json([{"code": "parent", "label": ""}])json", levels)));
  CHECK_FALSE(parse_server_config(with_lists(R"json("parent")json", levels)));
  CHECK_FALSE(parse_server_config(with_lists(R"json([{"code": "parent", "label": "Parents"}])json", "[]")));
}
