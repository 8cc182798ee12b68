#pragma once
// The check every API error answer must pass: status, JSON content type, the
// stable code and the catalogue's French sentence for it.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/messages.h"

namespace sesame::testing {

inline void require_json_error(const httplib::Result& result, int status, const std::string& code) {
  REQUIRE(result);
  CHECK(result->status == status);
  CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
  const nlohmann::json body = nlohmann::json::parse(result->body);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"] == sesame::french_message(code));
}

}  // namespace sesame::testing
