#pragma once
// The --listen option: "HOST:PORT", "[IPv6]:PORT"; port 0 asks the system for a free port.
#include <optional>
#include <string>
#include <string_view>

namespace sesame::http {

struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1"
  int port = 0;

  // "http://127.0.0.1:8080", "http://[::1]:8080"
  std::string url(int actual_port) const;
};

std::optional<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace sesame::http
