#include "server/http/static_files.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "server/http/errors.h"

namespace sesame::http {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json; charset=utf-8"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".data", "application/octet-stream"},
}};

bool is_inside(const std::filesystem::path& root, const std::filesystem::path& file) {
  const auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return root_end == root.end();
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(content).str();
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::filesystem::path& root) : root_(std::filesystem::canonical(root)) {}

std::optional<std::filesystem::path> StaticFiles::resolve(std::string_view url_path) const {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;

  // The file is built segment by segment under the root: a segment can never be
  // absolute, climb up, or carry a separator or NUL that the OS would interpret.
  std::filesystem::path file = root_;
  std::string_view rest = url_path.substr(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty()) continue;
    // "." and ".." climb; a hidden file (".git") is not part of the client anyway.
    if (segment.front() == '.' || segment.find_first_of(std::string_view("\\\0", 2)) != segment.npos) {
      return std::nullopt;
    }
    file /= segment;
  }
  if (url_path.back() == '/') file /= "index.html";

  // A symbolic link may still lead outside the root: compare real paths.
  std::error_code error;
  const std::filesystem::path real = std::filesystem::canonical(file, error);
  if (error || !is_inside(root_, real) || !std::filesystem::is_regular_file(real, error)) return std::nullopt;
  return real;
}

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
  const std::optional<std::filesystem::path> file = resolve(req.path);
  std::optional<std::string> content = file ? read_file(*file) : std::nullopt;
  if (!content) return send_error(res, 404, "not_found");
  // The client is rebuilt under the same names: browsers must check before reusing a copy.
  res.set_header("Cache-Control", "no-cache");
  res.set_content(*content, std::string(content_type_for(*file)));
}

}  // namespace sesame::http
