#pragma once
// E-mail through an SMTP relay (the school's or the ENT's), with libcurl. The
// relay is trusted to deliver onwards: an accepted message counts as sent.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/delivery/gateways.h"

namespace sesame::delivery {

struct SmtpSettings {
  std::string url;       // smtp://host[:port] (STARTTLS) or smtps://host[:port] (TLS from the start)
  std::string from;      // "Sésame ENT <no-reply@ent.exemple.fr>" or a bare address
  std::string username;  // empty: no authentication
  std::string password;
  // STARTTLS required on smtp://. Empty: required, except on a loopback host
  // (a local relay, a test server) where it is used only when offered.
  std::optional<bool> require_tls;
  std::chrono::seconds timeout{10};
};

class SmtpGateway final : public Gateway {
 public:
  // Throws std::invalid_argument for a URL that is not smtp(s)://host[:port][/]
  // or a `from` without a valid address.
  explicit SmtpGateway(SmtpSettings settings);
  // Refuses, without connecting, a recipient that is not a plain address:
  // it goes into the envelope and the To header.
  DeliveryResult deliver(const OutboxMessage& message) override;

  bool requires_tls() const { return require_tls_; }

 private:
  SmtpSettings settings_;
  bool require_tls_;
  std::string from_address_;  // the envelope sender: local@domain
  std::string from_header_;   // the From header's value, encoded
};

// local@domain in printable ASCII, without anything that could end a header or
// an SMTP command: what we accept as a recipient or sender.
bool is_plain_address(std::string_view address);

// A header value as RFC 2047 encoded-words (=?UTF-8?B?…?=) of at most 75
// characters each, joined by CRLF and a space (folding), never splitting a
// UTF-8 character; plain short ASCII stays as it is.
std::string encode_header_text(std::string_view text);

// The RFC 5322 message the gateway sends: headers, then the text in base64.
struct EmailEnvelope {
  std::string from_header;  // already encoded
  std::string from_address;
  std::string to;
  std::string subject;     // UTF-8
  std::string text;        // UTF-8, lines ended by \n or \r\n
  std::int64_t date = 0;   // Unix seconds
  std::string message_id;  // without the angle brackets
};
std::string build_message(const EmailEnvelope& envelope);

}  // namespace sesame::delivery
