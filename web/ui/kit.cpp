#include "web/ui/kit.h"

#include <algorithm>
#include <cmath>
#include <optional>
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

// The lines of wrap() as one text again: a space where the text broke at spaces or a "\n",
// none where it broke inside a word ("identifiant a." then "dupont07": after a full stop,
// or in a word wider than the line).
std::string joined(const Lines& lines) {
  std::string text;
  const char* previous_end = nullptr;
  for (auto line : lines) {
    if (previous_end && line.data() != previous_end) text += ' ';
    text += line;
    previous_end = line.data() + line.size();
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
void focus_ring(const Ui& ui, const ImRect& bb, ImGuiID id, std::string_view test_id) {
  if (!bridge::shows_focus(id, test_id)) return;
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

// Registers a clickable rectangle (radio, checkbox, link, tile, FranceConnect's
// button), tells the bridge about it and runs ImGui's press logic; `visible` is
// false when it is scrolled out of view. `checked` is a radio's or checkbox's state.
struct Interaction {
  bool visible = false;
  bool pressed = false;
  bool hovered = false;
  bool held = false;
};

Interaction interact(const ImRect& bb, ImGuiID id, std::string_view test_id, std::string_view label,
                     bridge::Kind kind, bool checked = false) {
  Interaction r;
  r.visible = add_item(bb, id);
  bridge::describe(id, kind, test_id, label, true, checked);
  r.pressed = bridge::take_activation(test_id);
  if (!r.visible) return r;
  r.pressed = ImGui::ButtonBehavior(bb, id, &r.hovered, &r.held) || r.pressed;
  if (r.hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  return r;
}

// Non-interactive block: advance the cursor and tell the bridge what it says.
bridge::Widget& add_text_block(const ImRect& bb, bridge::Kind kind, std::string_view test_id,
                               std::string_view text) {
  ImGui::SetCursorScreenPos(bb.Min);
  ImGui::ItemSize(bb.GetSize());
  return bridge::describe_text(kind, test_id, text, bb.Min, bb.Max);
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

// Three quarters of a ring turning once a second and a bit: "working".
void spinner(const Ui& ui, ImVec2 center, float radius, ImU32 color) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float start = static_cast<float>(std::fmod(ImGui::GetTime() * 5.0, 2.0 * IM_PI));
  dl->PathArcTo(center, radius - ui.px(1), start, start + 1.5f * IM_PI, 24);
  dl->PathStroke(color, 0, std::max(1.0f, ui.px(2)));
}

// The four edges of a box, each its own fill (sharp at any density); the bottom may be thicker.
void box_edges(ImDrawList* dl, const ImRect& bb, float side, ImU32 side_color, float bottom,
               ImU32 bottom_color) {
  dl->AddRectFilled(bb.Min, ImVec2(bb.Max.x, bb.Min.y + side), side_color);
  dl->AddRectFilled(ImVec2(bb.Min.x, bb.Min.y + side), ImVec2(bb.Min.x + side, bb.Max.y - bottom),
                    side_color);
  dl->AddRectFilled(ImVec2(bb.Max.x - side, bb.Min.y + side), ImVec2(bb.Max.x, bb.Max.y - bottom),
                    side_color);
  dl->AddRectFilled(ImVec2(bb.Min.x, bb.Max.y - bottom), bb.Max, bottom_color);
}

// The caller's std::string is ImGui's buffer, grown on demand. After an edit that went
// past max_bytes, what was just typed or pasted (the text before the cursor) loses its
// end, whole characters only: typing into a full field does nothing and a long paste
// is cut, like HTML's maxlength.
struct FieldBuffer {
  std::string* value;
  std::size_t max_bytes;
};

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int field_buffer_callback(ImGuiInputTextCallbackData* data) {
  auto* field = static_cast<FieldBuffer*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    field->value->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = field->value->data();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit &&
             static_cast<std::size_t>(data->BufTextLen) > field->max_bytes) {
    const int excess = data->BufTextLen - static_cast<int>(field->max_bytes);
    int from = data->CursorPos - excess;
    int to = data->CursorPos;
    if (from < 0) {  // the text was too long before this edit: keep its beginning
      from = static_cast<int>(field->max_bytes);
      to = data->BufTextLen;
    }
    while (from > 0 && utf8_continuation(data->Buf[from])) --from;
    data->DeleteChars(from, to - from);
  }
  return 0;
}

// Cuts a string to at most max_bytes, whole UTF-8 characters only (HTML's maxlength).
void fit_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

// A byte offset of `text` moved back to the start of its character, within the text.
std::size_t char_boundary(std::string_view text, int offset) {
  std::size_t at = static_cast<std::size_t>(std::clamp(offset, 0, static_cast<int>(text.size())));
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A field's text as the browser's <input> holds it: the value (or a bullet per
// character when masked) at the input's own scroll, its selection and a blinking caret.
void draw_dom_text(const Ui& ui, const ImRect& box, std::string_view value, bool masked,
                   const bridge::TextState* text, bool focused, ImU32 color) {
  static constexpr std::string_view kBullet = "\u2022";
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImFont* font = ui.fonts->body;
  const float pad = ui.px(16);
  std::string shown;
  std::size_t start = 0, end = 0;
  if (text) {
    start = char_boundary(value, std::min(text->selection_start, text->selection_end));
    end = char_boundary(value, std::max(text->selection_start, text->selection_end));
  } else {
    start = end = value.size();
  }
  if (masked) {
    for (std::size_t i = 0, n = code_points(value); i < n; ++i) shown += kBullet;
    start = code_points(value.substr(0, start)) * kBullet.size();
    end = code_points(value.substr(0, end)) * kBullet.size();
  } else {
    shown = value;
  }
  const float left = box.Min.x + pad - (text ? ui.px(text->scroll_x_css) : 0.0f);
  const float glyph_top = snap(box.Min.y + (box.GetHeight() - font->FontSize) * 0.5f);
  auto x_at = [&](std::size_t offset) {
    return left + font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, shown.data(), shown.data() + offset).x;
  };
  dl->PushClipRect(ImVec2(box.Min.x + pad - ui.px(2), box.Min.y), ImVec2(box.Max.x - pad + ui.px(2), box.Max.y),
                   true);
  if (focused && start != end)
    dl->AddRectFilled(ImVec2(snap(x_at(start)), glyph_top), ImVec2(snap(x_at(end)), glyph_top + font->FontSize),
                      color::kSelection);
  dl->AddText(font, font->FontSize, ImVec2(snap(left), glyph_top), color, shown.data(),
              shown.data() + shown.size());
  // The caret is lit while typing, then blinks every half second.
  const double since = text ? ImGui::GetTime() - text->changed_at : 0.0;
  if (focused && start == end && std::fmod(since, 1.0) < 0.5) {
    const float cx = snap(x_at(start));
    dl->AddRectFilled(ImVec2(cx, glyph_top), ImVec2(cx + std::max(1.0f, ui.px(1.5f)), glyph_top + font->FontSize),
                      color::kText);
  }
  dl->PopClipRect();
}

// The eye of a password field: open when the text shows, struck through when masked.
void draw_eye(const Ui& ui, ImVec2 c, bool shown, ImU32 color, ImU32 background) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rx = ui.px(10), ry = ui.px(6.5f), t = std::max(1.0f, ui.px(1.5f));
  dl->AddEllipse(c, rx, ry, color, 0.0f, 32, t);
  dl->AddCircleFilled(c, ui.px(3), color);
  if (!shown) {
    const ImVec2 a(c.x - rx * 0.85f, c.y + rx * 0.85f), b(c.x + rx * 0.85f, c.y - rx * 0.85f);
    dl->AddLine(a, b, background, t + 2 * std::max(1.0f, ui.px(1)));  // a gap either side of the slash
    dl->AddLine(a, b, color, t);
  }
}

// The error sign of DSFR: a red disc with a white "!", drawn, not a glyph.
void draw_error_sign(const Ui& ui, ImVec2 c) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircleFilled(c, ui.px(8), color::kError);
  const float half = std::max(1.0f, ui.px(1));
  dl->AddRectFilled(ImVec2(c.x - half, c.y - ui.px(4.5f)), ImVec2(c.x + half, c.y + ui.px(1.5f)),
                    color::kSurface);
  dl->AddCircleFilled(ImVec2(c.x, c.y + ui.px(3.8f)), std::max(1.0f, ui.px(1.2f)), color::kSurface);
}

// text_field and password_field (shown != nullptr).
bool field(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view hint,
           std::string& value, bool* shown, FieldPurpose purpose, std::string_view error, bool enabled,
           std::size_t max_bytes, bool required = true) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::string id_text(test_id);
  const float x = snap(ui.column.x), w = snap(ui.column.width);
  const float line_h = ui.px(24);
  const float top = snap(ImGui::GetCursorScreenPos().y);

  // Label and hint.
  float y = top;
  y += draw_lines(dl, ui.fonts->body_bold, wrap(ui.fonts->body_bold, label, w), ImVec2(x, y), line_h,
                  enabled ? color::kText : color::kDisabledText);
  const ImVec2 label_max(x + w, y);
  const std::string hint_id = id_text + ".indication";
  if (!hint.empty()) {
    const float hint_top = y;
    Lines lines = wrap(ui.fonts->body, hint, w);
    y += draw_lines(dl, ui.fonts->body, lines, ImVec2(x, y), line_h, color::kTextHint);
    bridge::describe_text(bridge::Kind::Text, hint_id, joined(lines), ImVec2(x, hint_top), ImVec2(x + w, y));
  }
  y = snap(y + ui.px(8));
  ImGui::SetCursorScreenPos(ImVec2(x, top));
  ImGui::ItemSize(ImVec2(w, y - top));

  // The box: the text is edited by ImGui natively, by the browser's <input> on the web.
  const float box_h = snap(ui.px(size::kInputHeight));
  const ImRect box(ImVec2(x, y), ImVec2(x + w, y + box_h));
  const float eye_w = shown ? box_h : 0.0f;  // a square as tall as the box: ≥ 44 CSS px
  const ImRect text_box(box.Min, ImVec2(box.Max.x - eye_w, box.Max.y));
  const std::string imgui_label = "##" + id_text;
  const ImGuiID id = ImGui::GetCurrentWindow()->GetID(imgui_label.c_str());
  const ImU32 fill = enabled ? color::kSurface : color::kDisabledBackground;
  const bool masked = shown && !*shown;
  bool changed = false;
  if (bridge::dom_input()) {
    ImGui::BeginDisabled(!enabled);
    add_item(text_box, id);
    ImGui::EndDisabled();
    if (std::optional<std::string> typed = bridge::take_edit(test_id); typed && enabled && *typed != value) {
      value = std::move(*typed);
      fit_utf8(value, max_bytes);
      changed = true;
    }
    dl->AddRectFilled(box.Min, box.Max, fill);
    draw_dom_text(ui, text_box, value, masked, bridge::text_state(test_id), bridge::focus() == test_id,
                  enabled ? color::kText : color::kDisabledText);
  } else {
    ImGui::PushFont(ui.fonts->body);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ui.px(16), std::floor((box_h - ui.fonts->body->FontSize) * 0.5f)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, fill);
    ImGui::PushStyleColor(ImGuiCol_Text, enabled ? color::kText : color::kDisabledText);
    ImGui::PushStyleColor(ImGuiCol_NavHighlight, IM_COL32(0, 0, 0, 0));  // the kit draws its own ring
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackEdit;
    if (masked) flags |= ImGuiInputTextFlags_Password;
    if (!enabled) flags |= ImGuiInputTextFlags_ReadOnly;
    ImGui::BeginDisabled(!enabled);
    ImGui::SetCursorScreenPos(box.Min);
    FieldBuffer buffer{&value, max_bytes};
    changed = ImGui::InputTextEx(imgui_label.c_str(), nullptr, value.data(), static_cast<int>(value.capacity()) + 1,
                                 text_box.GetSize(), flags, field_buffer_callback, &buffer);
    ImGui::EndDisabled();
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar(3);
    ImGui::PopFont();
  }
  bridge::describe_input(id, test_id, label, purpose.input_mode, purpose.autocomplete, enabled,
                         shown != nullptr);
  if (bridge::Widget* node = bridge::node(id)) {
    node->masked = masked;
    node->required = required;  // Sésame's fields are needed to go on, but for a few "(facultatif)"
    node->invalid = !error.empty();
    node->value = value;
    node->label_min = ImVec2(x, top);
    node->label_max = label_max;
    if (!hint.empty()) node->described_by.push_back(hint_id);
    if (!error.empty()) node->described_by.push_back(id_text + ".erreur");
  }
  const bool editing = bridge::dom_input() ? bridge::focus() == test_id : ImGui::GetActiveID() == id;

  if (shown) {
    const std::string eye_test_id = id_text + ".afficher";
    const ImGuiID eye_id = widget_id(eye_test_id);
    const ImRect eye(ImVec2(box.Max.x - eye_w, box.Min.y), box.Max);
    ImGui::BeginDisabled(!enabled);
    const bool visible = add_item(eye, eye_id);
    bool hovered = false, held = false, pressed = bridge::take_activation(eye_test_id);
    if (visible) pressed = ImGui::ButtonBehavior(eye, eye_id, &hovered, &held) || pressed;
    ImGui::EndDisabled();
    if (pressed && enabled) *shown = !*shown;
    bridge::describe(eye_id, bridge::Kind::Button, eye_test_id, *shown ? "Masquer le mot de passe" : "Afficher le mot de passe", enabled);
    if (visible) {
      if (hovered && enabled) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      const ImU32 eye_fill = !enabled  ? fill
                             : held    ? color::kBlueFranceLightHover
                             : hovered ? color::kHover
                                       : fill;
      dl->AddRectFilled(eye.Min, eye.Max, eye_fill);
      draw_eye(ui, eye.GetCenter(), *shown, enabled ? color::kBlueFrance : color::kDisabledText, eye_fill);
      focus_ring(ui, eye, eye_id, eye_test_id);
    }
  }

  const float edge = thickness(ui, 1);
  const bool in_error = !error.empty();
  const ImU32 side_color = in_error ? color::kError : color::kBorder;
  // DSFR's dark underline: the box stands out from the card at 3:1 at least (RGAA 3.3).
  const ImU32 bottom_color = in_error ? color::kError : editing ? color::kBlueFrance : color::kTextMention;
  box_edges(dl, box, edge, side_color, thickness(ui, 2), bottom_color);
  focus_ring(ui, box, id, test_id);

  // The error line.
  float bottom = box.Max.y;
  if (in_error) {
    const float error_top = snap(box.Max.y + ui.px(8));
    const float text_x = x + ui.px(16 + 8);
    Lines lines = wrap(ui.fonts->body, error, x + w - text_x);
    draw_error_sign(ui, ImVec2(x + ui.px(8), error_top + line_h * 0.5f));
    bottom =
        error_top + draw_lines(dl, ui.fonts->body, lines, ImVec2(text_x, error_top), line_h, color::kError);
    bridge::describe_text(bridge::Kind::Text, id_text + ".erreur", error, ImVec2(x, error_top),
                          ImVec2(x + w, bottom));
  }
  ImGui::SetCursorScreenPos(box.Min);
  ImGui::ItemSize(ImVec2(w, snap(bottom) - box.Min.y));
  return changed;
}

}  // namespace

void gap(const Ui& ui, float css) { ImGui::Dummy(ImVec2(0.0f, ui.px(css))); }

void begin_group(const Ui& ui, std::string_view test_id, std::string_view label) {
  bridge::begin_group(test_id, label, ImVec2(ui.column.x, ImGui::GetCursorScreenPos().y));
}

void end_group(const Ui& ui) {
  bridge::end_group(ImVec2(ui.column.x + ui.column.width, ImGui::GetCursorScreenPos().y));
}

void begin_list(const Ui& ui, std::string_view test_id, std::string_view label) {
  bridge::begin_group(test_id, label, ImVec2(ui.column.x, ImGui::GetCursorScreenPos().y), bridge::Kind::List);
}

void end_list(const Ui& ui) { end_group(ui); }

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
  add_text_block(band, bridge::Kind::Text, "entete", "Sésame — Espace numérique de travail");
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
                 text).level = 1;
}

void heading(const Ui& ui, std::string_view test_id, std::string_view text) {
  const ImFont* font = ui.fonts->heading;
  const float line_h = ui.px(26);
  const ImVec2 top(ui.column.x, ImGui::GetCursorScreenPos().y);
  Lines lines = wrap(font, text, ui.column.width);
  float h = draw_lines(ImGui::GetWindowDrawList(), font, lines, top, line_h, color::kText);
  add_text_block(ImRect(top, ImVec2(top.x + ui.column.width, top.y + h)), bridge::Kind::Heading, test_id,
                 text).level = 2;
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
  const Interaction r = interact(bb, id, test_id, label, bridge::Kind::Radio, selected);
  if (!r.visible) return r.pressed;
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
  focus_ring(ui, bb, id, test_id);
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

// A round or square mark with its label beside it (radio, checkbox): where the
// wrapped label goes, the clickable box covering both, as an HTML <label>, and
// what the pointer and the bridge did with it.
struct MarkedItem {
  ImGuiID id = 0;
  Lines lines;
  float text_x = 0, text_top = 0, line_h = 0;
  ImRect bb;
  Interaction r;
};

MarkedItem marked_item(const Ui& ui, std::string_view test_id, std::string_view label, float mark, bool on,
                       bridge::Kind kind) {
  MarkedItem item;
  item.id = widget_id(test_id);
  item.text_x = ui.column.x + mark + ui.px(12);
  item.line_h = ui.px(24);
  item.lines = wrap(ui.fonts->body, label, ui.column.x + ui.column.width - item.text_x);
  const float text_h = item.line_h * static_cast<float>(item.lines.size());
  const float h = std::max(ui.px(size::kTouchTarget), text_h + ui.px(12));
  float widest = 0;
  for (auto line : item.lines) widest = std::max(widest, text_width(ui.fonts->body, line));
  const float top = snap(ImGui::GetCursorScreenPos().y);
  item.bb = ImRect(ImVec2(snap(ui.column.x), top), ImVec2(snap(item.text_x + widest), snap(top + h)));
  item.text_top = top + (h - text_h) * 0.5f;
  item.r = interact(item.bb, item.id, test_id, label, kind, on);
  return item;
}

// The label beside its mark, then the focus ring around both.
void draw_marked_label(const Ui& ui, const MarkedItem& item, std::string_view test_id) {
  draw_lines(ImGui::GetWindowDrawList(), ui.fonts->body, item.lines, ImVec2(item.text_x, item.text_top),
             item.line_h, color::kText);
  focus_ring(ui, item.bb, item.id, test_id);
}

bool radio(const Ui& ui, std::string_view test_id, std::string_view label, bool selected) {
  const float circle = ui.px(size::kRadioDiameter);
  const MarkedItem item = marked_item(ui, test_id, label, circle, selected, bridge::Kind::Radio);
  if (!item.r.visible) return item.r.pressed;
  radio_circle(ui, ImVec2(ui.column.x + circle * 0.5f, item.text_top + item.line_h * 0.5f), selected,
               item.r.hovered);
  draw_marked_label(ui, item, test_id);
  return item.r.pressed;
}

bool button(const Ui& ui, std::string_view test_id, std::string_view label, ButtonStyle style, bool enabled,
            bool full_width, bool busy) {
  const ImGuiID id = widget_id(test_id);
  const ImFont* font = ui.fonts->body_bold;
  const float pad_x = ui.px(24);
  // A label wider than the column (a long one on a phone) wraps: the button takes the
  // column and grows by a line at a time.
  const float label_w = text_width(font, label);
  const Lines lines = label_w + 2 * pad_x > ui.column.width ? wrap(font, label, ui.column.width - 2 * pad_x)
                                                            : Lines{label};
  const float line_h = ui.px(24);
  const float w =
      full_width || lines.size() > 1 ? ui.column.width : std::min(ui.column.width, label_w + 2 * pad_x);
  const float h = std::max(ui.px(size::kButtonHeight), line_h * static_cast<float>(lines.size()) + ui.px(24));
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(ui.column.x + w), snap(top + h)));
  // A busy button keeps its colours (it is working, not unavailable) but takes no press.
  const bool pressable = enabled && !busy;
  ImGui::BeginDisabled(!pressable);
  const bool visible = add_item(bb, id);
  bool hovered = false, held = false, pressed = bridge::take_activation(test_id);
  if (visible) pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held) || pressed;
  ImGui::EndDisabled();
  bridge::describe(id, bridge::Kind::Button, test_id, label, pressable, false);
  if (busy) bridge::mark_busy(id);
  if (style == ButtonStyle::Primary) {
    if (bridge::Widget* node = bridge::node(id)) node->primary = true;
    if (pressed && pressable) bridge::note_submit();
  }
  if (!visible) return pressed && pressable;
  if (hovered && pressable) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

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
  if (lines.size() > 1) {
    // Each line centred; a spinner in the left padding, which the lines never reach.
    const float d = ui.px(16);
    if (busy) spinner(ui, ImVec2(bb.Min.x + pad_x * 0.5f, bb.Min.y + h * 0.5f), d * 0.5f, text_color);
    float y = bb.Min.y + (h - line_h * static_cast<float>(lines.size())) * 0.5f;
    for (const std::string_view line : lines) {
      const float x = bb.Min.x + (bb.GetWidth() - text_width(font, line)) * 0.5f;
      draw_lines(dl, font, {line}, ImVec2(x, y), line_h, text_color);
      y += line_h;
    }
  } else if (busy) {
    // Spinner then label, centred together; the spinner fits in the side padding,
    // so a button as wide as its label keeps its width.
    const float d = ui.px(16), space = ui.px(8);
    const float start = bb.Min.x + (bb.GetWidth() - (d + space + label_w)) * 0.5f;
    spinner(ui, ImVec2(start + d * 0.5f, bb.Min.y + h * 0.5f), d * 0.5f, text_color);
    draw_lines(dl, font, {label}, ImVec2(start + d + space, bb.Min.y), h, text_color);
  } else {
    draw_lines(dl, font, {label}, ImVec2(bb.Min.x + (bb.GetWidth() - label_w) * 0.5f, bb.Min.y), h, text_color);
  }
  focus_ring(ui, bb, id, test_id);
  return pressed && pressable;
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
  // Read as two sentences: the title ends with a full stop unless it has its own mark.
  std::string said = joined(title_lines);
  if (!said.empty() && std::string_view(".?!:").find(said.back()) == std::string_view::npos) said += '.';
  said += " " + joined(message_lines);
  bridge::describe_text(bridge::Kind::Alert, test_id, said, bb.Min, bb.Max).status = kind != AlertKind::Error;

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

bool checkbox(const Ui& ui, std::string_view test_id, std::string_view label, bool checked) {
  const float side = ui.px(size::kCheckboxSide);
  const MarkedItem item = marked_item(ui, test_id, label, side, checked, bridge::Kind::Checkbox);
  if (!item.r.visible) return item.r.pressed;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float box_top = snap(item.text_top + (item.line_h - side) * 0.5f);
  const ImRect box(ImVec2(item.bb.Min.x, box_top), ImVec2(item.bb.Min.x + snap(side), box_top + snap(side)));
  if (checked) {
    framed_rect(dl, box, 0, 0, item.r.held ? color::kBlueFranceActive : color::kBlueFrance,
                ui.px(size::kRounding));
    const float s = box.GetWidth();
    const ImVec2 tick[3] = {box.Min + ImVec2(s * 0.24f, s * 0.52f), box.Min + ImVec2(s * 0.42f, s * 0.70f),
                            box.Min + ImVec2(s * 0.77f, s * 0.32f)};
    dl->AddPolyline(tick, 3, color::kSurface, 0, std::max(1.0f, ui.px(2)));
  } else {
    framed_rect(dl, box, thickness(ui, 1), color::kBlueFrance,
                item.r.hovered ? color::kBlueFranceLight : color::kSurface, ui.px(size::kRounding));
  }
  draw_marked_label(ui, item, test_id);
  return item.r.pressed;
}

bool franceconnect_button(const Ui& ui, std::string_view test_id) {
  const ImGuiID id = widget_id(test_id);
  constexpr std::string_view kFirst = "S'identifier avec";
  constexpr std::string_view kSecond = "FranceConnect";
  const ImFont* regular = ui.fonts->body;
  const ImFont* bold = ui.fonts->heading;
  const float pad_x = ui.px(24);
  const float text_w = std::max(text_width(regular, kFirst), text_width(bold, kSecond));
  const float w = ui.metrics.narrow() ? ui.column.width : std::min(ui.column.width, text_w + 2 * pad_x);
  const float h = ui.px(56);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(ui.column.x + w), snap(top + h)));
  const Interaction r = interact(bb, id, test_id, "S'identifier avec FranceConnect", bridge::Kind::Button);
  if (!r.visible) return r.pressed;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 fill = r.held      ? color::kBlueFranceActive
                     : r.hovered ? color::kBlueFranceHover
                                 : color::kBlueFrance;
  framed_rect(dl, bb, 0, 0, fill, ui.px(size::kRounding));
  const float first_h = regular->FontSize, second_h = bold->FontSize, space = ui.px(2);
  const float y = snap(bb.Min.y + (h - first_h - space - second_h) * 0.5f);
  const float cx = bb.Min.x + w * 0.5f;
  dl->AddText(regular, first_h, ImVec2(snap(cx - text_width(regular, kFirst) * 0.5f), y), color::kSurface,
              kFirst.data(), kFirst.data() + kFirst.size());
  dl->AddText(bold, second_h, ImVec2(snap(cx - text_width(bold, kSecond) * 0.5f), snap(y + first_h + space)),
              color::kSurface, kSecond.data(), kSecond.data() + kSecond.size());
  focus_ring(ui, bb, id, test_id);
  return r.pressed;
}

bool link_tile(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view href) {
  const ImGuiID id = widget_id(test_id);
  const Span span = ui.column;
  const TileLayout t = tile_layout(ui, span);
  const ImFont* font = ui.fonts->body_bold;
  constexpr std::string_view kArrow = "→";
  const float arrow_w = text_width(font, kArrow);
  // The text starts where a tile's radio circle would be: no circle here.
  const float text_x = span.x + t.pad_x;
  const float text_w = span.x + span.width - t.pad_x - arrow_w - ui.px(16) - text_x;
  Lines lines = wrap(font, label, text_w);
  const float text_h = t.line_height * static_cast<float>(lines.size());
  const float h = std::max(ui.px(size::kTileMinHeight), text_h + 2 * t.pad_y);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(span.x), top), ImVec2(snap(span.x + span.width), snap(top + h)));
  const Interaction r = interact(bb, id, test_id, label, bridge::Kind::Link);
  if (bridge::Widget* node = bridge::node(id)) node->href = href;
  if (!r.visible) return r.pressed;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 fill = r.held ? color::kDisabledBackground : r.hovered ? color::kHover : color::kSurface;
  framed_rect(dl, bb, thickness(ui, 1), color::kBorder, fill, ui.px(size::kRounding));
  // DSFR tiles carry a blue bar along their bottom edge.
  dl->AddRectFilled(ImVec2(bb.Min.x, bb.Max.y - thickness(ui, 4)), bb.Max, color::kBlueFrance);
  const float text_top = bb.Min.y + (bb.GetHeight() - text_h) * 0.5f;
  draw_lines(dl, font, lines, ImVec2(text_x, text_top), t.line_height, color::kBlueFrance);
  const float arrow_top = snap(bb.Min.y + (bb.GetHeight() - font->FontSize) * 0.5f);
  dl->AddText(font, font->FontSize, ImVec2(snap(bb.Max.x - t.pad_x - arrow_w), arrow_top), color::kBlueFrance,
              kArrow.data(), kArrow.data() + kArrow.size());
  focus_ring(ui, bb, id, test_id);
  return r.pressed;
}

bool link_button(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view href) {
  const ImGuiID id = widget_id(test_id);
  const ImFont* font = ui.fonts->body;
  const float line_h = ui.px(24);
  Lines lines = wrap(font, label, ui.column.width);
  const float text_h = line_h * static_cast<float>(lines.size());
  const float h = std::max(ui.px(size::kTouchTarget), text_h);
  float widest = 0;
  for (auto line : lines) widest = std::max(widest, text_width(font, line));
  const float top = snap(ImGui::GetCursorScreenPos().y);
  ImRect bb(ImVec2(snap(ui.column.x), top), ImVec2(snap(ui.column.x + widest), snap(top + h)));
  const Interaction r = interact(bb, id, test_id, label, bridge::Kind::Link);
  if (bridge::Widget* node = bridge::node(id)) node->href = href;
  if (!r.visible) return r.pressed;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float text_top = bb.Min.y + (h - text_h) * 0.5f;
  draw_lines(dl, font, lines, ImVec2(bb.Min.x, text_top), line_h, color::kBlueFrance);
  // DSFR underlines links, thicker under the pointer.
  const float underline = thickness(ui, r.hovered ? 2 : 1);
  for (size_t i = 0; i < lines.size(); ++i) {
    const float glyph_top =
        snap(text_top + line_h * static_cast<float>(i) + (line_h - font->FontSize) * 0.5f);
    const float y = snap(glyph_top + font->Ascent + ui.px(2));
    dl->AddRectFilled(ImVec2(bb.Min.x, y), ImVec2(bb.Min.x + snap(text_width(font, lines[i])), y + underline),
                      color::kBlueFrance);
  }
  focus_ring(ui, bb, id, test_id);
  return r.pressed;
}

bool text_field(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view hint,
                std::string& value, FieldPurpose purpose, std::string_view error, bool enabled,
                std::size_t max_bytes, bool required) {
  return field(ui, test_id, label, hint, value, nullptr, purpose, error, enabled, max_bytes, required);
}

bool password_field(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view hint,
                    std::string& value, bool& shown, FieldPurpose purpose, std::string_view error,
                    bool enabled, std::size_t max_bytes) {
  return field(ui, test_id, label, hint, value, &shown, purpose, error, enabled, max_bytes);
}

void stepper(const Ui& ui, int step, int count, std::string_view step_title, std::string_view next_title,
             int heading_level) {
  count = std::max(count, 1);
  step = std::clamp(step, 1, count);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x = snap(ui.column.x), w = snap(ui.column.width);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  const float line_h = ui.px(24);

  const std::string counts = "Étape " + std::to_string(step) + " sur " + std::to_string(count);
  float y = top + draw_lines(dl, ui.fonts->body, {counts}, ImVec2(x, top), line_h, color::kTextHint);
  bridge::describe_text(bridge::Kind::Text, "etape", counts, ImVec2(x, top), ImVec2(x + w, y));

  const float title_top = y + ui.px(4);
  Lines title_lines = wrap(ui.fonts->heading, step_title, w);
  y = title_top +
      draw_lines(dl, ui.fonts->heading, title_lines, ImVec2(x, title_top), ui.px(28), color::kText);
  bridge::describe_text(bridge::Kind::Heading, "etape.titre", joined(title_lines), ImVec2(x, title_top),
                        ImVec2(x + w, y))
      .level = heading_level;

  // The bar: one segment per step, those done and the current one in blue.
  const float bar_top = snap(y + ui.px(12));
  const float bar_h = snap(ui.px(6));
  const float spacing = snap(ui.px(6));
  const float segment = (w - spacing * static_cast<float>(count - 1)) / static_cast<float>(count);
  for (int i = 0; i < count; ++i) {
    const float left = snap(x + static_cast<float>(i) * (segment + spacing));
    const float right = i + 1 == count ? x + w : snap(left + segment);
    dl->AddRectFilled(ImVec2(left, bar_top), ImVec2(right, bar_top + bar_h),
                      i < step ? color::kBlueFrance : color::kBorder);
  }
  y = bar_top + bar_h;

  if (!next_title.empty()) {
    const float next_top = y + ui.px(12);
    // French puts a non-breaking space before the colon.
    const std::string next = "Étape suivante\u00A0: " + std::string(next_title);
    Lines lines = wrap(ui.fonts->body, next, w);
    y = next_top + draw_lines(dl, ui.fonts->body, lines, ImVec2(x, next_top), line_h, color::kTextHint);
    bridge::describe_text(bridge::Kind::Text, "etape.suivante", next, ImVec2(x, next_top), ImVec2(x + w, y));
  }
  ImGui::SetCursorScreenPos(ImVec2(x, top));
  ImGui::ItemSize(ImVec2(w, snap(y) - top));
}

int button_row(const Ui& ui, const std::vector<RowButton>& buttons) {
  if (ui.metrics.narrow()) {  // phones: one per line, across the column
    int clicked = -1;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
      if (i > 0) gap(ui, 12);
      const RowButton& b = buttons[i];
      if (button(ui, b.test_id, b.label, b.style, b.enabled, true, b.busy)) clicked = static_cast<int>(i);
    }
    return clicked;
  }
  const float spacing = ui.px(12);
  const float pad_x = ui.px(24);
  const ImFont* font = ui.fonts->body_bold;
  const float line_top = snap(ImGui::GetCursorScreenPos().y);
  float x = ui.column.x, y = line_top, bottom = line_top;
  int clicked = -1;
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    const RowButton& b = buttons[i];
    const float w = std::min(ui.column.width, text_width(font, b.label) + 2 * pad_x);
    if (x > ui.column.x && x + w > ui.column.x + ui.column.width) {  // the next line
      x = ui.column.x;
      y = bottom + spacing;
    }
    Ui cell = ui;
    cell.column = Span{x, ui.column.x + ui.column.width - x};
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (button(cell, b.test_id, b.label, b.style, b.enabled, false, b.busy)) clicked = static_cast<int>(i);
    bottom = std::max(bottom, ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y);
    x += w + spacing;
  }
  ImGui::SetCursorScreenPos(ImVec2(ui.column.x, line_top));
  ImGui::ItemSize(ImVec2(ui.column.width, bottom - line_top));
  return clicked;
}

void qr_code(const Ui& ui, std::string_view test_id, std::string_view label, const std::vector<std::string>& rows) {
  constexpr int kQuietZone = 4;
  const int n = static_cast<int>(rows.size());
  const int modules = n + 2 * kQuietZone;
  // Whole device pixels per module: crisp edges a camera reads well. About 280 CSS px
  // when the column allows, never less than 2 device pixels a module.
  const float wanted = std::min(ui.px(280), ui.column.width);
  const float module = std::max(2.0f, std::floor(wanted / static_cast<float>(std::max(modules, 1))));
  const float side = module * static_cast<float>(modules);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  const float left = snap(ui.column.x);
  const ImRect bb(ImVec2(left, top), ImVec2(left + side, top + side));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(bb.Min, bb.Max, IM_COL32(255, 255, 255, 255));  // the quiet zone is white
  for (int r = 0; r < n; ++r) {
    const std::string& row = rows[static_cast<std::size_t>(r)];
    const float y = top + module * static_cast<float>(r + kQuietZone);
    // A run of dark modules in one rectangle: fewer vertices, no seams between them.
    for (std::size_t c = 0; c < row.size();) {
      if (row[c] != '1') {
        ++c;
        continue;
      }
      std::size_t end = c;
      while (end < row.size() && row[end] == '1') ++end;
      const float x0 = left + module * static_cast<float>(static_cast<int>(c) + kQuietZone);
      const float x1 = left + module * static_cast<float>(static_cast<int>(end) + kQuietZone);
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + module), IM_COL32(0, 0, 0, 255));
      c = end;
    }
  }
  add_text_block(bb, bridge::Kind::Image, test_id, label);
}

void bar_chart_row(const Ui& ui, std::string_view test_id, std::string_view row_label, std::string_view sentence,
                   const std::vector<Bar>& bars) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImFont* bold = ui.fonts->body_bold;
  const ImFont* body = ui.fonts->body;
  const float line_h = ui.px(24);
  const float top = snap(ImGui::GetCursorScreenPos().y);
  const float x = snap(ui.column.x), w = ui.column.width;
  // Phones: the class above its bars; wider: the class in a column of its own.
  const bool stacked = ui.metrics.narrow();
  const float label_w = stacked ? w : std::min(ui.px(120), w * 0.25f);
  const Lines label_lines = wrap(bold, row_label, label_w - ui.px(8));
  float label_h = draw_lines(dl, bold, label_lines, ImVec2(x, top), line_h, color::kText);
  const float bars_x = stacked ? x : x + label_w;
  float y = stacked ? top + label_h : top;
  float numbers_w = 0;  // "30 / 47 parents": beside the bar, as wide as the widest
  std::vector<std::string> numbers;
  for (const Bar& bar : bars) {
    numbers.push_back(std::to_string(bar.done) + " / " + std::to_string(bar.total) + " " + bar.caption);
    numbers_w = std::max(numbers_w, text_width(body, numbers.back()));
  }
  const float track_w = std::max(ui.px(40), x + w - bars_x - numbers_w - ui.px(12));
  const float bar_h = snap(ui.px(16));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const float bar_top = snap(y + (line_h - bar_h) * 0.5f);
    const ImVec2 track_min(snap(bars_x), bar_top);
    const ImVec2 track_max(snap(bars_x + track_w), bar_top + bar_h);
    // The track's edge at 3:1 against the card, its filled part in the bar's colour.
    framed_rect(dl, ImRect(track_min, track_max), thickness(ui, 1), color::kTextHint, color::kSurface, 0);
    const float part = bar.total > 0 ? std::clamp(static_cast<float>(bar.done) / static_cast<float>(bar.total), 0.0f, 1.0f)
                                     : 0.0f;
    if (part > 0)
      dl->AddRectFilled(track_min, ImVec2(snap(track_min.x + (track_max.x - track_min.x) * part), track_max.y),
                        bar.color ? bar.color : color::kBlueFrance);
    draw_lines(dl, body, {numbers[i]}, ImVec2(track_max.x + ui.px(12), y), line_h, color::kText);
    y += line_h + ui.px(4);
  }
  const float bottom = std::max(top + label_h, y - ui.px(4));
  add_text_block(ImRect(ImVec2(x, top), ImVec2(x + w, bottom)), bridge::Kind::Text, test_id, sentence);
}

}  // namespace sesame::web::ui
