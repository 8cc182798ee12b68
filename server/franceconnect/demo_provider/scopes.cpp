#include "server/franceconnect/demo_provider/scopes.h"

#include <algorithm>

namespace sesame::franceconnect::demo {

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> scopes;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) {
      std::string scope(text.substr(at, end - at));
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(std::move(scope));
    }
    at = end + 1;
  }
  return scopes;
}

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string join(const std::vector<std::string>& list, std::string_view separator) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

}  // namespace sesame::franceconnect::demo
