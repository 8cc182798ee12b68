#pragma once
// The client's typefaces: DejaVu Sans and DejaVu Sans Bold, subset at build time
// (web/tools/subset_fonts.py), baked by ImGui at the screen's density.
#include <vector>

#include "imgui.h"
#include "web/ui/theme.h"

namespace sesame::web::ui {

// The subset font files' bytes; they must outlive the atlas built from them.
struct FontFiles {
  std::vector<unsigned char> regular;
  std::vector<unsigned char> bold;
  bool complete() const { return !regular.empty() && !bold.empty(); }
};

struct Fonts {
  ImFont* body = nullptr;       // 16 CSS px: paragraphs, labels
  ImFont* body_bold = nullptr;  // 16 CSS px bold: buttons, alert titles, the header
  ImFont* heading = nullptr;    // 18 CSS px bold: "1. Sélectionner votre profil"
  ImFont* title = nullptr;      // 24 CSS px bold (21 on phones): the page title
  float dpr = 0.0f;
  bool narrow = false;
  bool ready() const { return body != nullptr; }
  // Fonts are baked for one density and layout; another needs a rebuild.
  bool match(const Metrics& m) const { return dpr == m.dpr && narrow == m.narrow(); }
};

// The glyph ranges the subset fonts cover (generated at build time from the same list).
const ImWchar* glyph_ranges();

// Clears the atlas and bakes the four faces at the given density. The renderer's
// font texture must be recreated afterwards. Returns empty Fonts if a file is unusable.
Fonts build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& metrics);

}  // namespace sesame::web::ui
