#include "web/platform/browser/text_input.h"

#include <emscripten.h>

#include <string>

#include "imgui_internal.h"
#include "web/platform/browser/browser_js.h"
#include "web/platform/browser/browser_main.h"
#include "web/ui/bridge.h"

namespace sesame::web::platform::browser {

namespace {

// What ImGui pastes with Ctrl+V: the last text copied here or pasted into the page.
std::string& clipboard() {
  static std::string text;
  return text;
}

const char* get_clipboard(void*) { return clipboard().c_str(); }

void set_clipboard(void*, const char* text) {
  clipboard() = text ? text : "";
  sesame_js_set_clipboard(clipboard().c_str());
}

bool agent_active = false;

}  // namespace

void install_clipboard(ImGuiIO& io) {
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
  io.ClipboardUserData = nullptr;
}

void sync_text_agent(float dpr) {
  const bool want = ImGui::GetIO().WantTextInput;
  if (!want && !agent_active) return;
  agent_active = want;
  if (!want) {
    sesame_js_sync_text_agent(0, 0, 0, 0, 0, "", "", 0);
    return;
  }
  // The field being edited, as the bridge saw it; its purpose picks the phone's keyboard.
  const ImGuiID active = ImGui::GetCurrentContext()->ActiveId;
  ImVec2 min = ImGui::GetIO().MousePos, max = min;
  std::string input_mode = "text", autocomplete = "off";
  bool secret = false;
  for (const auto& w : ui::bridge::widgets()) {
    if (w.id != active) continue;
    min = w.min;
    max = w.max;
    if (!w.input_mode.empty()) input_mode = w.input_mode;
    if (!w.autocomplete.empty()) autocomplete = w.autocomplete;
    secret = w.secret;
  }
  sesame_js_sync_text_agent(1, min.x / dpr, min.y / dpr, (max.x - min.x) / dpr, (max.y - min.y) / dpr,
                            input_mode.c_str(), autocomplete.c_str(), secret ? 1 : 0);
}

}  // namespace sesame::web::platform::browser

extern "C" {

// Text from the agent (typed, composed, dictated or pasted from a phone's menu).
EMSCRIPTEN_KEEPALIVE void sesame_text_input(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  sesame::web::platform::browser::host().want_frames();
}

// The page received a paste: keep it for ImGui's next Ctrl+V.
EMSCRIPTEN_KEEPALIVE void sesame_clipboard_update(const char* utf8) {
  sesame::web::platform::browser::clipboard() = utf8 ? utf8 : "";
}

}  // extern "C"
