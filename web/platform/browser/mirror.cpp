#include "web/platform/browser/mirror.h"

#include <emscripten.h>

#include <string>

#include "web/platform/browser/browser_js.h"
#include "web/platform/browser/browser_main.h"
#include "web/ui/bridge.h"

namespace sesame::web::platform::browser {

void sync_mirror(const std::string& drawn_route) {
  static std::string last;
  std::string json = ui::bridge::to_json(host().dpr(), drawn_route, false);
  if (json == last) return;  // nothing moved, nothing changed: the DOM is left alone
  last = std::move(json);
  sesame_js_sync_mirror(last.c_str());
}

}  // namespace sesame::web::platform::browser

extern "C" {

// A DOM element was activated: a click (mouse on the element, a screen reader's
// action), Enter or Space on a button, a radio or checkbox changed, the form submitted.
EMSCRIPTEN_KEEPALIVE void sesame_node_activated(const char* test_id) {
  sesame::web::ui::bridge::activate(test_id ? test_id : "");
  sesame::web::platform::browser::host().want_frames();
}

// An <input>'s value changed (typing, paste, autofill, dictation, composition);
// offsets in UTF-8 bytes.
EMSCRIPTEN_KEEPALIVE void sesame_node_edited(const char* test_id, const char* value, int start, int end,
                                             float scroll_x) {
  sesame::web::ui::bridge::edit(test_id ? test_id : "", value ? value : "", start, end, scroll_x);
  sesame::web::platform::browser::host().want_frames();
}

// Only the caret or the selection of an <input> moved.
EMSCRIPTEN_KEEPALIVE void sesame_node_selected(const char* test_id, int start, int end, float scroll_x) {
  sesame::web::ui::bridge::select(test_id ? test_id : "", start, end, scroll_x);
  sesame::web::platform::browser::host().want_frames(1);
}

// The DOM's focus moved to this node ("" when it left the mirror); visible when
// the browser shows it (keyboard), so the canvas draws the ring.
EMSCRIPTEN_KEEPALIVE void sesame_node_focused(const char* test_id, int visible) {
  sesame::web::ui::bridge::set_focus(test_id ? test_id : "", visible != 0);
  sesame::web::platform::browser::host().want_frames(1);
}

// The document scrolled: the canvas draws the page from there.
EMSCRIPTEN_KEEPALIVE void sesame_page_scrolled(float css_y) {
  sesame::web::platform::browser::host().set_page_scroll(css_y);
}

}  // extern "C"
