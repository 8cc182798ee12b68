#pragma once
// Calls from the server to the identity provider, with libcurl (TLS checked
// against the system's certificates): the discovery document, the JWKS, the
// token and userinfo endpoints.
#include <chrono>
#include <string>
#include <vector>

namespace sesame::franceconnect {

struct FetchResult {
  int status = 0;  // 0: no answer (refused, timed out, TLS failure)
  std::string content_type;
  std::string body;
  std::string error;  // why there was no answer, for the log
};

// GET `url`, or POST `form` (application/x-www-form-urlencoded) when it is not empty.
// `headers` are full lines ("Authorization: Bearer …"). Answers of more than 1 MiB are cut off (status 0).
FetchResult fetch(const std::string& url, const std::string& form, const std::vector<std::string>& headers,
                  std::chrono::seconds timeout);

// application/x-www-form-urlencoded escaping of one value.
std::string form_escape(const std::string& value);

}  // namespace sesame::franceconnect
