#pragma once
// The semantics of what was drawn in the last frame, node by node: id, role,
// accessible name, description, states, value and rectangle. ImGui reports every
// item through its test-engine hooks (imgui.cpp is built with
// IMGUI_ENABLE_TEST_ENGINE); the widget kit adds what ImGui cannot know (a tile is
// a radio button of a group, a field's hint and error, the screen's submit button).
// Platform-neutral: the browser turns it into real DOM elements over the canvas
// (platform/browser/mirror.js) and the tests read it as JSON.
//
// The other way, the platform reports what happened to those DOM elements (an
// activation by a screen reader or the keyboard, what was typed into an input, the
// focus); the kit reads it in the next frame as if the canvas had been clicked.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace sesame::web::ui::bridge {

// What a node is; role_name() gives its ARIA role.
// Image: a picture drawn by the client (a QR code, a chart) whose accessible name says what it shows.
enum class Kind { Other, Button, Link, Radio, Checkbox, Input, Heading, Text, Alert, Group, List, Image };

struct Widget {
  ImGuiID id = 0;
  std::string test_id;  // stable name for tests and DOM elements: "profil.parent"
  std::string label;    // the accessible name, what the parent reads: "Représentant légal (parents)"
  Kind kind = Kind::Other;
  ImVec2 min, max;  // device pixels, in the viewport
  bool enabled = true;
  bool checked = false;
  bool focused = false;
  int level = 0;             // headings: 1 for the screen's title, 2 for a section
  bool status = false;       // an alert that informs (role status) rather than warns (role alert)
  bool primary = false;      // the screen's main button: Enter in a field presses it
  std::string href;          // links: where they lead ("#/identifiant-oublie", a service's URL)
  std::string group;         // test id of the group (fieldset) or list this node belongs to
  bool list_item = false;    // a text of a list: one of its items
  // For text fields: the phone keyboard and autofill they call for ("tel", "numeric"...).
  std::string input_mode;
  std::string autocomplete;
  bool secret = false;  // a password field: never suggested or learnt by a keyboard
  bool masked = false;  // a password field whose text is hidden right now
  bool required = false;
  bool invalid = false;
  std::string value;                     // what the field holds
  std::vector<std::string> described_by; // test ids of its hint and error texts
  ImVec2 label_min, label_max;           // where its label is drawn
  bool busy = false;  // a button whose request is in flight (disabled meanwhile)
};

// Called around each ImGui frame by the host.
void begin_frame();
void end_frame();

// Kit annotations for the item just submitted with this ImGui id.
void describe(ImGuiID id, Kind kind, std::string_view test_id, std::string_view label, bool enabled = true,
              bool checked = false);
// A text field just submitted with this ImGui id: its label and the keyboard and
// autofill it calls for (HTML inputmode and autocomplete values).
void describe_input(ImGuiID id, std::string_view test_id, std::string_view label, std::string_view input_mode,
                    std::string_view autocomplete, bool enabled = true, bool secret = false);
// The node just described (by ImGui id), to add what describe() does not take.
Widget* node(ImGuiID id);
// Marks the button just described as waiting for its request.
void mark_busy(ImGuiID id);
// Non-interactive content (title, paragraph, alert): recorded for tests and screen readers.
// Answers the node, valid until the next node is recorded.
Widget& describe_text(Kind kind, std::string_view test_id, std::string_view label, ImVec2 min, ImVec2 max);

// A group of radios (a fieldset): nodes recorded between begin and end belong to it;
// its first heading is its legend. Kind::List: a list, whose texts are its items.
void begin_group(std::string_view test_id, std::string_view label, ImVec2 min, Kind kind = Kind::Group);
void end_group(ImVec2 max);

// The screen's main button was pressed (by any means): the platform waits for what
// follows — a new screen, or errors to point the focus at. Counted in the JSON ("submits").
void note_submit();

// The page's height and the scroll it was drawn at, in device pixels (a browser's
// document is that tall and scrolls; nodes are placed at their rectangle + scroll).
void set_page(float height, float scroll);

// The last complete frame's widgets (empty before the first frame ends).
const std::vector<Widget>& widgets();
long frame_count();

// {"frame":N,"route":"#/profil","dpr":2,"scroll":0,"height":..,"viewport":{"width":..,"height":..},
//  "widgets":[{"id","label","kind","role","x","y","width","height","enabled","checked","focused",...}]}
// Rectangles in CSS pixels of the viewport; "scroll" is the page's scroll they were drawn at.
std::string to_json(float dpr, std::string_view route, bool with_frame = true);

const char* kind_name(Kind kind);
// The ARIA role a node's DOM element has ("heading", "textbox", "status"...).
const char* role_name(const Widget& widget);

// ---------------------------------------------------------------------------
// From the platform's accessible DOM to the kit.

// On in a browser: text fields are the DOM's <input>s (the kit draws their value,
// caret and selection) and the focus is the DOM's; off natively (ImGui edits and navigates).
void set_dom_input(bool on);
bool dom_input();

// A DOM element was activated (click, Enter, Space, a screen reader's action).
void activate(std::string_view test_id);
// True once for a pending activation of this node (cleared at each frame's end).
bool take_activation(std::string_view test_id);

// A field's text as its DOM <input> holds it: offsets in UTF-8 bytes.
struct TextState {
  std::string value;
  int selection_start = 0;
  int selection_end = 0;
  float scroll_x_css = 0;  // the input's own horizontal scroll
  double changed_at = 0;   // ImGui time of the last edit: the caret stays lit while typing
};
// The parent typed, pasted, dictated or a manager filled: the value is pending for the kit.
void edit(std::string_view test_id, std::string_view value, int selection_start, int selection_end,
          float scroll_x_css);
// Only the caret or the selection moved.
void select(std::string_view test_id, int selection_start, int selection_end, float scroll_x_css);
// The value typed since the last frame, once.
std::optional<std::string> take_edit(std::string_view test_id);
const TextState* text_state(std::string_view test_id);

// The DOM's focus: the node's test id ("" for none), and whether the browser shows it
// (keyboard focus: :focus-visible).
void set_focus(std::string_view test_id, bool visible);
const std::string& focus();
// The kit draws a focus ring on this node now (the DOM's focus, or ImGui's navigation natively).
bool shows_focus(ImGuiID id, std::string_view test_id);
// A text field has the DOM's focus: its caret blinks.
bool editing_text();

}  // namespace sesame::web::ui::bridge
