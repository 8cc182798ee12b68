#pragma once
// C++ entry points into glue.js (SesameBrowser) and mirror.js (SesameMirror),
// defined with EM_JS in browser_js.cpp.
extern "C" {
void sesame_js_install_before_glfw();
void sesame_js_install_bridge();
void sesame_js_http_send(int id, const char* method, const char* url, const char* body);
char* sesame_js_storage_get(const char* key);  // malloc'ed, or null; the caller frees
void sesame_js_storage_set(const char* key, const char* value);
void sesame_js_storage_erase(const char* key);
char* sesame_js_route_get();  // malloc'ed; the caller frees
void sesame_js_route_push(const char* route);
void sesame_js_route_replace(const char* route);
void sesame_js_open_url(const char* url);
void sesame_js_offer_password_save(const char* identifier, const char* password);
void sesame_js_share_field_font(const char* bytes, int size);
void sesame_js_sync_mirror(const char* semantics_json);
void sesame_js_set_clipboard(const char* text);
void sesame_js_save_file(const char* name, const char* mime, const char* bytes, int size);
void sesame_js_wake_in(int milliseconds);
void sesame_js_set_backbuffer_size(int width, int height);
void sesame_js_set_cursor(const char* css_cursor);
void sesame_js_first_frame();
void sesame_js_fatal(const char* message);
}
