#include "web/ui/bridge.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "imgui_internal.h"

namespace sesame::web::ui::bridge {

namespace {

struct Recorder {
  std::vector<Widget> building;  // the frame being drawn
  std::vector<Widget> last;      // the last finished frame
  std::vector<std::size_t> groups;  // open groups: their index in `building`
  float page_height = 0;
  float page_scroll = 0;
  long submits = 0;
  long frames = 0;

  Widget* find(ImGuiID id) {
    if (id == 0) return nullptr;
    // Most lookups are for the item just added: search from the end.
    for (auto it = building.rbegin(); it != building.rend(); ++it)
      if (it->id == id) return &*it;
    return nullptr;
  }
  // A new node belongs to the innermost open group.
  void adopt(Widget& w) const {
    if (groups.empty() || building[groups.back()].test_id == w.test_id) return;
    const Widget& parent = building[groups.back()];
    w.group = parent.test_id;
    w.list_item = parent.kind == Kind::List && w.kind == Kind::Text;
  }
};

Recorder& recorder() {
  static Recorder instance;
  return instance;
}

// What the platform reported since the last frame, and the DOM's lasting state.
struct Inbox {
  bool dom = false;
  std::vector<std::string> activations;
  std::map<std::string, TextState, std::less<>> texts;
  std::vector<std::string> pending_edits;
  std::string focus;
  bool focus_visible = false;
};

Inbox& inbox() {
  static Inbox instance;
  return instance;
}

// "Se connecter##submit" → "Se connecter": ImGui's hidden id suffix is no label.
std::string_view visible_label(std::string_view label) {
  auto hidden = label.find("##");
  return hidden == std::string_view::npos ? label : label.substr(0, hidden);
}

}  // namespace

void begin_frame() {
  auto& r = recorder();
  r.building.clear();
  r.groups.clear();
  ImGui::GetCurrentContext()->TestEngineHookItems = true;
}

void end_frame() {
  auto& r = recorder();
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  for (auto& w : r.building)
    w.focused = inbox().dom ? !w.test_id.empty() && w.test_id == inbox().focus
                            : w.id != 0 && w.id == g.NavId && !g.NavDisableHighlight;
  r.last.swap(r.building);
  ++r.frames;
  // What no widget of this frame took belonged to a screen that is gone.
  inbox().activations.clear();
  inbox().pending_edits.clear();
}

void describe(ImGuiID id, Kind kind, std::string_view test_id, std::string_view label, bool enabled,
              bool checked) {
  auto& r = recorder();
  Widget* w = r.find(id);
  if (!w) return;  // not added by ImGui this frame
  w->kind = kind;
  w->test_id = test_id;
  w->label = label;
  w->enabled = enabled;
  w->checked = checked;
  r.adopt(*w);
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

Widget* node(ImGuiID id) { return recorder().find(id); }

void mark_busy(ImGuiID id) {
  if (Widget* w = recorder().find(id)) w->busy = true;
}

Widget& describe_text(Kind kind, std::string_view test_id, std::string_view label, ImVec2 min, ImVec2 max) {
  auto& r = recorder();
  Widget w;
  w.kind = kind;
  w.test_id = test_id;
  w.label = label;
  w.min = min;
  w.max = max;
  r.adopt(w);
  r.building.push_back(std::move(w));
  return r.building.back();
}

void begin_group(std::string_view test_id, std::string_view label, ImVec2 min, Kind kind) {
  auto& r = recorder();
  Widget& w = describe_text(kind, test_id, label, min, min);
  w.max = ImVec2(min.x, min.y);
  r.groups.push_back(r.building.size() - 1);
}

void end_group(ImVec2 max) {
  auto& r = recorder();
  if (r.groups.empty()) return;
  Widget& group = r.building[r.groups.back()];
  r.groups.pop_back();
  // As wide and as tall as what it holds.
  group.max = max;
  for (const auto& w : r.building)
    if (w.group == group.test_id) {
      group.min = ImMin(group.min, w.min);
      group.max = ImMax(group.max, w.max);
    }
}

void note_submit() { ++recorder().submits; }

void set_page(float height, float scroll) {
  recorder().page_height = height;
  recorder().page_scroll = scroll;
}

const std::vector<Widget>& widgets() { return recorder().last; }
long frame_count() { return recorder().frames; }

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Button:
      return "button";
    case Kind::Link:
      return "link";
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
    case Kind::Image:
      return "image";
    case Kind::Group:
      return "group";
    case Kind::List:
      return "list";
    case Kind::Other:
      break;
  }
  return "other";
}

const char* role_name(const Widget& w) {
  // Where the ARIA role is not the kind's own name.
  switch (w.kind) {
    case Kind::Input:
      return "textbox";
    case Kind::Text:
      return w.list_item ? "listitem" : "paragraph";
    case Kind::Alert:
      return w.status ? "status" : "alert";
    case Kind::Image:
      return "img";
    case Kind::Other:
      return "";
    default:
      return kind_name(w.kind);
  }
}

std::string to_json(float dpr, std::string_view route, bool with_frame) {
  const ImGuiIO& io = ImGui::GetIO();
  auto css = [dpr](float device_px) { return std::round(device_px / dpr * 100.0f) / 100.0f; };
  nlohmann::json list = nlohmann::json::array();
  for (const auto& w : widgets()) {
    if (w.label.empty() && w.test_id.empty()) continue;  // layout helpers, scrollbars
    nlohmann::json item = {{"id", w.test_id},
                           {"label", w.label},
                           {"kind", kind_name(w.kind)},
                           {"role", role_name(w)},
                           {"x", css(w.min.x)},
                           {"y", css(w.min.y)},
                           {"width", css(w.max.x - w.min.x)},
                           {"height", css(w.max.y - w.min.y)},
                           {"enabled", w.enabled},
                           {"checked", w.checked},
                           {"focused", w.focused}};
    if (w.level) item["level"] = w.level;
    if (!w.group.empty()) item["group"] = w.group;
    if (w.primary) item["primary"] = true;
    if (!w.href.empty()) item["href"] = w.href;
    if (w.kind == Kind::Input) {
      item["inputmode"] = w.input_mode;
      item["autocomplete"] = w.autocomplete;
      item["secret"] = w.secret;
      item["masked"] = w.masked;
      item["required"] = w.required;
      item["invalid"] = w.invalid;
      item["value"] = w.value;
      item["describedby"] = w.described_by;
      item["labelbox"] = {css(w.label_min.x), css(w.label_min.y), css(w.label_max.x - w.label_min.x),
                          css(w.label_max.y - w.label_min.y)};
    }
    if (w.busy) item["busy"] = true;
    list.push_back(std::move(item));
  }
  nlohmann::json out = {{"route", route},
                        {"dpr", dpr},
                        {"scroll", css(recorder().page_scroll)},
                        {"submits", recorder().submits},
                        {"height", css(recorder().page_height)},
                        {"viewport", {{"width", css(io.DisplaySize.x)}, {"height", css(io.DisplaySize.y)}}},
                        {"widgets", std::move(list)}};
  if (with_frame) out["frame"] = frame_count();
  // A string cut by a field's byte limit is still whole characters; replace rather than throw.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------

void set_dom_input(bool on) { inbox().dom = on; }
bool dom_input() { return inbox().dom; }

void activate(std::string_view test_id) { inbox().activations.emplace_back(test_id); }

bool take_activation(std::string_view test_id) {
  auto& list = inbox().activations;
  const auto it = std::find(list.begin(), list.end(), test_id);
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}

void edit(std::string_view test_id, std::string_view value, int selection_start, int selection_end,
          float scroll_x_css) {
  TextState& t = inbox().texts[std::string(test_id)];
  t.value = value;
  t.selection_start = selection_start;
  t.selection_end = selection_end;
  t.scroll_x_css = scroll_x_css;
  t.changed_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
  auto& pending = inbox().pending_edits;
  if (std::find(pending.begin(), pending.end(), test_id) == pending.end()) pending.emplace_back(test_id);
}

void select(std::string_view test_id, int selection_start, int selection_end, float scroll_x_css) {
  TextState& t = inbox().texts[std::string(test_id)];
  t.selection_start = selection_start;
  t.selection_end = selection_end;
  t.scroll_x_css = scroll_x_css;
  t.changed_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
}

std::optional<std::string> take_edit(std::string_view test_id) {
  auto& pending = inbox().pending_edits;
  const auto it = std::find(pending.begin(), pending.end(), test_id);
  if (it == pending.end()) return std::nullopt;
  pending.erase(it);
  const auto text = inbox().texts.find(test_id);
  return text == inbox().texts.end() ? std::nullopt : std::optional<std::string>(text->second.value);
}

const TextState* text_state(std::string_view test_id) {
  const auto it = inbox().texts.find(test_id);
  return it == inbox().texts.end() ? nullptr : &it->second;
}

void set_focus(std::string_view test_id, bool visible) {
  inbox().focus = test_id;
  inbox().focus_visible = visible;
}

const std::string& focus() { return inbox().focus; }

bool shows_focus(ImGuiID id, std::string_view test_id) {
  if (inbox().dom) return inbox().focus_visible && !test_id.empty() && inbox().focus == test_id;
  const ImGuiContext& g = *GImGui;
  return id != 0 && g.NavId == id && !g.NavDisableHighlight;
}

bool editing_text() {
  if (!inbox().dom || inbox().focus.empty()) return false;
  for (const auto& w : widgets())
    if (w.kind == Kind::Input && w.test_id == inbox().focus) return true;
  return false;
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
