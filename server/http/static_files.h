#pragma once
// The web client's files, served read-only from one folder at "/".
#include <httplib.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sesame::http {

// "text/html; charset=utf-8" for ".html", "application/wasm" for ".wasm"…;
// "application/octet-stream" for an unknown extension.
std::string_view content_type_for(const std::filesystem::path& file);

class StaticFiles {
 public:
  // `root` must be an existing folder.
  explicit StaticFiles(const std::filesystem::path& root);

  // GET and HEAD handler. Anything that is not a file of the folder answers 404,
  // including paths that try to climb out of it: they learn nothing more.
  void serve(const httplib::Request& req, httplib::Response& res) const;

  // The file a URL path names inside the folder, if any. The path is
  // cpp-httplib's decoded one: "%2e%2e" and "%2f" have already become ".." and
  // "/" and are refused like the plain forms.
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;

  std::filesystem::path root_;  // canonical
};

}  // namespace sesame::http
