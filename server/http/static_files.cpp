#include "server/http/static_files.h"

#include <brotli/encode.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
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

// Compressing costs about a second per megabyte at brotli's best: larger files
// (none in the client) are sent as they are.
constexpr std::uintmax_t kMaxCompressedFileBytes = 16u << 20;
// A bound on the folder walk at start; the client has a dozen files.
constexpr std::size_t kMaxPreparedAtStart = 10'000;

// Several weeks of seconds would do; a year is what caches understand as "for good".
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// The client is rebuilt under the same names: browsers must check before reusing a copy.
constexpr std::string_view kRevalidate = "no-cache";

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

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Brotli at its best quality, in the mode that suits the content.
std::optional<std::string> brotli_compress(std::string_view data, std::string_view content_type) {
  const BrotliEncoderMode mode = content_type.starts_with("text/") || content_type.starts_with("application/json")
                                     ? BROTLI_MODE_TEXT
                                 : content_type.starts_with("font/") ? BROTLI_MODE_FONT
                                                                     : BROTLI_MODE_GENERIC;
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, mode, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    return std::nullopt;
  out.resize(size);
  return out;
}

// gzip (RFC 1952) at level 9, zlib's best.
std::optional<std::string> gzip_compress(std::string_view data) {
  z_stream stream{};
  constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header and trailer
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const std::size_t written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

// 128 bits of BLAKE2b, base64url: unique enough to name a version of a file.
std::string content_hash(std::string_view data) {
  static const int sodium_ready = sodium_init();
  (void)sodium_ready;
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  std::array<char, sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), digest.data(), digest.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text.data());
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string extension = lowercase(file.extension().string());
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

AcceptedCodings accepted_codings(std::string_view header) {
  // Each element is "coding" or "coding;q=value"; q=0 refuses the coding, and "*"
  // stands for every coding not named. Beyond acceptable or not, the client's
  // weights are not followed: brotli is smaller than gzip for every file here.
  std::optional<bool> brotli, gzip, any;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    bool acceptable = true;
    if (const auto semicolon = element.find(';'); semicolon != std::string_view::npos) {
      std::string params = lowercase(element.substr(semicolon + 1));
      params.erase(std::remove_if(params.begin(), params.end(), [](char c) { return c == ' ' || c == '\t'; }),
                   params.end());
      // "q=0", "q=0.", "q=0.000": a weight of zero.
      if (params.starts_with("q=0") && params.find_first_not_of("0.", 2) == std::string::npos) acceptable = false;
      element = element.substr(0, semicolon);
    }
    const std::string coding = lowercase(trim(element));
    if (coding == "br")
      brotli = acceptable;
    else if (coding == "gzip" || coding == "x-gzip")
      gzip = acceptable;
    else if (coding == "*")
      any = acceptable;
  }
  return AcceptedCodings{brotli.value_or(any.value_or(false)), gzip.value_or(any.value_or(false))};
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  const auto opaque = [](std::string_view tag) {
    tag = trim(tag);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  if (trim(header) == "*") return true;
  while (!header.empty()) {
    const auto comma = header.find(',');
    if (opaque(header.substr(0, comma)) == opaque(etag)) return true;
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return false;
}

bool is_content_hashed_name(std::string_view name) {
  // name.HASH.ext: at least three dot-separated parts, the one before the extension all hex.
  const auto last_dot = name.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return false;
  const auto hash_dot = name.rfind('.', last_dot - 1);
  if (hash_dot == std::string_view::npos || hash_dot == 0) return false;
  const std::string_view hash = name.substr(hash_dot + 1, last_dot - hash_dot - 1);
  return hash.size() >= 8 && hash.size() <= 64 &&
         hash.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// One file as prepared for sending: its bytes and their compressed forms, each
// with its own strong ETag (the content's hash, and the coding): a cache that keeps
// the br and the gzip answers apart must be able to tell them apart.
struct StaticFiles::File {
  struct Form {
    std::shared_ptr<const std::string> bytes;  // null: not kept (not smaller than the file)
    std::string etag;
  };
  std::filesystem::file_time_type modified;
  std::uintmax_t size = 0;
  std::string content_type;
  std::string_view cache_control;
  Form identity, brotli, gzip;
};

// Before the first request: a page load never waits for a compression.
StaticFiles::StaticFiles(const std::filesystem::path& root) : root_(std::filesystem::canonical(root)) {
  prepare_folder();
}

void StaticFiles::prepare_folder() {
  const auto started = std::chrono::steady_clock::now();
  std::size_t count = 0;
  std::error_code error;
  std::filesystem::recursive_directory_iterator it(
      root_, std::filesystem::directory_options::skip_permission_denied, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator() && count < kMaxPreparedAtStart;
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    // The same rules as a request's: what resolve() refuses is never prepared.
    const std::string url_path = "/" + it->path().lexically_relative(root_).generic_string();
    if (const auto real = resolve(url_path)) {
      if (prepared(*real)) ++count;
    }
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  spdlog::debug("web client: {} files read and compressed in {} ms", count, elapsed.count());
}

StaticFiles::Prepared StaticFiles::prepared(const std::filesystem::path& real) const {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(real, error);
  if (error) return nullptr;
  const std::filesystem::file_time_type modified = std::filesystem::last_write_time(real, error);
  if (error) return nullptr;

  std::promise<Prepared> promise;
  std::shared_future<Prepared> theirs;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(real);
        it != cache_.end() && it->second->size == size && it->second->modified == modified)
      return it->second;
    if (const auto it = preparing_.find(real); it != preparing_.end())
      theirs = it->second;
    else
      preparing_.emplace(real, promise.get_future().share());
  }
  if (theirs.valid()) return theirs.get();

  Prepared file;
  try {
    if (std::optional<std::string> content = read_file(real)) {
      auto made = std::make_shared<File>();
      made->modified = modified;
      // The size seen before reading: if the file changed meanwhile, the next request prepares it again.
      made->size = size;
      made->content_type = std::string(content_type_for(real));
      made->cache_control = is_content_hashed_name(real.filename().string()) ? kImmutable : kRevalidate;
      const std::string hash = content_hash(*content);
      made->identity.etag = "\"" + hash + "\"";
      if (content->size() <= kMaxCompressedFileBytes) {
        // A compressed form is kept only when it is smaller (not for a PNG, say).
        if (auto br = brotli_compress(*content, made->content_type); br && br->size() < content->size()) {
          made->brotli = {std::make_shared<const std::string>(std::move(*br)), "\"" + hash + "-br\""};
        }
        if (auto gz = gzip_compress(*content); gz && gz->size() < content->size()) {
          made->gzip = {std::make_shared<const std::string>(std::move(*gz)), "\"" + hash + "-gz\""};
        }
      }
      made->identity.bytes = std::make_shared<const std::string>(std::move(*content));
      file = std::move(made);
    }
  } catch (const std::exception& e) {
    spdlog::error("web client: cannot prepare {}: {}", real.filename().string(), e.what());
  }

  {
    std::lock_guard lock(mutex_);
    if (file) cache_[real] = file;
    preparing_.erase(real);
  }
  promise.set_value(file);
  return file;
}

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

namespace {

// The body as a content provider over the shared bytes rather than set_content():
// no copy per request, and cpp-httplib 0.11 leaves such a body alone. Given a
// body in `res.body` with a text Content-Type, it would gzip or brotli it again
// for a client that accepts it (detail::encoding_type looks only at the
// Content-Type, not at a Content-Encoding already set).
void send_bytes(httplib::Response& res, const std::shared_ptr<const std::string>& bytes, std::size_t offset,
                std::size_t length, const std::string& content_type) {
  if (length == 0) {
    res.set_content(std::string(), content_type);
    return;
  }
  res.set_content_provider(length, content_type,
                           [bytes, offset](std::size_t at, std::size_t count, httplib::DataSink& sink) {
                             return sink.write(bytes->data() + offset + at, count);
                           });
}

struct ByteRange {
  std::size_t first = 0;
  std::size_t length = 0;
};

// cpp-httplib's parsed range (first, last; -1 where absent) within a file of `size`
// bytes, if it overlaps it. A last byte beyond the end means "to the end".
std::optional<ByteRange> satisfiable(const httplib::Range& range, std::size_t size) {
  const auto [first, last] = range;
  if (size == 0) return std::nullopt;
  if (first < 0) {  // "bytes=-N": the last N bytes
    if (last <= 0) return std::nullopt;
    const std::size_t n = std::min(static_cast<std::size_t>(last), size);
    return ByteRange{size - n, n};
  }
  if (static_cast<std::size_t>(first) >= size || (last >= 0 && last < first)) return std::nullopt;
  const std::size_t end = last < 0 ? size - 1 : std::min(static_cast<std::size_t>(last), size - 1);
  return ByteRange{static_cast<std::size_t>(first), end - static_cast<std::size_t>(first) + 1};
}

}  // namespace

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
  const std::optional<std::filesystem::path> real = resolve(req.path);
  const std::shared_ptr<const File> file = real ? prepared(*real) : nullptr;
  if (!file) return send_error(res, 404, "not_found");

  // A Range request is answered here, from the file's own bytes, and taken away from
  // cpp-httplib, whose slicing does not clamp a range to the file's end. The request
  // is cpp-httplib's own non-const object, handed to handlers as const.
  httplib::Ranges ranges;
  ranges.swap(const_cast<httplib::Request&>(req).ranges);
  // If-Range names the version the client has the beginning of; another version: the whole file.
  if (!ranges.empty() && req.has_header("If-Range") && req.get_header_value("If-Range") != file->identity.etag)
    ranges.clear();
  // Several ranges at once (RFC 9110 lets a server ignore a Range): the whole file.
  if (ranges.size() > 1) ranges.clear();

  // The form sent: a range is of the file itself; otherwise the smallest the client accepts.
  const File::Form* form = &file->identity;
  std::string_view coding;
  if (ranges.empty()) {
    const AcceptedCodings accepted = accepted_codings(req.get_header_value("Accept-Encoding"));
    if (accepted.brotli && file->brotli.bytes) {
      form = &file->brotli;
      coding = "br";
    } else if (accepted.gzip && file->gzip.bytes) {
      form = &file->gzip;
      coding = "gzip";
    }
  }

  // If-None-Match comes before Range (RFC 9110 13.2.2): a copy still good is good whole.
  const bool not_modified =
      req.has_header("If-None-Match") && if_none_match_matches(req.get_header_value("If-None-Match"), form->etag);
  std::optional<ByteRange> range;
  if (!not_modified && !ranges.empty()) {
    range = satisfiable(ranges.front(), form->bytes->size());
    if (!range) {
      res.set_header("Content-Range", "bytes */" + std::to_string(form->bytes->size()));
      return send_error(res, 416, error_code_for_status(416));
    }
  }

  res.set_header("Cache-Control", std::string(file->cache_control));
  // The answer depends on Accept-Encoding: shared caches must keep one per coding.
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("ETag", form->etag);
  res.set_header("Accept-Ranges", "bytes");
  if (not_modified) {
    res.status = 304;
    return;
  }
  if (!coding.empty()) res.set_header("Content-Encoding", std::string(coding));
  if (range) {
    res.status = 206;
    res.set_header("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                        std::to_string(range->first + range->length - 1) + "/" +
                                        std::to_string(form->bytes->size()));
    send_bytes(res, form->bytes, range->first, range->length, file->content_type);
    return;
  }
  res.status = 200;
  send_bytes(res, form->bytes, 0, form->bytes->size(), file->content_type);
}

}  // namespace sesame::http
