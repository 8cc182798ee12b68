#include "server/delivery/dev_routes.h"

#include <nlohmann/json.hpp>

#include "server/config/clock.h"
#include "server/delivery/outbox.h"
#include "server/http/errors.h"
#include "shared/messages.h"
#include "shared/phone.h"

namespace sesame::delivery {

namespace {

constexpr int kMaxListed = 100;

void list_outbox(store::Database& database, const httplib::Request& req, httplib::Response& res) {
  // Phones are compared as stored, in E.164, whatever way the caller typed
  // them; an e-mail address is compared exactly.
  std::string recipient = req.get_param_value("to");
  // An unencoded "+" in a query string arrives as a space: "?to=+336…".
  if (recipient.starts_with(' ')) recipient[0] = '+';
  if (!recipient.empty() && recipient.find('@') == std::string::npos) {
    const Checked<std::string> phone = normalize_mobile_phone(recipient);
    if (!phone) {
      FieldError error = phone.error();
      error.field = "to";
      return http::send_error(res, 400, api::error_body(error));
    }
    recipient = *phone;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const OutboxMessage& message : messages_to(*database.connection(), recipient, kMaxListed)) {
    list.push_back({{"channel", channel_name(message.channel)},
                    {"to", message.recipient},
                    {"body", message.body},
                    {"created_at", format_iso_utc(message.created_at)}});
  }
  http::send_json(res, 200, list);
}

}  // namespace

void add_dev_routes(http::Router& router, store::Database& database) {
  router.get("/api/v1/dev/outbox", [&database](const httplib::Request& req, httplib::Response& res) {
    list_outbox(database, req, res);
  });
}

}  // namespace sesame::delivery
