#pragma once
// Keyboard text and clipboard in a browser (GLFW's emulation handles neither well):
// the hidden text agent of glue.js and ImGui's clipboard callbacks.
#include "imgui.h"

namespace sesame::web::platform::browser {

// Sets ImGui's clipboard callbacks to a copy kept here and navigator.clipboard.
void install_clipboard(ImGuiIO& io);
// After each frame: focus the text agent over the field ImGui edits, or let it go.
void sync_text_agent(float dpr);

}  // namespace sesame::web::platform::browser
