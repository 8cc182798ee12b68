#include "web/ui/fonts.h"

namespace sesame::web::ui {

namespace {

// ImGui sizes a font by its line height (ascent + descent); CSS sizes it by its
// em. DejaVu Sans's line is (1901 + 483) / 2048 em.
constexpr float kDejaVuLinePerEm = 2384.0f / 2048.0f;

constexpr ImWchar kGlyphRanges[] = {
#include "glyph_ranges.inc"
};

ImFont* add_face(ImFontAtlas& atlas, const std::vector<unsigned char>& file, float css_em, const Metrics& m) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // FontFiles keeps the bytes
  // Baked at the exact device size: no oversampling, glyphs on whole pixels.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(file.data()), static_cast<int>(file.size()),
                                    m.px(css_em * kDejaVuLinePerEm), &config, kGlyphRanges);
}

}  // namespace

const ImWchar* glyph_ranges() { return kGlyphRanges; }

Fonts build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& metrics) {
  atlas.Clear();
  Fonts fonts;
  if (!files.complete()) return fonts;
  fonts.body = add_face(atlas, files.regular, 16.0f, metrics);
  fonts.body_bold = add_face(atlas, files.bold, 16.0f, metrics);
  fonts.heading = add_face(atlas, files.bold, 18.0f, metrics);
  fonts.title = add_face(atlas, files.bold, metrics.narrow() ? 21.0f : 24.0f, metrics);
  if (!fonts.body || !fonts.body_bold || !fonts.heading || !fonts.title || !atlas.Build()) {
    atlas.Clear();
    return Fonts{};
  }
  fonts.dpr = metrics.dpr;
  fonts.narrow = metrics.narrow();
  return fonts;
}

}  // namespace sesame::web::ui
