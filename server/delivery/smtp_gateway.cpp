#include "server/delivery/smtp_gateway.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "server/security/secrets.h"

namespace sesame::delivery {

namespace {

// RFC 2047 asks that a header line holding encoded-words stay within 76
// characters: "Subject: " plus a word of 64 (39 bytes of text) fits.
constexpr std::size_t kBytesPerEncodedWord = 39;
constexpr std::size_t kPlainHeaderTextMax = 66;
constexpr std::size_t kBase64LineLength = 76;  // RFC 2045

std::string base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k)
      group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
  }
  return out;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// Always encoded, in words that each hold whole UTF-8 characters (RFC 2047 §5).
std::string encoded_words(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  do {
    std::size_t end = std::min(text.size(), start + kBytesPerEncodedWord);
    while (end < text.size() && end > start + 1 && is_utf8_continuation(text[end])) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  } while (start < text.size());
  return out;
}

bool is_plain_header_text(std::string_view text) {
  if (text.size() > kPlainHeaderTextMax || text.find("=?") != std::string_view::npos) return false;
  for (const char c : text)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// A display name as an RFC 5322 phrase: atoms and spaces as they are, anything
// else (accents, quotes, commas) as encoded-words.
std::string display_name_phrase(std::string_view name) {
  static const std::regex kAtomsAndSpaces(R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$)");
  const std::string text(name);
  if (std::regex_match(text, kAtomsAndSpaces) && text.find("=?") == std::string::npos) return text;
  return encoded_words(name);
}

// "Sat, 28 Nov 2026 13:41:24 +0000", in English whatever the locale.
std::string rfc5322_date(std::int64_t unix_seconds) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

// text/plain in canonical form (CRLF line ends, RFC 2045), base64 in lines of 76.
std::string base64_body(std::string_view text) {
  std::string canonical;
  canonical.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) canonical += '\r';
    canonical += text[i];
  }
  const std::string encoded = base64(canonical);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += kBase64LineLength)
    out += encoded.substr(i, kBase64LineLength) + "\r\n";
  return out;
}

struct ParsedFrom {
  std::string address;
  std::string header;
};

ParsedFrom parse_from(const std::string& from) {
  static const std::regex kNameAndAddress(R"re(^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$)re");
  std::smatch parts;
  ParsedFrom parsed;
  std::string name;
  if (std::regex_match(from, parts, kNameAndAddress)) {
    name = parts[1].str();
    parsed.address = parts[2].str();
  } else {
    parsed.address = from;
  }
  if (!is_plain_address(parsed.address))
    throw std::invalid_argument(
        "expected an address such as \"Sésame ENT <no-reply@ent.exemple.fr>\", got \"" + from + "\"");
  for (const char c : name)
    if (c == '\r' || c == '\n') throw std::invalid_argument("line break in the sender's name");
  parsed.header = name.empty() ? parsed.address : display_name_phrase(name) + " <" + parsed.address + ">";
  return parsed;
}

struct ParsedUrl {
  bool loopback = false;
};

ParsedUrl parse_url(const std::string& url) {
  static const std::regex kUrl(
      R"(^smtps?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[A-Za-z0-9.-]*)?$)", std::regex::icase);
  std::smatch parts;
  if (!std::regex_match(url, parts, kUrl))
    throw std::invalid_argument("expected smtp://HOST[:PORT] or smtps://HOST[:PORT], got \"" + url + "\"");
  const std::string host = parts[1].str();
  return {host == "localhost" || host.starts_with("127.") || host == "[::1]"};
}

void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl cannot start");
  });
}

// What libcurl reads the message from, in pieces.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload.data.size() - upload.offset);
  upload.data.copy(buffer, n, upload.offset);
  upload.offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

bool is_plain_address(std::string_view address) {
  static const std::regex kAddress(
      R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$)");
  if (address.size() > 254) return false;  // RFC 5321's limit on a path
  return std::regex_match(address.begin(), address.end(), kAddress);
}

std::string encode_header_text(std::string_view text) {
  return is_plain_header_text(text) ? std::string(text) : encoded_words(text);
}

std::string build_message(const EmailEnvelope& envelope) {
  std::string subject = envelope.subject;
  for (char& c : subject)
    if (c == '\r' || c == '\n') c = ' ';
  return "Date: " + rfc5322_date(envelope.date) + "\r\n" +     //
         "From: " + envelope.from_header + "\r\n" +            //
         "To: " + envelope.to + "\r\n" +                       //
         "Subject: " + encode_header_text(subject) + "\r\n" +  //
         "Message-ID: <" + envelope.message_id + ">\r\n" +     //
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n" +
         base64_body(envelope.text);
}

SmtpGateway::SmtpGateway(SmtpSettings settings) : settings_(std::move(settings)) {
  const ParsedUrl url = parse_url(settings_.url);
  const ParsedFrom from = parse_from(settings_.from);
  from_address_ = from.address;
  from_header_ = from.header;
  require_tls_ = settings_.require_tls.value_or(!url.loopback);
  initialize_curl_once();
}

DeliveryResult SmtpGateway::deliver(const OutboxMessage& message) {
  if (!is_plain_address(message.recipient)) return DeliveryResult::failed("not a valid e-mail address");

  const EmailParts parts = split_email(message.body);
  EmailEnvelope envelope;
  envelope.from_header = from_header_;
  envelope.from_address = from_address_;
  envelope.to = message.recipient;
  envelope.subject = parts.subject;
  envelope.text = parts.text;
  envelope.date = std::time(nullptr);
  envelope.message_id = security::random_token() + from_address_.substr(from_address_.find('@'));
  const std::string content = build_message(envelope);

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return DeliveryResult::failed("smtp: libcurl could not create a handle");
  const std::string mail_from = "<" + from_address_ + ">";
  std::unique_ptr<curl_slist, CurlDeleter> recipients(
      curl_slist_append(nullptr, ("<" + message.recipient + ">").c_str()));
  Upload upload{content};
  char error[CURL_ERROR_SIZE] = {};
  const long timeout = static_cast<long>(settings_.timeout.count());

  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(handle, CURLOPT_USE_SSL,
                   static_cast<long>(require_tls_ ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!settings_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(content.size()));
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a multithreaded server
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);

  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) return DeliveryResult::ok();
  // libcurl's text names the step (connect, STARTTLS, RCPT…), never the message.
  return DeliveryResult::failed(std::string("smtp: ") +
                                (error[0] != '\0' ? error : curl_easy_strerror(code)));
}

}  // namespace sesame::delivery
