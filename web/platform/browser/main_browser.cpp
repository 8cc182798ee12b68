// The client in a browser: a WebGL2 canvas driven by Emscripten's GLFW, drawn
// only when something happened (input, an answer, a resize), at the screen's
// own pixel density.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <optional>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/platform/browser/browser_js.h"
#include "web/platform/browser/browser_main.h"
#include "web/platform/browser/clipboard.h"
#include "web/platform/browser/mirror.h"
#include "web/ui/bridge.h"

namespace sesame::web::platform::browser {

namespace {

struct Loop {
  GLFWwindow* window = nullptr;
  ClientHost host;
  bool paused = false;
  bool shown = false;  // the first frame with text was drawn
  int framebuffer_width = 0;
  int framebuffer_height = 0;
  ImGuiMouseCursor cursor = ImGuiMouseCursor_Arrow;
};

Loop& loop() {
  static Loop instance;
  return instance;
}

// The canvas fills the page (assets/index.html); its backing store is CSS size × DPR.
ui::Metrics measure() {
  double css_width = 0, css_height = 0;
  emscripten_get_element_css_size("#canvas", &css_width, &css_height);
  ui::Metrics m;
  m.dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (!(m.dpr > 0)) m.dpr = 1.0f;
  m.css_width = static_cast<float>(std::max(css_width, 1.0));
  m.css_height = static_cast<float>(std::max(css_height, 1.0));
  return m;
}

void fit_canvas(const ui::Metrics& m) {
  Loop& l = loop();
  const int width = static_cast<int>(std::lround(m.css_width * m.dpr));
  const int height = static_cast<int>(std::lround(m.css_height * m.dpr));
  if (width == l.framebuffer_width && height == l.framebuffer_height) return;
  l.framebuffer_width = width;
  l.framebuffer_height = height;
  sesame_js_set_backbuffer_size(width, height);
  l.host.want_frames();
}

const char* css_cursor(ImGuiMouseCursor cursor) {
  switch (cursor) {
    case ImGuiMouseCursor_Hand:
      return "pointer";
    case ImGuiMouseCursor_TextInput:
      return "text";
    case ImGuiMouseCursor_NotAllowed:
      return "not-allowed";
    default:
      return "default";
  }
}

void tick() {
  Loop& l = loop();
  const ui::Metrics metrics = measure();
  fit_canvas(metrics);
  if (!l.host.wants_frame()) {
    // Idle: no frame until an event, an answer, the caret's next blink or a countdown's next second.
    if (ui::bridge::editing_text()) sesame_js_wake_in(kCaretBlinkMs);
    if (const std::optional<int> due = l.host.wake_in_ms()) sesame_js_wake_in(*due);
    emscripten_pause_main_loop();
    l.paused = true;
    return;
  }
  const std::string drawn_route = l.host.route();
  l.host.render_frame(metrics, l.framebuffer_width, l.framebuffer_height);
  if (!l.host.fonts_ready()) return;
  sync_mirror(drawn_route);
  if (ImGuiMouseCursor cursor = ImGui::GetMouseCursor(); cursor != l.cursor) {
    l.cursor = cursor;
    sesame_js_set_cursor(css_cursor(cursor));
  }
  if (!l.shown) {
    l.shown = true;
    sesame_js_first_frame();
  }
}

}  // namespace

ClientHost& host() { return loop().host; }

void resume_main_loop() {
  Loop& l = loop();
  if (!l.paused) return;
  l.paused = false;
  emscripten_resume_main_loop();
}

}  // namespace sesame::web::platform::browser

extern "C" {

// Input or a timer: draw `frames` frames (3 lets ImGui see a press, its release and the result).
EMSCRIPTEN_KEEPALIVE void sesame_wake(int frames) {
  sesame::web::platform::browser::host().want_frames(frames);
}

// The finger lifted after a tap: no pointer hovers the page any more.
EMSCRIPTEN_KEEPALIVE void sesame_pointer_gone() {
  ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  sesame::web::platform::browser::host().want_frames();
}

EMSCRIPTEN_KEEPALIVE long sesame_bridge_frame() { return sesame::web::ui::bridge::frame_count(); }

// The last frame's widgets as JSON (valid until the next call).
EMSCRIPTEN_KEEPALIVE const char* sesame_bridge_json() {
  static std::string json;
  auto& host = sesame::web::platform::browser::host();
  json = sesame::web::ui::bridge::to_json(host.dpr(), host.route());
  return json.c_str();
}

}  // extern "C"

int main() {
  using namespace sesame::web::platform::browser;
  Loop& l = loop();
  sesame_js_install_before_glfw();
  if (!glfwInit()) {
    sesame_js_fatal(
        "Votre navigateur ne permet pas d'afficher Sésame. Mettez-le à jour ou essayez un autre navigateur.");
    return 1;
  }
  const sesame::web::ui::Metrics metrics = measure();
  l.framebuffer_width = static_cast<int>(std::lround(metrics.css_width * metrics.dpr));
  l.framebuffer_height = static_cast<int>(std::lround(metrics.css_height * metrics.dpr));
  l.window = glfwCreateWindow(l.framebuffer_width, l.framebuffer_height, "Sésame", nullptr, nullptr);
  if (!l.window) {
    sesame_js_fatal(
        "Votre navigateur ne permet pas d'afficher Sésame (WebGL 2 indisponible). Mettez-le à jour ou "
        "essayez un "
        "autre navigateur.");
    return 1;
  }
  glfwMakeContextCurrent(l.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between visits, and no file system anyway
  io.LogFilename = nullptr;
  // The keyboard belongs to the DOM: its focus, Tab order and inputs are the mirror's
  // (mirror.js); ImGui only draws and takes the mouse. The document scrolls, not ImGui.
  sesame::web::ui::bridge::set_dom_input(true);
  l.host.set_page_scroll(0);
  ImGui_ImplGlfw_InitForOpenGL(l.window, true);
  emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  install_clipboard(io);

  sesame_js_install_bridge();
  l.host.start();
  // requestAnimationFrame; tick() pauses the loop whenever there is nothing to draw.
  emscripten_set_main_loop(tick, 0, false);
  return 0;
}
