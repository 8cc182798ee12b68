// The screens drawn by ImGui without a window or GPU: what the bridge reports is
// what a browser would show, so layout, glyphs and clicks can be checked here.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/app/update.h"
#include "web/ui/app_view.h"
#include "web/ui/bridge.h"
#include "web/ui/fonts.h"

using namespace sesame::web;
using ui::bridge::Widget;

namespace {

std::vector<unsigned char> read_font(const char* name) {
  std::ifstream in(std::string(SESAME_TEST_FONTS_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An ImGui context drawing the app at a given CSS size and density.
class Headless {
 public:
  Headless(float css_width, float css_height, float dpr) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    metrics_ = ui::Metrics{dpr, css_width, css_height};
    io.DisplaySize = ImVec2(css_width * dpr, css_height * dpr);
    files_.regular = read_font("DejaVuSans-subset.ttf");
    files_.bold = read_font("DejaVuSans-Bold-subset.ttf");
    REQUIRE(files_.complete());
    fonts_ = ui::build_fonts(*io.Fonts, files_, metrics_);
    REQUIRE(fonts_.ready());
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    ui::apply_style(ImGui::GetStyle(), metrics_);
  }
  ~Headless() { ImGui::DestroyContext(context_); }

  // Draws frames and feeds the parent's actions back into the state, like the host.
  void frames(AppState& state, int count = 3, float scroll_by = 0) {
    for (int i = 0; i < count; ++i) {
      ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
      ImGui::NewFrame();
      ui::bridge::begin_frame();
      auto events = ui::draw_app(state, ui::ViewInput{metrics_, &fonts_, i == 0 ? scroll_by : 0});
      ImGui::Render();
      ui::bridge::end_frame();
      for (const auto& event : events) {
        seen_.push_back(event);
        update(state, event);
      }
    }
  }

  const Widget* find(std::string_view test_id) const {
    for (const auto& w : ui::bridge::widgets())
      if (w.test_id == test_id) return &w;
    return nullptr;
  }

  void click(AppState& state, const Widget& w) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent((w.min.x + w.max.x) * 0.5f, (w.min.y + w.max.y) * 0.5f);
    frames(state, 1);
    io.AddMouseButtonEvent(0, true);
    frames(state, 1);
    io.AddMouseButtonEvent(0, false);
    frames(state, 2);
  }

  // Scrolls (like a finger on a phone) until the widget is wholly in view.
  const Widget* scroll_to(AppState& state, std::string_view test_id) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      const Widget* w = find(test_id);
      if (!w) return nullptr;
      const float height = ImGui::GetIO().DisplaySize.y;
      if (w->min.y >= 0 && w->max.y <= height) return w;
      frames(state, 2,
             w->max.y > height ? (w->max.y - height) + metrics_.px(16) : w->min.y - metrics_.px(16));
    }
    return find(test_id);
  }

  float css(float device_px) const { return device_px / metrics_.dpr; }
  const ui::Fonts& fonts() const { return fonts_; }
  const std::vector<Event>& seen() const { return seen_; }

 private:
  ImGuiContext* context_ = nullptr;
  ui::Metrics metrics_;
  ui::FontFiles files_;
  ui::Fonts fonts_;
  std::vector<Event> seen_;
};

const std::vector<std::string> kProfileLabels = {
    "Élève", "Représentant légal (parents)", "Personnel Éducation nationale",
    "Enseignement agricole (Élève, parent ou personnel)", "Personnel collectivité et invité"};
const std::vector<std::string> kProfileCodes = {"eleve", "parent", "personnel", "agricole", "collectivite"};

void check_profiles_on_screen(const Headless& page, float css_width, float css_height) {
  for (size_t i = 0; i < kProfileCodes.size(); ++i) {
    INFO(kProfileLabels[i]);
    const Widget* tile = page.find("profil." + kProfileCodes[i]);
    REQUIRE(tile);
    CHECK(tile->label == kProfileLabels[i]);
    CHECK(tile->kind == ui::bridge::Kind::Radio);
    CHECK(page.css(tile->min.x) >= 0);
    CHECK(page.css(tile->min.y) >= 0);
    CHECK(page.css(tile->max.x) <= css_width);
    CHECK(page.css(tile->max.y) <= css_height);
    CHECK(page.css(tile->max.y - tile->min.y) >= 44.0f);
  }
}

// Every character of every text the page drew has a glyph in the baked fonts.
void check_glyphs(const Headless& page) {
  for (const auto& w : ui::bridge::widgets()) {
    const char* s = w.label.c_str();
    const char* end = s + w.label.size();
    while (s < end) {
      unsigned int c = 0;
      s += ImTextCharFromUtf8(&c, s, end);
      INFO(w.label << " U+" << std::hex << c);
      CHECK(page.fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
      CHECK(page.fonts().title->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
  }
}

}  // namespace

TEST_CASE("desktop: the first screen shows the guide's title, five profiles and a disabled button", "[ui]") {
  Headless page(1280, 800, 1);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);

  const Widget* title = page.find("titre");
  REQUIRE(title);
  CHECK(title->label ==
        "Veuillez renseigner quelques informations pour accéder à votre page d'authentification");
  CHECK(page.css(title->max.x - title->min.x) <= 560.0f);  // inside a card of at most 560 CSS px
  check_profiles_on_screen(page, 1280, 800);
  REQUIRE(page.find("niveau.ecole"));
  CHECK(page.find("niveau.ecole")->label == "École");
  CHECK(page.find("niveau.college_lycee")->label == "Collège / Lycée");
  CHECK(page.find("memoriser.non")->checked);
  CHECK_FALSE(page.find("memoriser.oui")->checked);
  const Widget* connect = page.find("se-connecter");
  REQUIRE(connect);
  CHECK(connect->label == "Se connecter");
  CHECK_FALSE(connect->enabled);
  check_glyphs(page);
}

TEST_CASE("phone: one column across the width, the profiles in view, targets of 44 CSS px", "[ui]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);
  check_profiles_on_screen(page, 390, 844);
  const Widget* parent = page.find("profil.parent");
  CHECK(page.css(parent->max.x - parent->min.x) >= 390 - 2 * 16 - 1);
  for (const auto& w : ui::bridge::widgets()) {
    if (w.kind != ui::bridge::Kind::Radio && w.kind != ui::bridge::Kind::Button) continue;
    INFO(w.test_id);
    CHECK(page.css(w.max.y - w.min.y) >= 44.0f);
  }
}

TEST_CASE("clicking a tile selects it; Se connecter then leads a parent to the next screen", "[ui]") {
  Headless page(390, 844, 3);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  page.frames(state);
  page.click(state, *page.find("profil.parent"));
  CHECK(state.choice.profile == "parent");
  CHECK(page.find("profil.parent")->checked);
  CHECK_FALSE(page.find("profil.eleve")->checked);
  page.click(state, *page.scroll_to(state, "niveau.college_lycee"));
  CHECK(page.find("niveau.college_lycee")->checked);
  const Widget* connect = page.scroll_to(state, "se-connecter");
  REQUIRE(connect);
  REQUIRE(connect->enabled);
  page.click(state, *connect);
  CHECK(state.screen == Screen::EduConnectProfile);
  page.frames(state);
  REQUIRE(page.find("titre"));
  CHECK(page.find("titre")->label == "Je sélectionne mon profil");
  REQUIRE(page.find("educonnect.responsable"));
  CHECK(page.find("educonnect.responsable")->label == "Responsable d'élève");
  CHECK(page.find("educonnect.eleve")->label == "Élève");
  REQUIRE(page.find("precedent"));
  CHECK(page.find("precedent")->label == "Précédent");
  page.click(state, *page.find("precedent"));
  CHECK(state.screen == Screen::ProfileChoice);
  CHECK(state.choice.profile == "parent");
  check_glyphs(page);
}

TEST_CASE("the alerts' texts are drawn with the fonts' glyphs", "[ui]") {
  Headless page(390, 844, 2);
  AppState state;
  update(state, AppStarted{"#/profil", std::nullopt});
  update(state, HttpAnswered{RequestKind::Config, 0, ""});
  update(state, ProfilePicked{"agricole"});
  update(state, LevelPicked{"ecole"});
  update(state, ConnectPressed{});
  page.frames(state);
  REQUIRE(page.find("alerte.configuration"));
  REQUIRE(page.find("alerte.configuration.action"));
  CHECK(page.find("alerte.configuration.action")->label == "Réessayer");
  REQUIRE(page.find("alerte.profil"));
  CHECK(page.find("alerte.profil")
            ->label.find("«\u00A0Enseignement agricole (Élève, parent ou personnel)\u00A0»") !=
        std::string::npos);
  check_glyphs(page);
}
