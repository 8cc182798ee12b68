#include "web/platform/browser/clipboard.h"

#include <string>

#include "web/platform/browser/browser_js.h"

namespace sesame::web::platform::browser {

namespace {

// The last text copied here (ImGui reads its clipboard back through this).
std::string& clipboard() {
  static std::string text;
  return text;
}

const char* get_clipboard(void*) { return clipboard().c_str(); }

void set_clipboard(void*, const char* text) {
  clipboard() = text ? text : "";
  sesame_js_set_clipboard(clipboard().c_str());
}

}  // namespace

void install_clipboard(ImGuiIO& io) {
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
  io.ClipboardUserData = nullptr;
}

}  // namespace sesame::web::platform::browser
