#pragma once
// The semantic mirror: after each frame, the semantics the kit recorded
// (ui/bridge.h) go to mirror.js, which keeps one real DOM element per node over the
// canvas; what happens to those elements (activation, typing, focus, the document's
// scroll) comes back through the sesame_node_* / sesame_page_* exports.
#include <string>

namespace sesame::web::platform::browser {

// Hands the last frame's semantics to the page when they differ from the last ones.
// `drawn_route`: the route of the screen that frame drew (the app may have moved on
// since, in reaction to that frame's clicks).
void sync_mirror(const std::string& drawn_route);

}  // namespace sesame::web::platform::browser
