#pragma once
// Draws the whole page for the current state and returns what the parent did.
// Called between ImGui::NewFrame() and ImGui::Render().
#include <optional>
#include <vector>

#include "web/app/events.h"
#include "web/app/state.h"
#include "web/ui/fonts.h"
#include "web/ui/theme.h"

namespace sesame::web::ui {

struct ViewInput {
  Metrics metrics;
  const Fonts* fonts = nullptr;
  float scroll_by = 0;  // device pixels, from the mouse wheel or a finger (native window)
  // In a browser the document scrolls (its height is the page's, bridge::set_page_height)
  // and the canvas, fixed in the viewport, follows: the document's scroll in device pixels.
  std::optional<float> page_scroll;
};

std::vector<Event> draw_app(const AppState& state, const ViewInput& input);

}  // namespace sesame::web::ui
