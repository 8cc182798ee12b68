#pragma once
// A small kit of widgets in the State design system's manner (DSFR): page header,
// card, title and text, radio tiles and radios, buttons, alerts. Each lays itself
// out at the cursor, across the current column, sizes in CSS pixels; each tells the
// bridge what it is.
#include <cstddef>
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
// full_width: the whole column (phones); otherwise as wide as its label. A label wider
// than the column wraps, the button then across it and taller. True when clicked.
// busy: its request is in flight; the button keeps its colours and label, shows a
// spinner, and cannot be pressed (the bridge sees it disabled and busy).
bool button(const Ui& ui, std::string_view test_id, std::string_view label, ButtonStyle style, bool enabled,
            bool full_width, bool busy = false);

// A square box and its label; the whole label is the touch target (≥ 44 CSS px). True when clicked:
// the caller flips its own bool.
bool checkbox(const Ui& ui, std::string_view test_id, std::string_view label, bool checked);

// Blue underlined text leading elsewhere ("Identifiant oublié ?"), ≥ 44 CSS px tall; a link
// for assistive technologies, to `href` (the route or address it opens). True when clicked.
bool link_button(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view href = "#");

// FranceConnect's button as its guidelines draw it: blue, "S'identifier avec" over a
// bold "FranceConnect", 56 CSS px tall, as wide as its text (the column on phones).
// Its label for the bridge is "S'identifier avec FranceConnect". True when clicked.
bool franceconnect_button(const Ui& ui, std::string_view test_id);

// A framed box across the column leading elsewhere (DSFR "tuile"): its label in
// bold blue and an arrow at the right, ≥ 56 CSS px tall. True when clicked.
bool link_tile(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view href = "#");

// Radios that answer one question (HTML fieldset): what is drawn between begin_group and
// end_group belongs to the group, whose first heading names it (its legend).
void begin_group(const Ui& ui, std::string_view test_id, std::string_view label);
void end_group(const Ui& ui);
// A list (HTML ul): each paragraph drawn between begin_list and end_list is one of its items.
void begin_list(const Ui& ui, std::string_view test_id, std::string_view label);
void end_list(const Ui& ui);

// What a text field holds, told to the browser's hidden text agent: the phone keyboard
// (HTML inputmode) and the autofill (HTML autocomplete token) it calls for.
struct FieldPurpose {
  const char* input_mode;
  const char* autocomplete;
};
inline constexpr FieldPurpose kPurposeText{"text", "off"};
inline constexpr FieldPurpose kPurposeFamilyName{"text", "family-name"};
inline constexpr FieldPurpose kPurposeGivenName{"text", "given-name"};
inline constexpr FieldPurpose kPurposeTel{"tel", "tel"};
inline constexpr FieldPurpose kPurposeCode{"numeric", "one-time-code"};  // the SMS code
inline constexpr FieldPurpose kPurposeUsername{"text", "username"};
inline constexpr FieldPurpose kPurposeEmail{"email", "email"};
inline constexpr FieldPurpose kPurposeCurrentPassword{"text", "current-password"};
inline constexpr FieldPurpose kPurposeNewPassword{"text", "new-password"};
// A date typed as digits (JJ/MM/AAAA). Someone else's (a child's birth date): no
// autofill, which would offer the parent's own birthday.
inline constexpr FieldPurpose kPurposeDate{"numeric", "off"};
// The parent's own birth date: the browser may fill it in.
inline constexpr FieldPurpose kPurposeOwnBirthDate{"numeric", "bday"};

// A labelled input (DSFR): bold label, optional grey hint, a box across the column,
// and under it the error in red when there is one. The caller holds the value; at
// most max_bytes of UTF-8 are kept, never half a character. True when the value
// changed this frame.
// A field that may stay empty says so in its label ("Classe (facultatif)"), and
// required = false tells assistive technologies.
bool text_field(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view hint,
                std::string& value, FieldPurpose purpose, std::string_view error = {}, bool enabled = true,
                std::size_t max_bytes = 256, bool required = true);

// text_field, masked unless `shown`; an eye button at the box's right ("Afficher le mot de
// passe" / "Masquer le mot de passe", test_id "<test_id>.afficher") flips `shown`.
bool password_field(const Ui& ui, std::string_view test_id, std::string_view label, std::string_view hint,
                    std::string& value, bool& shown, FieldPurpose purpose, std::string_view error = {},
                    bool enabled = true, std::size_t max_bytes = 256);

// The DSFR stepper: "Étape 2 sur 5", the step's title, a bar of `count` segments,
// "Étape suivante : …" unless next_title is empty. step counts from 1. The step's title is
// the screen's heading (level 1), or a level-2 heading under the screen's own title.
void stepper(const Ui& ui, int step, int count, std::string_view step_title, std::string_view next_title,
             int heading_level = 1);

// Buttons side by side, each as wide as its label, wrapping to the next line when the
// column is full (phones: one per line, across it). Returns the index clicked, or -1.
struct RowButton {
  std::string test_id;
  std::string label;
  ButtonStyle style = ButtonStyle::Secondary;
  bool enabled = true;
  bool busy = false;
};
int button_row(const Ui& ui, const std::vector<RowButton>& buttons);

// A QR code from its rows of modules ('1' dark, '0' light), drawn as crisp squares of
// whole device pixels with a quiet zone of 4 modules, about 280 CSS px wide
// when the column allows. An image for assistive technologies, named `label`.
void qr_code(const Ui& ui, std::string_view test_id, std::string_view label, const std::vector<std::string>& rows);

// One row of a bar chart: `row_label` at the left, then one bar per measure (its part
// filled) with "18 / 25 élèves" beside it. Read as `sentence` by assistive technologies.
struct Bar {
  std::string caption;  // "élèves"
  int done = 0;
  int total = 0;
  ImU32 color = 0;
};
void bar_chart_row(const Ui& ui, std::string_view test_id, std::string_view row_label, std::string_view sentence,
                   const std::vector<Bar>& bars);

enum class AlertKind { Error, Info, Success };
// A framed message with a coloured band; with an action label, a secondary button
// inside it. True when that button is clicked.
bool alert(const Ui& ui, std::string_view test_id, AlertKind kind, std::string_view title,
           std::string_view message, std::string_view action_label = {});

}  // namespace sesame::web::ui
