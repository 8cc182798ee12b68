#pragma once
// What the client needs from where it runs. Implemented once for the browser
// (platform/browser/) and once for a desktop window (platform/native/); nothing
// else in the client knows which one it is.
#include <functional>
#include <optional>
#include <string>

namespace sesame::web::platform {

struct HttpResult {
  int status = 0;  // 0: no answer (network down, refused, timed out)
  std::string body;
};
using HttpDone = std::function<void(HttpResult)>;

// A request to the Sésame server; `done` runs later on the UI thread, never inside the call.
void http_send(const std::string& method, const std::string& path, const std::string& body, HttpDone done);
// One of the client's own files (the fonts): beside index.html, or in the native assets folder.
void load_asset(const std::string& name, HttpDone done);

// Small persistent values (localStorage, or a file in the user's configuration folder).
std::optional<std::string> storage_get(const std::string& key);
void storage_set(const std::string& key, const std::string& value);
void storage_erase(const std::string& key);

// The hash route in the address bar ("#/profil"); natively, kept in memory.
std::string route_get();
void route_push(const std::string& route);
void route_replace(const std::string& route);

// Leaves the client for `url` (the browser navigates; natively, it is logged).
void open_url(const std::string& url);

// The regular font's file, once loaded: a browser lays its real <input>s out with the
// same font as the canvas (so a click puts the caret between the same letters); natively, nothing.
void share_field_font(const std::string& font_file);

// Asks the browser's password manager to offer saving this password for this
// identifier (Credential Management API where the browser has it); natively, nothing.
void offer_password_save(const std::string& identifier, const std::string& password);

// Hands a file to the person (a letter's PDF, `bytes` binary as the server sent it): in a
// browser, a download named `name` (a Blob and a link's click); natively, written to the
// current folder under that name, and the path logged.
void save_file(const std::string& name, const std::string& mime, const std::string& bytes);

// Something needs drawing: resume the paused main loop.
void wake();
// A problem that stops the client from starting (no font): told to the parent in French.
void report_fatal(const std::string& french_message);

}  // namespace sesame::web::platform
