// The JSON bodies of the API (shared/api.h), read the way the server reads them
// (server/http/request_guard.h: strict UTF-8, JSON parse, typed decoding). The
// first byte picks the type ('A' for kReaders[0], 'B' for the next…, modulo
// their number), the rest is the body. Each body is either decoded,
// and then the value survives encoding and decoding again unchanged, or
// answered with a 400 whose JSON is the documented error; nothing throws.
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fuzz.h"
#include "server/http/request_guard.h"
#include "shared/api.h"

namespace {

using namespace sesame;
using nlohmann::json;

// The codes a body can be refused with (shared/api.h, request_guard.h).
const std::set<std::string> kBodyRefusals = {"invalid_utf8",       "invalid_json",        "invalid_body",
                                             "missing_field",      "invalid_field_type",  "invalid_field_value",
                                             "contact_required"};

void check_refusal_answer(const httplib::Response& res, std::string_view body) {
  SESAME_FUZZ_CHECK(res.status == 400);
  const json answer = json::parse(res.body, nullptr, false);
  SESAME_FUZZ_CHECK(!answer.is_discarded());
  const Checked<api::ErrorAnswer> error = api::decode<api::ErrorAnswer>(answer);
  SESAME_FUZZ_CHECK(error.ok());
  const api::ErrorBody& refusal = error->error;
  SESAME_FUZZ_CHECK(kBodyRefusals.contains(refusal.code));
  SESAME_FUZZ_CHECK(!refusal.message.empty() && is_valid_utf8(refusal.message));
  SESAME_FUZZ_CHECK((refusal.code == "invalid_utf8") == !is_valid_utf8(body));
  // A refusal about a member names it; one about the whole body does not.
  const bool names_member = refusal.code != "invalid_utf8" && refusal.code != "invalid_json" &&
                            refusal.code != "invalid_body";
  SESAME_FUZZ_CHECK(refusal.field.has_value() == names_member);
  SESAME_FUZZ_CHECK(!refusal.field || (!refusal.field->empty() && is_valid_utf8(*refusal.field)));
}

template <class T>
void read_body(std::string_view body) {
  httplib::Request req;
  req.body = std::string(body);
  httplib::Response res;
  const std::optional<T> value = http::read_json_body<T>(req, res);
  if (!value) {
    check_refusal_answer(res, body);
    return;
  }
  SESAME_FUZZ_CHECK(res.status == -1 && res.body.empty());  // nothing answered yet
  // Encoded, as text, and decoded again: the same value.
  const json encoded = *value;
  const Checked<T> decoded = api::decode<T>(json::parse(encoded.dump()));
  SESAME_FUZZ_CHECK(decoded && *decoded == *value);
}

// A route that takes no member (POST /activation/{flow}/sms): any JSON will do.
void read_any(std::string_view body) {
  httplib::Request req;
  req.body = std::string(body);
  httplib::Response res;
  if (!http::read_json(req, res)) check_refusal_answer(res, body);
}

using Reader = void (*)(std::string_view);
// The requests of the server's routes, then the answers the clients decode.
constexpr Reader kReaders[] = {
    read_any,                                // A
    read_body<api::ActivationStart>,         // B
    read_body<api::CodeVerify>,              // C
    read_body<api::ChildrenConfirm>,         // D
    read_body<api::PasswordChoice>,          // E
    read_body<api::Credentials>,             // F
    read_body<api::AlertsPatch>,             // G
    read_body<api::EmailChange>,             // H
    read_body<api::PhoneChange>,             // I
    read_body<api::PasswordChange>,          // J
    read_body<api::PasswordProof>,           // K
    read_body<api::RecoveryIdentifier>,      // L
    read_body<api::RecoveryPassword>,        // M
    read_body<api::ErrorAnswer>,             // N
    read_body<api::Health>,                  // O
    read_body<api::ConfigAnswer>,            // P
    read_body<api::ActivationStartAnswer>,   // Q
    read_body<api::ChildrenAnswer>,          // R
    read_body<api::IdentifierAnswer>,        // S
    read_body<api::SessionAnswer>,           // T
    read_body<api::FlowAnswer>,              // U
    read_body<api::FranceConnectLinkAnswer>, // V
    read_body<api::ServicesAnswer>,          // W
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Reader reader = kReaders[static_cast<std::uint8_t>(data[0] - 'A') % std::size(kReaders)];
  try {
    reader(fuzz::as_text(data + 1, size - 1));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    fuzz::property_failed("no exception", __FILE__, __LINE__);
  }
  return 0;
}
