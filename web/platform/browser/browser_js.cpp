#include "web/platform/browser/browser_js.h"

#include <emscripten.h>

// clang-format off
EM_JS(void, sesame_js_install_before_glfw, (), { SesameBrowser.installBeforeGlfw(); });
EM_JS(void, sesame_js_install_bridge, (), { SesameBrowser.installBridge(); });
EM_JS(void, sesame_js_http_send, (int id, const char* method, const char* url, const char* body), {
  SesameBrowser.httpSend(id, UTF8ToString(method), UTF8ToString(url), UTF8ToString(body));
});
EM_JS(char*, sesame_js_storage_get, (const char* key), {
  return SesameBrowser.newString(SesameBrowser.storageGet(UTF8ToString(key)));
});
EM_JS(void, sesame_js_storage_set, (const char* key, const char* value), {
  SesameBrowser.storageSet(UTF8ToString(key), UTF8ToString(value));
});
EM_JS(void, sesame_js_storage_erase, (const char* key), { SesameBrowser.storageErase(UTF8ToString(key)); });
EM_JS(char*, sesame_js_route_get, (), { return SesameBrowser.newString(location.hash); });
EM_JS(void, sesame_js_route_push, (const char* route), { SesameBrowser.routePush(UTF8ToString(route)); });
EM_JS(void, sesame_js_open_url, (const char* url), { window.location.assign(UTF8ToString(url)); });
EM_JS(void, sesame_js_offer_password_save, (const char* identifier, const char* password), {
  SesameBrowser.offerPasswordSave(UTF8ToString(identifier), UTF8ToString(password));
});
EM_JS(void, sesame_js_share_field_font, (const char* bytes, int size), {
  SesameMirror.useFont(HEAPU8.slice(bytes, bytes + size).buffer);
});
EM_JS(void, sesame_js_route_replace, (const char* route), { SesameBrowser.routeReplace(UTF8ToString(route)); });
EM_JS(void, sesame_js_sync_mirror, (const char* semantics_json), {
  SesameMirror.sync(UTF8ToString(semantics_json));
});
EM_JS(void, sesame_js_set_clipboard, (const char* text), { SesameBrowser.setClipboard(UTF8ToString(text)); });
EM_JS(void, sesame_js_save_file, (const char* name, const char* mime, const char* bytes, int size), {
  // A copy: the heap may grow (and move) before the browser reads the Blob.
  SesameBrowser.saveFile(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(bytes, bytes + size));
});
EM_JS(void, sesame_js_wake_in, (int milliseconds), { SesameBrowser.wakeIn(milliseconds); });
EM_JS(void, sesame_js_set_backbuffer_size, (int width, int height), {
  SesameBrowser.setBackbufferSize(width, height);
});
EM_JS(void, sesame_js_set_cursor, (const char* css_cursor), { SesameBrowser.setCursor(UTF8ToString(css_cursor)); });
EM_JS(void, sesame_js_first_frame, (), { SesameBrowser.firstFrame(); });
EM_JS(void, sesame_js_fatal, (const char* message), { SesameBrowser.fatal(UTF8ToString(message)); });
// clang-format on
