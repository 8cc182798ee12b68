#include "web/ui/kit.h"

#include <algorithm>
#include <string>

#include "imgui_internal.h"
#include "web/ui/bridge.h"

namespace sesame::web::ui {

namespace {

using Lines = std::vector<std::string_view>;

float snap(float v) { return Metrics::snap(v); }
// A line at least one device pixel thick, on whole pixels.
float thickness(const Ui& ui, float css) { return std::max(1.0f, snap(ui.px(css))); }

ImGuiID widget_id(std::string_view test_id) {
  return ImGui::GetCurrentWindow()->GetID(test_id.data(), test_id.data() + test_id.size());
}

float text_width(const ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

// Breaks text into lines no wider than width (at spaces; "\n" forces a break).
Lines wrap(const ImFont* font, std::string_view text, float width) {
  Lines lines;
  const char* s = text.data();
  const char* end = s + text.size();
  while (s < end) {
    const char* brk = font->CalcWordWrapPositionA(1.0f, s, end, std::max(width, 1.0f));
    if (brk == s) {  // a word wider than the line: cut it after one character rather than loop
      ++brk;
      while (brk < end && (static_cast<unsigned char>(*brk) & 0xC0) == 0x80) ++brk;
    }
    const char* line_end = brk;
    while (line_end > s && (line_end[-1] == ' ' || line_end[-1] == '\n')) --line_end;
    lines.emplace_back(s, static_cast<size_t>(line_end - s));
    s = brk;
    while (s < end && *s == ' ') ++s;
    if (s < end && *s == '\n') ++s;
  }
  return lines;
}

// Draws lines from top, each centred in a line box of line_height; returns the height used.
float draw_lines(ImDrawList* dl, const ImFont* font, const Lines& lines, ImVec2 top_left, float line_height,
                 ImU32 color) {
  float y = top_left.y;
  for (auto line : lines) {
    float baseline_box = snap(y + (line_height - font->FontSize) * 0.5f);
    dl->AddText(font, font->FontSize, ImVec2(snap(top_left.x), baseline_box), color, line.data(),
                line.data() + line.size());
    y += line_height;
  }
  return line_height * static_cast<float>(lines.size());
}

std::string joined(const Lines& lines) {
  std::string text;
  for (auto line : lines) {
    if (!text.empty()) text += ' ';
    text += line;
  }
  return text;
}

// A rectangle with a border drawn as two fills: sharp at any thickness, unlike
// strokes which straddle pixel edges.
void framed_rect(ImDrawList* dl, ImRect bb, float border, ImU32 border_color, ImU32 fill, float rounding) {
  if (border > 0) {
    dl->AddRectFilled(bb.Min, bb.Max, border_color, rounding);
    bb.Expand(-border);
    rounding = std::max(0.0f, rounding - border);
  }
  dl->AddRectFilled(bb.Min, bb.Max, fill, rounding);
}

// DSFR's focus outline: 2 CSS px, 2 CSS px away from the widget, only for keyboard users.
void focus_ring(const Ui& ui, const ImRect& bb, ImGuiID id) {
  ImGuiContext& g = *GImGui;
  if (g.NavId != id || g.NavDisableHighlight) return;
  const float t = thickness(ui, size::kFocusRing);
  const float o = snap(ui.px(2.0f));
  ImRect outer(bb.Min - ImVec2(o + t, o + t), bb.Max + ImVec2(o + t, o + t));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(outer.Min, ImVec2(outer.Max.x, outer.Min.y + t), color::kFocus);
  dl->AddRectFilled(ImVec2(outer.Min.x, outer.Max.y - t), outer.Max, color::kFocus);
  dl->AddRectFilled(ImVec2(outer.Min.x, outer.Min.y + t), ImVec2(outer.Min.x + t, outer.Max.y - t),
                    color::kFocus);
  dl->AddRectFilled(ImVec2(outer.Max.x - t, outer.Min.y + t), ImVec2(outer.Max.x, outer.Max.y - t),
                    color::kFocus);
}

// Registers an interactive rectangle with ImGui; returns false when it is scrolled out of view.
bool add_item(const ImRect& bb, ImGuiID id) {
  ImGui::SetCursorScreenPos(bb.Min);
  ImGui::ItemSize(bb.GetSize());
  return ImGui::ItemAdd(bb, id);
}

// Registers a radio's clickable rectangle, tells the bridge about it and runs
// ImGui's press logic; `visible` is false when it is scrolled out of view.
struct RadioInteraction {
  bool visible = false;
  bool pressed = false;
  bool hovered = false;
  bool held = false;
};

RadioInteraction interact_radio(const ImRect& bb, ImGuiID id, std::string_view test_id, std::string_view label,
                                bool selected) {
  RadioInteraction r;
  r.visible = add_item(bb, id);
  bridge::describe(id, bridge::Kind::Radio, test_id, label, true, selected);
  if (!r.visible) return r;
  r.pressed = ImGui::ButtonBehavior(bb, id, &r.hovered, &r.held);
  if (r.hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  return r;
}

// Non-interactive block: advance the cursor and tell the bridge what it says.
void add_text_block(const ImRect& bb, bridge::Kind kind, std::string_view test_id, std::string_view text) {
  ImGui::SetCursorScreenPos(bb.Min);
  ImGui::ItemSize(bb.GetSize());
  bridge::describe_text(kind, test_id, text, bb.Min, bb.Max);
}

void radio_circle(const Ui& ui, ImVec2 center, bool selected, bool hovered) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = ui.px(size::kRadioDiameter) * 0.5f;
  const float ring = std::max(1.0f, ui.px(1.0f));
  dl->AddCircleFilled(center, r, color::kBlueFrance);
  dl->AddCircleFilled(center, r - ring, hovered && !selected ? color::kBlueFranceLight : color::kSurface);
  if (selected) dl->AddCircleFilled(center, r * 0.5f, color::kBlueFrance);
}

struct TileLayout {
  float pad_x, pad_y, text_x, text_width, line_height;
};
TileLayout tile_layout(const Ui& ui, Span span) {
  TileLayout t;
  t.pad_x = ui.px(16);
  t.pad_y = ui.px(14);
  t.text_x = span.x + t.pad_x + ui.px(size::kRadioDiameter) + ui.px(12);
  t.text_width = span.x + span.width - t.pad_x - t.text_x;
  t.line_height = ui.px(24);
  return t;
}

}  // namespace

void gap(const Ui& ui, float css) { ImGui::Dummy(ImVec2(0.0f, ui.px(css))); }

void page_header(const Ui& ui, Span content) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImFont* brand = ui.fonts->heading;
  const ImFont* tagline = ui.fonts->body;
  const std::string_view name = "Sésame";
  const std::string_view service = "Espace numérique de travail";
  const float divider_gap = ui.px(16);
  const bool one_row =
      text_width(brand, name) + 2 * divider_gap + thickness(ui, 1) + text_width(tagline, service) <=
      content.width;
  const float height = snap(ui.px(one_row ? 72 : 88));
  const float left = ImGui::GetWindowPos().x;
  const float right = left + ImGui::GetWindowWidth();
  ImRect band(ImVec2(left, snap(origin.y)), ImVec2(right, snap(origin.y) + height));
  dl->AddRectFilled(band.Min, band.Max, color::kSurface);
  dl->AddRectFilled(ImVec2(band.Min.x, band.Max.y - thickness(ui, 1)), band.Max, color::kBorder);

  if (one_row) {
    const float line_h = ui.px(28);
    ImVec2 p(content.x, band.Min.y + (height - line_h) * 0.5f);
    float x = content.x;
    draw_lines(dl, brand, {name}, ImVec2(x, p.y), line_h, color::kBlueFrance);
    x += text_width(brand, name) + divider_gap;
    dl->AddRectFilled(ImVec2(snap(x), snap(p.y + ui.px(2))),
                      ImVec2(snap(x) + thickness(ui, 1), snap(p.y + line_h - ui.px(2))), color::kBorder);
    x += thickness(ui, 1) + divider_gap;
    draw_lines(dl, tagline, {service}, ImVec2(x, p.y), line_h, color::kTextMention);
  } else {
    const float line_h = ui.px(24);
    const float top = band.Min.y + (height - 2 * line_h) * 0.5f;
    draw_lines(dl, brand, {name}, ImVec2(content.x, top), line_h, color::kBlueFrance);
    draw_lines(dl, tagline, {service}, ImVec2(content.x, top + line_h), line_h, color::kTextMention);
  }
  add_text_block(band, bridge::Kind::Heading, "entete", "Sésame — Espace numérique de travail");
}

Card begin_card(Ui& ui, Span outer, float padding_css_x, float padding_css_y, float min_bottom,
                bool bordered) {
  Card card;
  card.min = ImVec2(snap(outer.x), snap(ImGui::GetCursorScreenPos().y));
  card.outer = outer;
  card.padding_bottom = ui.px(padding_css_y);
  card.min_bottom = min_bottom;
  card.bordered = bordered;
  // The card's height is known only at the end: draw its content on a layer above,
  // then its background underneath.
  ImGui::GetWindowDrawList()->ChannelsSplit(2);
  ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
  const float pad_x = ui.px(padding_css_x);
  ui.column = Span{snap(outer.x + pad_x), snap(outer.width - 2 * pad_x)};
  ImGui::SetCursorScreenPos(ImVec2(ui.column.x, card.min.y));
  gap(ui, padding_css_y);
  return card;
}

void end_card(Ui& ui, const Card& card) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float content_end = ImGui::GetCursorScreenPos().y;
  const float bottom = snap(std::max(content_end + card.padding_bottom, card.min_bottom));
  dl->ChannelsSetCurrent(0);
  ImRect bb(card.min, ImVec2(snap(card.outer.x + card.outer.width), bottom));
  if (card.bordered)
    framed_rect(dl, bb, thickness(ui, 1), color::kBorder, color::kSurface, ui.px(size::kRounding));
  else
    dl->AddRectFilled(bb.Min, bb.Max, color::kSurface);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(bb.Min.x, content_end));
  ImGui::ItemSize(ImVec2(bb.GetWidth(), bottom - content_end));
  ui.column = card.outer;
}

void title(const Ui& ui, std::string_view test_id, std::string_view text) {
  const ImFont* font = ui.fonts->title;
  const float line_h = ui.px(ui.metrics.narrow() ? 28 : 32);
  const ImVec2 top(ui.column.x, ImGui::GetCursorScreenPos().y);
  Lines lines = wrap(font, text, ui.column.width);
  float h = draw_lines(ImGui::GetWindowDrawList(), font, lines, top, line_h, color::kText);
  add_text_block(ImRect(top, ImVec2(top.x + ui.column.width, top.y + h)), bridge::Kind::Heading, test_id,
                 text);
}

void heading(const Ui& ui, std::string_view test_id, std::string_view text) {
  const ImFont* font = ui.fonts->heading;
  const float line_h = ui.px(26);
  const ImVec2 top(ui.column.x, ImGui::GetCursorScreenPos().y);
  Lines lines = wrap(font, text, ui.column.width);
  float h = draw_lines(ImGui::GetWindowDrawList(), font, lines, top, line_h, color::kText);
  add_text_block(ImRect(top, ImVec2(top.x + ui.column.width, top.y + h)), bridge::Kind::Heading, test_id,
                 text);
}

void paragraph(const Ui& ui, std::string_view test_id, std::string_view text, ImU32 color) {
  const ImFont* font = ui.fonts->body;
  const float line_h = ui.px(24);
  const ImVec2 top(ui.column.x, ImGui::GetCursorScreenPos().y);
  Lines lines = wrap(font, text, ui.column.width);
  float h = draw_lines(ImGui::GetWindowDrawList(), font, lines, top, line_h, color ? color : color::kText);
  add_text_block(ImRect(top, ImVec2(top.x + ui.column.width, top.y + h)), bridge::Kind::Text, test_id, text);
}

float radio_tile_height(const Ui& ui, Span span, std::string_view label) {
  TileLayout t = tile_layout(ui, span);
  Lines lines = wrap(ui.fonts->body, label, t.text_width);
  return std::max(ui.px(size::kTileMinHeight),
                  t.line_height * static_cast<float>(lines.size()) + 2 * t.pad_y);
}

bool radio_tile(const Ui& ui, Span span, std::string_view test_id, std::string_view label, bool selected,
                float min_height_css) {
  const ImGuiID id = widget_id(test_id);
  TileLayout t = tile_layout(ui, span);
  Lines lines = wrap(ui.fonts->body, label, t.text_width);
  const float text_h = t.line_height * static_cast<float>(lines.size());
  const float h = std::max({ui.px(size::kTileMinHeight), ui.px(min_height_css), text_h + 2 * t.pad_y});
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(span.x), top), ImVec2(snap(span.x + span.width), snap(top + h)));
  const RadioInteraction r = interact_radio(bb, id, test_id, label, selected);
  if (!r.visible) return false;
  const bool hovered = r.hovered, held = r.held;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 fill = selected ? (hovered ? color::kBlueFranceLightHover : color::kBlueFranceLight)
                        : (held      ? color::kDisabledBackground
                           : hovered ? color::kHover
                                     : color::kSurface);
  framed_rect(dl, bb, selected ? thickness(ui, 2) : thickness(ui, 1),
              selected ? color::kBlueFrance : color::kBorder, fill, ui.px(size::kRounding));
  const float text_top = bb.Min.y + (bb.GetHeight() - text_h) * 0.5f;
  radio_circle(ui,
               ImVec2(span.x + t.pad_x + ui.px(size::kRadioDiameter) * 0.5f, text_top + t.line_height * 0.5f),
               selected, hovered);
  draw_lines(dl, ui.fonts->body, lines, ImVec2(t.text_x, text_top), t.line_height, color::kText);
  focus_ring(ui, bb, id);
  return r.pressed;
}

int radio_tile_group(const Ui& ui, const std::vector<TileChoice>& tiles, int max_columns,
                     float min_height_css) {
  const float spacing = ui.px(12);
  int columns = std::max(1, std::min(max_columns, static_cast<int>(tiles.size())));
  // Fewer columns until every label fits on one line: "Collège / Lycée" must not break.
  for (; columns > 1; --columns) {
    const float width =
        (ui.column.width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const TileLayout t = tile_layout(ui, Span{0, width});
    bool fits = true;
    for (const auto& tile : tiles) fits = fits && text_width(ui.fonts->body, tile.label) <= t.text_width;
    if (fits) break;
  }
  const float width =
      snap((ui.column.width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns));
  int clicked = -1;
  for (size_t row = 0; row < tiles.size(); row += static_cast<size_t>(columns)) {
    const size_t end = std::min(tiles.size(), row + static_cast<size_t>(columns));
    float row_height = ui.px(min_height_css);
    for (size_t i = row; i < end; ++i)
      row_height = std::max(row_height, radio_tile_height(ui, Span{0, width}, tiles[i].label));
    const ImVec2 row_top = ImGui::GetCursorScreenPos();
    for (size_t i = row; i < end; ++i) {
      const size_t column = i - row;
      // The last tile of a full row ends exactly at the column's edge.
      const float x = column + 1 == static_cast<size_t>(columns)
                          ? ui.column.x + ui.column.width - width
                          : ui.column.x + static_cast<float>(column) * (width + spacing);
      ImGui::SetCursorScreenPos(row_top);
      if (radio_tile(ui, Span{x, width}, tiles[i].test_id, tiles[i].label, tiles[i].selected,
                     row_height / ui.metrics.dpr))
        clicked = static_cast<int>(i);
    }
    gap(ui, 8);
  }
  return clicked;
}

bool radio(const Ui& ui, std::string_view test_id, std::string_view label, bool selected) {
  const ImGuiID id = widget_id(test_id);
  const float circle = ui.px(size::kRadioDiameter);
  const float text_x = ui.column.x + circle + ui.px(12);
  const float line_h = ui.px(24);
  Lines lines = wrap(ui.fonts->body, label, ui.column.x + ui.column.width - text_x);
  const float text_h = line_h * static_cast<float>(lines.size());
  const float h = std::max(ui.px(size::kTouchTarget), text_h + ui.px(12));
  float widest = 0;
  for (auto line : lines) widest = std::max(widest, text_width(ui.fonts->body, line));
  const float top = snap(ImGui::GetCursorScreenPos().y);
  // The whole label is clickable, as with an HTML <label>.
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(text_x + widest), snap(top + h)));
  const RadioInteraction r = interact_radio(bb, id, test_id, label, selected);
  if (!r.visible) return false;
  const float text_top = bb.Min.y + (h - text_h) * 0.5f;
  radio_circle(ui, ImVec2(ui.column.x + circle * 0.5f, text_top + line_h * 0.5f), selected, r.hovered);
  draw_lines(ImGui::GetWindowDrawList(), ui.fonts->body, lines, ImVec2(text_x, text_top), line_h,
             color::kText);
  focus_ring(ui, bb, id);
  return r.pressed;
}

bool button(const Ui& ui, std::string_view test_id, std::string_view label, ButtonStyle style, bool enabled,
            bool full_width) {
  const ImGuiID id = widget_id(test_id);
  const ImFont* font = ui.fonts->body_bold;
  const float pad_x = ui.px(24);
  const float w =
      full_width ? ui.column.width : std::min(ui.column.width, text_width(font, label) + 2 * pad_x);
  const float h = ui.px(size::kButtonHeight);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(ui.column.x + w), snap(top + h)));
  ImGui::BeginDisabled(!enabled);
  const bool visible = add_item(bb, id);
  bool hovered = false, held = false, pressed = false;
  if (visible) pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
  ImGui::EndDisabled();
  bridge::describe(id, bridge::Kind::Button, test_id, label, enabled, false);
  if (!visible) return false;
  if (hovered && enabled) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 text_color;
  if (style == ButtonStyle::Primary) {
    ImU32 fill = !enabled  ? color::kDisabledBackground
                 : held    ? color::kBlueFranceActive
                 : hovered ? color::kBlueFranceHover
                           : color::kBlueFrance;
    framed_rect(dl, bb, 0, 0, fill, ui.px(size::kRounding));
    text_color = enabled ? color::kSurface : color::kDisabledText;
  } else {
    ImU32 fill = enabled && held      ? color::kBlueFranceLightHover
                 : enabled && hovered ? color::kHover
                                      : color::kSurface;
    framed_rect(dl, bb, thickness(ui, 1), enabled ? color::kBlueFrance : color::kDisabledBackground, fill,
                ui.px(size::kRounding));
    text_color = enabled ? color::kBlueFrance : color::kDisabledText;
  }
  const float tw = text_width(font, label);
  draw_lines(dl, font, {label}, ImVec2(bb.Min.x + (bb.GetWidth() - tw) * 0.5f, bb.Min.y), h, text_color);
  focus_ring(ui, bb, id);
  return pressed && enabled;
}

bool alert(const Ui& ui, std::string_view test_id, AlertKind kind, std::string_view title_text,
           std::string_view message, std::string_view action_label) {
  const ImU32 accent = kind == AlertKind::Error     ? color::kError
                       : kind == AlertKind::Success ? color::kSuccess
                                                    : color::kInfo;
  const char* icon = kind == AlertKind::Error ? "!" : kind == AlertKind::Success ? "✓" : "i";
  const float band = snap(ui.px(40));
  const float pad = ui.px(16);
  const float line_h = ui.px(24);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  const Span body{ui.column.x + band + pad, ui.column.width - band - 2 * pad};
  Lines title_lines = wrap(ui.fonts->body_bold, title_text, body.width);
  Lines message_lines = wrap(ui.fonts->body, message, body.width);
  const float text_h = line_h * static_cast<float>(title_lines.size() + message_lines.size()) + ui.px(4);
  const float action_h = action_label.empty() ? 0.0f : ui.px(12) + ui.px(size::kButtonHeight);
  const float h = snap(pad + text_h + action_h + pad);
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(ui.column.x + ui.column.width), top + h));

  ImDrawList* dl = ImGui::GetWindowDrawList();
  framed_rect(dl, bb, thickness(ui, 1), accent, color::kSurface, 0);
  dl->AddRectFilled(bb.Min, ImVec2(bb.Min.x + band, bb.Max.y), accent);
  // The icon: a white disc with the sign in the alert's colour, level with the title.
  const ImVec2 icon_center(bb.Min.x + band * 0.5f, top + pad + line_h * 0.5f);
  dl->AddCircleFilled(icon_center, ui.px(11), color::kSurface);
  const ImFont* icon_font = ui.fonts->body_bold;
  const float icon_w = text_width(icon_font, icon);
  dl->AddText(icon_font, icon_font->FontSize,
              ImVec2(snap(icon_center.x - icon_w * 0.5f), snap(icon_center.y - icon_font->FontSize * 0.5f)),
              accent, icon);

  float y = top + pad;
  y += draw_lines(dl, ui.fonts->body_bold, title_lines, ImVec2(body.x, y), line_h, color::kText);
  y += ui.px(4);
  y += draw_lines(dl, ui.fonts->body, message_lines, ImVec2(body.x, y), line_h, color::kText);
  std::string said = joined(title_lines) + " " + joined(message_lines);
  bridge::describe_text(bridge::Kind::Alert, test_id, said, bb.Min, bb.Max);

  bool clicked = false;
  if (!action_label.empty()) {
    Ui inside = ui;
    inside.column = body;
    ImGui::SetCursorScreenPos(ImVec2(body.x, y + ui.px(12)));
    clicked =
        button(inside, std::string(test_id) + ".action", action_label, ButtonStyle::Secondary, true, false);
    ImGui::SetCursorScreenPos(ImVec2(bb.Min.x, ImGui::GetCursorScreenPos().y));
    ImGui::ItemSize(ImVec2(bb.GetWidth(), bb.Max.y - ImGui::GetCursorScreenPos().y));
  } else {
    ImGui::SetCursorScreenPos(bb.Min);
    ImGui::ItemSize(bb.GetSize());
  }
  return clicked;
}

}  // namespace sesame::web::ui
