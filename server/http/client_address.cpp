#include "server/http/client_address.h"

#include <string_view>

namespace sesame::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string client_address(const httplib::Request& req, bool behind_proxy) {
  if (behind_proxy && req.has_header("X-Forwarded-For")) {
    // Several headers are joined by the proxy's rules; the last one holds its entry.
    const std::size_t count = req.get_header_value_count("X-Forwarded-For");
    const std::string value = req.get_header_value("X-Forwarded-For", count - 1);
    const std::size_t comma = value.rfind(',');
    const std::size_t start = comma == std::string::npos ? 0 : comma + 1;
    const std::string_view last = trim(std::string_view(value).substr(start));
    if (!last.empty() && last.size() <= 64) return std::string(last);
  }
  return req.remote_addr;
}

}  // namespace sesame::http
