#pragma once
// The look: the State design system's (DSFR) colours and the page geometry in
// CSS pixels. ImGui works in device pixels (CSS × devicePixelRatio) so text and
// lines are drawn at the screen's own resolution; px() converts.
#include <cmath>

#include "imgui.h"

namespace sesame::web::ui {

namespace color {
constexpr ImU32 rgb(unsigned hex) {
  return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, 0xFF);
}
inline constexpr ImU32 kBlueFrance = rgb(0x000091);  // primary actions, selection
inline constexpr ImU32 kBlueFranceHover = rgb(0x1212FF);
inline constexpr ImU32 kBlueFranceActive = rgb(0x2323FF);
inline constexpr ImU32 kBlueFranceLight = rgb(0xF5F5FE);  // a selected tile's background
inline constexpr ImU32 kBlueFranceLightHover = rgb(0xE3E3FD);
inline constexpr ImU32 kRedMarianne = rgb(0xE1000F);
inline constexpr ImU32 kText = rgb(0x161616);
inline constexpr ImU32 kTextMention = rgb(0x3A3A3A);  // secondary text
inline constexpr ImU32 kTextHint = rgb(0x666666);     // a field's hint, a stepper's counts
inline constexpr ImU32 kBackground = rgb(0xF6F6F6);   // the page around the card
inline constexpr ImU32 kSurface = rgb(0xFFFFFF);
inline constexpr ImU32 kBorder = rgb(0xDDDDDD);
inline constexpr ImU32 kHover = rgb(0xF6F6F6);
inline constexpr ImU32 kDisabledBackground = rgb(0xE5E5E5);
inline constexpr ImU32 kDisabledText = rgb(0x929292);
inline constexpr ImU32 kError = rgb(0xCE0500);
inline constexpr ImU32 kSuccess = rgb(0x18753C);
inline constexpr ImU32 kInfo = rgb(0x0063CB);
inline constexpr ImU32 kFocus = rgb(0x0A76F6);  // keyboard focus ring
inline constexpr ImU32 kSelection = rgb(0xCACAFB);  // selected text in a field
}  // namespace color

// Where and how big the page is drawn this frame.
struct Metrics {
  float dpr = 1.0f;  // device pixels per CSS pixel
  float css_width = 1280.0f;
  float css_height = 800.0f;

  // One column across the whole width on phones; a centred card above.
  static constexpr float kNarrowBelowCss = 600.0f;
  bool narrow() const { return css_width < kNarrowBelowCss; }
  float px(float css) const { return css * dpr; }
  // Lines and rectangle edges on whole device pixels stay sharp.
  static float snap(float device_px) { return std::floor(device_px + 0.5f); }
};

// Geometry of the page, in CSS pixels.
namespace size {
inline constexpr float kCardMaxWidth = 560.0f;
inline constexpr float kWideCardMaxWidth = 1040.0f;  // the staff console's screens
inline constexpr float kTouchTarget = 44.0f;  // smallest clickable height (WCAG 2.5.5)
inline constexpr float kButtonHeight = 48.0f;
inline constexpr float kTileMinHeight = 56.0f;
inline constexpr float kRadioDiameter = 24.0f;
inline constexpr float kInputHeight = 48.0f;  // a text field's box, level with the buttons
inline constexpr float kCheckboxSide = 24.0f;
inline constexpr float kRounding = 4.0f;
inline constexpr float kFocusRing = 2.0f;
}  // namespace size

// The ImGui style matching the palette, with ImGui's own sizes scaled to the density.
void apply_style(ImGuiStyle& style, const Metrics& metrics);

}  // namespace sesame::web::ui
