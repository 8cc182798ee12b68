// sesame-client: the same screens in a desktop window (GLFW + OpenGL 3), for
// debugging. Waits for events instead of drawing continuously, like the browser.
#include <GLFW/glfw3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/platform/client_host.h"
#include "web/platform/native/native_main.h"
#include "web/ui/bridge.h"

namespace sesame::web::platform::native {

namespace {

Options parsed_options;

constexpr const char* kUsage =
    "usage: sesame-client [--server URL] [--assets DIR] [--storage FILE] [--size WIDTHxHEIGHT]\n"
    "                     [--bridge-file PATH] [--route ROUTE]\n"
    "  --server   the Sésame server (default http://127.0.0.1:8080)\n"
    "  --assets   folder holding the subset fonts (default: ../share/sesame beside this program)\n"
    "  --storage  file keeping what a browser keeps in localStorage (default ~/.config/sesame/client.json)\n"
    "  --size     window size in CSS pixels (default 1024x768)\n"
    "  --bridge-file  debugging: after each frame that changed it, write the test bridge's JSON\n"
    "                 (widgets, route) to PATH, atomically, for scripts driving this window\n"
    "  --route    the address's hash at start, as a link would open it (\"#/personnel/invitation/…\")\n";

std::filesystem::path program_folder() {
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::current_path() : self.parent_path();
}

std::string default_assets() {
  auto beside = program_folder() / ".." / "share" / "sesame";
  if (std::filesystem::exists(beside / "DejaVuSans-subset.ttf")) return beside.lexically_normal().string();
  return SESAME_NATIVE_ASSETS_DIR;  // where this build put them
}

std::string default_storage() {
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return std::string(config) + "/sesame/client.json";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.config/sesame/client.json";
  return "sesame-client.json";
}

bool parse(int argc, char** argv) {
  Options& o = parsed_options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--server" && (v = value())) {
      o.server = v;
      while (!o.server.empty() && o.server.back() == '/') o.server.pop_back();
    } else if (arg == "--assets" && (v = value())) {
      o.assets = v;
    } else if (arg == "--storage" && (v = value())) {
      o.storage = v;
    } else if (arg == "--bridge-file" && (v = value())) {
      o.bridge_file = v;
    } else if (arg == "--route" && (v = value())) {
      o.route = v;
    } else if (arg == "--size" && (v = value()) && std::sscanf(v, "%dx%d", &o.width, &o.height) == 2 &&
               o.width > 0 && o.height > 0) {
    } else {
      std::cerr << "sesame-client: unexpected argument " << arg << "\n" << kUsage;
      return false;
    }
  }
  if (o.assets.empty()) o.assets = default_assets();
  if (o.storage.empty()) o.storage = default_storage();
  return true;
}

// ImGui works in window coordinates; on screens where those are already device
// pixels (X11), the content scale is the density, elsewhere the framebuffer scales.
ui::Metrics measure(GLFWwindow* window, int& fb_width, int& fb_height) {
  int win_width = 0, win_height = 0;
  float scale_x = 1, scale_y = 1;
  glfwGetWindowSize(window, &win_width, &win_height);
  glfwGetFramebufferSize(window, &fb_width, &fb_height);
  glfwGetWindowContentScale(window, &scale_x, &scale_y);
  const float framebuffer_scale =
      win_width > 0 ? static_cast<float>(fb_width) / static_cast<float>(win_width) : 1.0f;
  ui::Metrics m;
  m.dpr = std::max(0.5f, scale_x / framebuffer_scale);
  m.css_width = std::max(1.0f, static_cast<float>(win_width) / m.dpr);
  m.css_height = std::max(1.0f, static_cast<float>(win_height) / m.dpr);
  return m;
}

// Mirrors the test bridge into options().bridge_file when the widgets or the route
// changed (the frame number alone does not count): PATH.tmp, then a rename, so a
// reader never sees half a file.
void write_bridge(float dpr, const std::string& route) {
  static std::string last;  // the last JSON written, without its frame number
  const std::string& path = parsed_options.bridge_file;
  if (path.empty()) return;
  const std::string json = ui::bridge::to_json(dpr, route);
  std::string compared = json;
  if (auto at = compared.find("\"frame\":"); at != std::string::npos)
    compared.erase(at, compared.find_first_of(",}", at) - at);
  if (compared == last) return;
  const std::string tmp = path + ".tmp";
  if (std::FILE* file = std::fopen(tmp.c_str(), "wb")) {
    const bool written = std::fwrite(json.data(), 1, json.size(), file) == json.size();
    if (std::fclose(file) == 0 && written && std::rename(tmp.c_str(), path.c_str()) == 0) last = std::move(compared);
  }
}

}  // namespace

const Options& options() { return parsed_options; }

}  // namespace sesame::web::platform::native

int main(int argc, char** argv) {
  using namespace sesame::web::platform;
  if (!native::parse(argc, argv)) return 2;
  const native::Options& o = native::options();

  glfwSetErrorCallback(
      [](int code, const char* text) { std::cerr << "GLFW error " << code << ": " << text << "\n"; });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(o.width, o.height, "Sésame — Première connexion", nullptr, nullptr);
  if (!window) {
    std::cerr << "sesame-client: no OpenGL 3.3 window\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the browser has no such file; neither should its twin
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  std::cout << "sesame-client: server " << o.server << ", fonts from " << o.assets << "\n";
  ClientHost host;
  host.start();
  while (!glfwWindowShouldClose(window)) {
    if (host.wants_frame()) {
      glfwPollEvents();
    } else {
      // Idle: sleep until input, an HTTP answer (glfwPostEmptyEvent), the caret's
      // blink or a countdown's next second.
      std::optional<int> due = host.wake_in_ms();
      if (io.WantTextInput) due = std::min(due.value_or(kCaretBlinkMs), kCaretBlinkMs);
      if (due)
        glfwWaitEventsTimeout(*due / 1000.0);
      else
        glfwWaitEvents();
      host.want_frames();
    }
    native::run_finished_requests();
    int fb_width = 0, fb_height = 0;
    const sesame::web::ui::Metrics metrics = native::measure(window, fb_width, fb_height);
    host.render_frame(metrics, fb_width, fb_height);
    glfwSwapBuffers(window);
    native::write_bridge(metrics.dpr, host.route());
  }
  native::stop_requests();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
