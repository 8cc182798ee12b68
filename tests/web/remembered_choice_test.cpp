#include "web/app/remembered_choice.h"

#include <catch2/catch.hpp>

using namespace sesame::web;

TEST_CASE("a remembered choice comes back as it was stored", "[remembered]") {
  ProfileChoiceForm choice{"parent", "college_lycee", true};
  auto back = decode_remembered_choice(encode_remembered_choice(choice), compiled_config());
  REQUIRE(back);
  CHECK(*back == choice);
}

TEST_CASE("a damaged or outdated remembered choice is ignored", "[remembered]") {
  const ServerConfig config = compiled_config();
  CHECK_FALSE(decode_remembered_choice("", config));
  CHECK_FALSE(decode_remembered_choice("{", config));
  CHECK_FALSE(decode_remembered_choice("[]", config));
  CHECK_FALSE(decode_remembered_choice(R"json({"profil":"parent"})json", config));
  CHECK_FALSE(decode_remembered_choice(R"json({"profil":"parent","niveau":3})json", config));
  CHECK_FALSE(decode_remembered_choice(R"json({"profil":"pirate","niveau":"ecole"})json", config));
  CHECK_FALSE(decode_remembered_choice(R"json({"profil":"parent","niveau":"universite"})json", config));
}
