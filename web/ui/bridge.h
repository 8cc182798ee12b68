#pragma once
// What was drawn in the last frame, widget by widget: id, kind, label, rectangle,
// state. ImGui reports every item through its test-engine hooks (imgui.cpp is
// built with IMGUI_ENABLE_TEST_ENGINE); the widget kit adds what ImGui cannot
// know (a tile is a radio button, which one is checked). The browser exports it
// to JavaScript for the end-to-end tests, and it is the hook for accessibility
// overlays (real DOM elements over the canvas) later.
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace sesame::web::ui::bridge {

enum class Kind { Other, Button, Radio, Checkbox, Input, Heading, Text, Alert };

struct Widget {
  ImGuiID id = 0;
  std::string test_id;  // stable name for tests: "profil.parent"
  std::string label;    // what the parent reads: "Représentant légal (parents)"
  Kind kind = Kind::Other;
  ImVec2 min, max;  // device pixels, in the viewport
  bool enabled = true;
  bool checked = false;
  bool focused = false;
  // For text fields: the phone keyboard and autofill they call for ("tel", "numeric"...).
  std::string input_mode;
  std::string autocomplete;
  bool secret = false;  // a password field: the text agent should not learn or suggest it
  bool busy = false;    // a button whose request is in flight (disabled meanwhile)
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
// Marks the button just described as waiting for its request.
void mark_busy(ImGuiID id);
// Non-interactive content (title, paragraph, alert): recorded for tests and screen readers.
void describe_text(Kind kind, std::string_view test_id, std::string_view label, ImVec2 min, ImVec2 max);

// The last complete frame's widgets (empty before the first frame ends).
const std::vector<Widget>& widgets();
long frame_count();

// {"frame":N,"route":"#/profil","dpr":2,"viewport":{"width":..,"height":..},
//  "widgets":[{"id","label","kind","x","y","width","height","enabled","checked","focused"}]}
// (inputs add "inputmode", "autocomplete" and "secret"; a busy button adds "busy":true)
// Rectangles in CSS pixels.
std::string to_json(float dpr, std::string_view route);

const char* kind_name(Kind kind);

}  // namespace sesame::web::ui::bridge
