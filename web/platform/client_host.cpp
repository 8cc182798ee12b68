#include "web/platform/client_host.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "web/app/activation.h"
#include "web/app/update.h"
#include "web/platform/services.h"
#include "web/ui/app_view.h"
#include "web/ui/bridge.h"

namespace sesame::web::platform {

namespace {
constexpr const char* kRegularFont = "DejaVuSans-subset.ttf";
constexpr const char* kBoldFont = "DejaVuSans-Bold-subset.ttf";
// After a change of state, enough frames for ImGui to settle hover and layout.
constexpr int kFramesAfterChange = 2;
}  // namespace

void ClientHost::start() {
  load_asset(kRegularFont, [this](HttpResult r) { font_loaded(false, r.status, std::move(r.body)); });
  load_asset(kBoldFont, [this](HttpResult r) { font_loaded(true, r.status, std::move(r.body)); });
  route_ = route_get();
  handle(AppStarted{route_, storage_get(kRememberedChoiceKey)});
}

void ClientHost::font_loaded(bool bold, int status, std::string body) {
  if (status != 200 || body.empty()) {
    if (!font_failed_)
      report_fatal(
          "Les polices de caractères de Sésame n'ont pas pu être chargées. Rechargez la page dans un "
          "instant.");
    font_failed_ = true;
    return;
  }
  if (!bold) share_field_font(body);
  auto& target = bold ? font_files_.bold : font_files_.regular;
  target.assign(body.begin(), body.end());
  want_frames();
}

void ClientHost::handle(const Event& event) {
  tick_clock();
  for (const auto& request : update(state_, event)) carry_out(request);
  want_frames(kFramesAfterChange);
}

void ClientHost::tick_clock() { update(state_, ClockTicked{glfwGetTime() * 1000.0}); }

std::optional<int> ClientHost::wake_in_ms() const {
  const std::optional<double> at = activation::next_redraw_ms(state_);
  if (!at) return std::nullopt;
  return std::max(0, static_cast<int>(std::ceil(*at - glfwGetTime() * 1000.0)));
}

void ClientHost::navigated(const std::string& route) {
  route_ = route;
  handle(RouteChanged{route});
}

void ClientHost::carry_out(const Request& request) {
  std::visit(
      [this](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, HttpRequest>) {
          const RequestKind kind = r.kind;
          http_send(r.method, r.path, r.body, [this, kind](HttpResult result) {
            handle(HttpAnswered{kind, result.status, std::move(result.body)});
          });
        } else if constexpr (std::is_same_v<T, StoreValue>) {
          storage_set(r.key, r.value);
        } else if constexpr (std::is_same_v<T, EraseValue>) {
          storage_erase(r.key);
        } else if constexpr (std::is_same_v<T, PushRoute>) {
          route_ = r.route;
          route_push(r.route);
        } else if constexpr (std::is_same_v<T, ReplaceRoute>) {
          route_ = r.route;
          route_replace(r.route);
        } else if constexpr (std::is_same_v<T, OpenUrl>) {
          open_url(r.url);
        } else if constexpr (std::is_same_v<T, OfferPasswordSave>) {
          offer_password_save(r.identifier, r.password);
        } else if constexpr (std::is_same_v<T, SaveFile>) {
          save_file(r.name, r.mime, r.bytes);
        } else if constexpr (std::is_same_v<T, CopyText>) {
          ImGui::SetClipboardText(r.text.c_str());  // the platform's clipboard hooks take it on
        }
      },
      request);
}

void ClientHost::want_frames(int frames) {
  if (frames_left_ < frames) frames_left_ = frames;
  wake();
}

void ClientHost::scroll_by(float device_px) {
  pending_scroll_ += device_px;
  want_frames();
}

void ClientHost::set_page_scroll(float css_px) {
  if (page_scroll_css_ == css_px) return;
  page_scroll_css_ = css_px;
  want_frames(1);
}

void ClientHost::prepare_fonts(const ui::Metrics& metrics) {
  if (fonts_.ready() && fonts_.match(metrics)) return;
  if (!font_files_.complete()) return;
  fonts_ = ui::build_fonts(*ImGui::GetIO().Fonts, font_files_, metrics);
  // The backend makes the first texture with its device objects, in its NewFrame.
  if (renderer_ready_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ui::apply_style(ImGui::GetStyle(), metrics);
}

void ClientHost::render_frame(const ui::Metrics& metrics, int framebuffer_width, int framebuffer_height) {
  if (frames_left_ > 0) --frames_left_;
  metrics_ = metrics;
  prepare_fonts(metrics);

  glViewport(0, 0, framebuffer_width, framebuffer_height);
  const ImVec4 background = ImGui::ColorConvertU32ToFloat4(ui::color::kBackground);
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!fonts_.ready()) return;  // the page's loading message stays until the fonts arrive

  ImGui_ImplOpenGL3_NewFrame();
  renderer_ready_ = true;
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::bridge::begin_frame();
  tick_clock();  // the countdowns drawn below show this frame's time
  ui::ViewInput input{metrics, &fonts_, pending_scroll_, std::nullopt};
  if (page_scroll_css_) input.page_scroll = *page_scroll_css_ * metrics.dpr;
  pending_scroll_ = 0;
  std::vector<Event> events = ui::draw_app(state_, input);
  ImGui::Render();
  ui::bridge::end_frame();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  for (const auto& event : events) handle(event);
  // ImGui spreads a burst of input over frames (one key press per frame): draw
  // until its queue is empty, or fast typing shows up only at the caret's blinks.
  if (!ImGui::GetCurrentContext()->InputEventsQueue.empty()) want_frames(1);
}

}  // namespace sesame::web::platform
