#pragma once
// A small kit of widgets in the State design system's manner (DSFR): page header,
// card, title and text, radio tiles and radios, buttons, alerts. Each lays itself
// out at the cursor, across the current column, sizes in CSS pixels; each tells the
// bridge what it is.
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "web/app/events.h"
#include "web/ui/fonts.h"
#include "web/ui/theme.h"

namespace sesame::web::ui {

// A horizontal band of the page, in device pixels.
struct Span {
  float x = 0;
  float width = 0;
};

// What every drawing function needs: density, fonts, the column being filled,
// and where the parent's actions go.
struct Ui {
  Metrics metrics;
  const Fonts* fonts = nullptr;
  Span column;
  std::vector<Event>* events = nullptr;

  float px(float css) const { return metrics.px(css); }
  void emit(Event event) const { events->push_back(std::move(event)); }
};

// Vertical space, in CSS pixels.
void gap(const Ui& ui, float css);

// The white band at the top: "Sésame — Espace numérique de travail".
void page_header(const Ui& ui, Span content);

// A white card: content drawn between begin and end gets the card behind it.
struct Card {
  ImVec2 min;
  Span outer;
  float padding_bottom = 0;
  float min_bottom = 0;  // the card reaches at least this far down (phones: the screen's bottom)
  bool bordered = true;
};
Card begin_card(Ui& ui, Span outer, float padding_css_x, float padding_css_y, float min_bottom,
                bool bordered);
void end_card(Ui& ui, const Card& card);

void title(const Ui& ui, std::string_view test_id, std::string_view text);
void heading(const Ui& ui, std::string_view test_id, std::string_view text);
void paragraph(const Ui& ui, std::string_view test_id, std::string_view text, ImU32 color = 0);

// A selectable box with a radio circle and its label (DSFR "radio riche"). True when clicked.
bool radio_tile(const Ui& ui, Span span, std::string_view test_id, std::string_view label, bool selected,
                float min_height_css = 0);
// The height radio_tile() would take, for lining up tiles of a row.
float radio_tile_height(const Ui& ui, Span span, std::string_view label);
// Radio tiles side by side, up to max_columns per row, when every label then fits
// on one line; one per row otherwise (phones). Returns the index clicked, or -1.
struct TileChoice {
  std::string test_id;
  std::string label;
  bool selected = false;
};
int radio_tile_group(const Ui& ui, const std::vector<TileChoice>& tiles, int max_columns,
                     float min_height_css = 0);
// A plain radio: circle and label, no box. True when clicked.
bool radio(const Ui& ui, std::string_view test_id, std::string_view label, bool selected);

enum class ButtonStyle { Primary, Secondary };
// full_width: the whole column (phones); otherwise as wide as its label. True when clicked.
bool button(const Ui& ui, std::string_view test_id, std::string_view label, ButtonStyle style, bool enabled,
            bool full_width);

enum class AlertKind { Error, Info, Success };
// A framed message with a coloured band; with an action label, a secondary button
// inside it. True when that button is clicked.
bool alert(const Ui& ui, std::string_view test_id, AlertKind kind, std::string_view title,
           std::string_view message, std::string_view action_label = {});

}  // namespace sesame::web::ui
