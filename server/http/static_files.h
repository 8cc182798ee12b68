#pragma once
// The web client's files, served read-only from one folder at "/".
//
// Each file is read once and kept in memory with its brotli (quality 11) and gzip
// (level 9) forms, made before the server takes its first request (about a second
// for the client), or by the first request for a file that changed or appeared
// since: afterwards a request costs a lookup, never a compression.
// The form sent follows Accept-Encoding (br, then gzip, then the file itself), with
// `Vary: Accept-Encoding`, a strong ETag per form (the content's hash) and
// `304 Not Modified` for a matching If-None-Match.
#include <httplib.h>

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sesame::http {

// "text/html; charset=utf-8" for ".html", "application/wasm" for ".wasm"…;
// "application/octet-stream" for an unknown extension.
std::string_view content_type_for(const std::filesystem::path& file);

// The content codings the server keeps for each file, in its order of preference.
enum class ContentCoding { brotli, gzip, identity };

// Which codings an Accept-Encoding header accepts ("gzip, deflate, br", "br;q=0, *"…).
// No header at all accepts only identity, as does an empty one.
struct AcceptedCodings {
  bool brotli = false;
  bool gzip = false;
};
AcceptedCodings accepted_codings(std::string_view accept_encoding);

// Whether an If-None-Match header ("*", or a list of entity tags) matches `etag`
// (RFC 9110's weak comparison: W/"x" matches "x").
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

// "sesame.3f9a1c0b7d2e4f60.wasm": a name that carries its content's hash (eight hex
// digits or more between dots) and so can be cached for good.
bool is_content_hashed_name(std::string_view file_name);

class StaticFiles {
 public:
  // `root` must be an existing folder. Its files are read and compressed now.
  explicit StaticFiles(const std::filesystem::path& root);

  // GET and HEAD handler. Anything that is not a file of the folder answers 404,
  // including paths that try to climb out of it: they learn nothing more.
  void serve(const httplib::Request& req, httplib::Response& res) const;

  // The file a URL path names inside the folder, if any. The path is
  // cpp-httplib's decoded one: "%2e%2e" and "%2f" have already become ".." and
  // "/" and are refused like the plain forms.
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;

  std::filesystem::path root_;  // canonical

 private:
  struct File;  // one file's bytes, its compressed forms, their ETags
  using Prepared = std::shared_ptr<const File>;
  // The file's prepared forms, made again when its size or modification time changed.
  Prepared prepared(const std::filesystem::path& real) const;
  void prepare_folder();

  mutable std::mutex mutex_;  // guards cache_ and preparing_
  mutable std::map<std::filesystem::path, Prepared> cache_;
  // Files being prepared: a second request for one waits for the first's work.
  mutable std::map<std::filesystem::path, std::shared_future<Prepared>> preparing_;
};

}  // namespace sesame::http
