#pragma once
// The clipboard in a browser (GLFW's emulation has none): what the client copies
// (the new identifier) goes to navigator.clipboard.
#include "imgui.h"

namespace sesame::web::platform::browser {

// Sets ImGui's clipboard callbacks to a copy kept here and navigator.clipboard.
void install_clipboard(ImGuiIO& io);

}  // namespace sesame::web::platform::browser
