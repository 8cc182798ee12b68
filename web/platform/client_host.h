#pragma once
// Hosts the app in a window, the same way in a browser and natively: turns the
// app's requests into platform calls and their results into events, bakes the
// fonts for the screen's density, and draws frames only when something changed.
#include <optional>
#include <string>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"
#include "web/ui/fonts.h"
#include "web/ui/theme.h"

namespace sesame::web::platform {

// While a text field has the focus, the caret blinks: one frame this often.
inline constexpr int kCaretBlinkMs = 500;

class ClientHost {
 public:
  // Asks for the fonts and tells the app it started (route, remembered choice).
  void start();
  void handle(const Event& event);
  // The browser's back or forward button changed the address.
  void navigated(const std::string& route);

  // Input arrived: draw a few frames so ImGui sees press, release and the result.
  void want_frames(int frames = 3);
  bool wants_frame() const { return frames_left_ > 0; }
  // While idle, when a frame is due anyway (a countdown's next second); nullopt: none.
  std::optional<int> wake_in_ms() const;
  // The mouse wheel or a finger moved the page by this many device pixels (native window).
  void scroll_by(float device_px);
  // A browser: the document scrolls and the canvas follows (CSS pixels from the top).
  void set_page_scroll(float css_px);
  float page_scroll() const { return page_scroll_css_.value_or(0.0f); }

  // One ImGui frame with the GLFW and OpenGL 3 backends, then the parent's actions.
  // The window's framebuffer must already be sized to the metrics.
  void render_frame(const ui::Metrics& metrics, int framebuffer_width, int framebuffer_height);

  const AppState& state() const { return state_; }
  const std::string& route() const { return route_; }
  bool fonts_ready() const { return fonts_.ready(); }
  float dpr() const { return metrics_.dpr; }

 private:
  void carry_out(const Request& request);
  void tick_clock();
  void font_loaded(bool bold, int status, std::string body);
  void prepare_fonts(const ui::Metrics& metrics);

  AppState state_;
  std::string route_;
  ui::FontFiles font_files_;
  ui::Fonts fonts_;
  ui::Metrics metrics_;
  int frames_left_ = 3;
  float pending_scroll_ = 0;
  std::optional<float> page_scroll_css_;  // set in a browser only
  bool font_failed_ = false;
  bool renderer_ready_ = false;  // the OpenGL backend created its objects
};

}  // namespace sesame::web::platform
