// platform/services.h in a browser: fetch, localStorage, location.hash.
#include <emscripten.h>

#include <cstdlib>
#include <map>

#include "web/platform/browser/browser_js.h"
#include "web/platform/browser/browser_main.h"
#include "web/platform/services.h"

namespace sesame::web::platform {

namespace {

std::map<int, HttpDone>& pending() {
  static std::map<int, HttpDone> requests;
  return requests;
}

void send(const std::string& method, const std::string& url, const std::string& body, HttpDone done) {
  static int next_id = 1;
  const int id = next_id++;
  pending()[id] = std::move(done);
  sesame_js_http_send(id, method.c_str(), url.c_str(), body.c_str());
}

// A string malloc'ed by glue.js, into a std::string.
std::optional<std::string> take(char* text) {
  if (!text) return std::nullopt;
  std::string copy(text);
  std::free(text);
  return copy;
}

}  // namespace

void http_send(const std::string& method, const std::string& path, const std::string& body, HttpDone done) {
  send(method, path, body, std::move(done));  // same origin: the page's server
}

void load_asset(const std::string& name, HttpDone done) { send("GET", name, "", std::move(done)); }

std::optional<std::string> storage_get(const std::string& key) {
  return take(sesame_js_storage_get(key.c_str()));
}
void storage_set(const std::string& key, const std::string& value) {
  sesame_js_storage_set(key.c_str(), value.c_str());
}
void storage_erase(const std::string& key) { sesame_js_storage_erase(key.c_str()); }

std::string route_get() { return take(sesame_js_route_get()).value_or(""); }
void route_push(const std::string& route) { sesame_js_route_push(route.c_str()); }
void open_url(const std::string& url) { sesame_js_open_url(url.c_str()); }

void share_field_font(const std::string& font_file) {
  sesame_js_share_field_font(font_file.data(), static_cast<int>(font_file.size()));
}

void offer_password_save(const std::string& identifier, const std::string& password) {
  sesame_js_offer_password_save(identifier.c_str(), password.c_str());
}
void route_replace(const std::string& route) { sesame_js_route_replace(route.c_str()); }

void save_file(const std::string& name, const std::string& mime, const std::string& bytes) {
  sesame_js_save_file(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}

void wake() { browser::resume_main_loop(); }
void report_fatal(const std::string& french_message) { sesame_js_fatal(french_message.c_str()); }

}  // namespace sesame::web::platform

extern "C" {

// fetch() finished: status 0 when there was no answer.
EMSCRIPTEN_KEEPALIVE void sesame_http_done(int id, int status, const char* data, int size) {
  using namespace sesame::web::platform;
  auto it = pending().find(id);
  if (it == pending().end()) return;
  HttpDone done = std::move(it->second);
  pending().erase(it);
  done(HttpResult{status, std::string(data, static_cast<size_t>(size))});
}

// The browser's back or forward button, or an address edited by hand.
EMSCRIPTEN_KEEPALIVE void sesame_route_changed(const char* route) {
  sesame::web::platform::browser::host().navigated(route);
}

}  // extern "C"
