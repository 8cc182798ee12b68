#include "web/ui/theme.h"

namespace sesame::web::ui {

void apply_style(ImGuiStyle& style, const Metrics& metrics) {
  style = ImGuiStyle();
  ImGui::StyleColorsLight(&style);
  // The page lays itself out explicitly: no implicit padding or spacing.
  style.WindowPadding = ImVec2(0, 0);
  style.ItemSpacing = ImVec2(0, 0);
  style.ItemInnerSpacing = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.FrameRounding = size::kRounding;
  style.ScrollbarRounding = 6.0f;
  style.ScrollbarSize = 12.0f;
  style.DisabledAlpha = 1.0f;  // disabled widgets pick their own greys
  style.AntiAliasedLines = style.AntiAliasedFill = true;
  style.ScaleAllSizes(metrics.dpr);

  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::kBackground);
  c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(color::rgb(0xC1C1C1));
  c[ImGuiCol_ScrollbarGrabHovered] = ImGui::ColorConvertU32ToFloat4(color::rgb(0x929292));
  c[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(color::rgb(0x666666));
  c[ImGuiCol_NavHighlight] = ImGui::ColorConvertU32ToFloat4(color::kFocus);
  c[ImGuiCol_TextSelectedBg] = ImGui::ColorConvertU32ToFloat4(color::kBlueFranceLightHover);
}

}  // namespace sesame::web::ui
