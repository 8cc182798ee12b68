#include "web/ui/bridge.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "imgui_internal.h"

namespace sesame::web::ui::bridge {

namespace {

struct Recorder {
  std::vector<Widget> building;  // the frame being drawn
  std::vector<Widget> last;      // the last finished frame
  long frames = 0;

  Widget* find(ImGuiID id) {
    if (id == 0) return nullptr;
    // Most lookups are for the item just added: search from the end.
    for (auto it = building.rbegin(); it != building.rend(); ++it)
      if (it->id == id) return &*it;
    return nullptr;
  }
};

Recorder& recorder() {
  static Recorder instance;
  return instance;
}

// "Se connecter##submit" → "Se connecter": ImGui's hidden id suffix is no label.
std::string_view visible_label(std::string_view label) {
  auto hidden = label.find("##");
  return hidden == std::string_view::npos ? label : label.substr(0, hidden);
}

}  // namespace

void begin_frame() {
  recorder().building.clear();
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
}

void end_frame() {
  auto& r = recorder();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  for (auto& w : r.building) w.focused = w.id != 0 && w.id == g.NavId && !g.NavDisableHighlight;
  r.last.swap(r.building);
  ++r.frames;
}

void describe(ImGuiID id, Kind kind, std::string_view test_id, std::string_view label, bool enabled,
              bool checked) {
  Widget* w = recorder().find(id);
  if (!w) return;  // not added by ImGui this frame (clipped away before ItemAdd)
  w->kind = kind;
  w->test_id = test_id;
  w->label = label;
  w->enabled = enabled;
  w->checked = checked;
}

void describe_input(ImGuiID id, std::string_view test_id, std::string_view label, std::string_view input_mode,
                    std::string_view autocomplete, bool enabled, bool secret) {
  describe(id, Kind::Input, test_id, label, enabled, false);
  Widget* w = recorder().find(id);
  if (!w) return;
  w->input_mode = input_mode;
  w->autocomplete = autocomplete;
  w->secret = secret;
}

void mark_busy(ImGuiID id) {
  if (Widget* w = recorder().find(id)) w->busy = true;
}

void describe_text(Kind kind, std::string_view test_id, std::string_view label, ImVec2 min, ImVec2 max) {
  Widget w;
  w.kind = kind;
  w.test_id = test_id;
  w.label = label;
  w.min = min;
  w.max = max;
  recorder().building.push_back(std::move(w));
}

const std::vector<Widget>& widgets() { return recorder().last; }
long frame_count() { return recorder().frames; }

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Button:
      return "button";
    case Kind::Radio:
      return "radio";
    case Kind::Checkbox:
      return "checkbox";
    case Kind::Input:
      return "input";
    case Kind::Heading:
      return "heading";
    case Kind::Text:
      return "text";
    case Kind::Alert:
      return "alert";
    case Kind::Other:
      break;
  }
  return "other";
}

std::string to_json(float dpr, std::string_view route) {
  const ImGuiIO& io = ImGui::GetIO();
  auto css = [dpr](float device_px) { return std::round(device_px / dpr * 100.0f) / 100.0f; };
  nlohmann::json list = nlohmann::json::array();
  for (const auto& w : widgets()) {
    if (w.label.empty() && w.test_id.empty()) continue;  // layout helpers, scrollbars
    nlohmann::json item = {{"id", w.test_id},
                           {"label", w.label},
                           {"kind", kind_name(w.kind)},
                           {"x", css(w.min.x)},
                           {"y", css(w.min.y)},
                           {"width", css(w.max.x - w.min.x)},
                           {"height", css(w.max.y - w.min.y)},
                           {"enabled", w.enabled},
                           {"checked", w.checked},
                           {"focused", w.focused}};
    if (w.kind == Kind::Input) {
      item["inputmode"] = w.input_mode;
      item["autocomplete"] = w.autocomplete;
      item["secret"] = w.secret;
    }
    if (w.busy) item["busy"] = true;
    list.push_back(std::move(item));
  }
  return nlohmann::json{{"frame", frame_count()},
                        {"route", route},
                        {"dpr", dpr},
                        {"viewport", {{"width", css(io.DisplaySize.x)}, {"height", css(io.DisplaySize.y)}}},
                        {"widgets", std::move(list)}}
      .dump();
}

}  // namespace sesame::web::ui::bridge

// ImGui's test-engine hooks (declared in imgui_internal.h). ImGui calls them for
// every item it adds and for the label and status of standard widgets.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData* item_data) {
  using namespace sesame::web::ui::bridge;
  if (id == 0 || item_data == nullptr) return;  // windows and unlabelled internals
  auto& r = recorder();
  Widget* w = r.find(id);
  if (!w) {
    r.building.emplace_back();
    w = &r.building.back();
    w->id = id;
  }
  w->min = bb.Min;
  w->max = bb.Max;
  w->enabled = (item_data->InFlags & ImGuiItemFlags_Disabled) == 0;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  using namespace sesame::web::ui::bridge;
  Widget* w = recorder().find(id);
  if (!w || w->kind != Kind::Other || label == nullptr) return;  // the kit's description wins
  w->label = visible_label(label);
  if (flags & ImGuiItemStatusFlags_Inputable)
    w->kind = Kind::Input;
  else if (flags & ImGuiItemStatusFlags_Checkable)
    w->kind = Kind::Checkbox;
  else
    w->kind = Kind::Button;
  w->checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  using namespace sesame::web::ui::bridge;
  for (const auto& w : widgets())
    if (w.id == id) return w.label.c_str();
  return nullptr;
}
