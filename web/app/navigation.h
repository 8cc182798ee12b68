#pragma once
// Moving between screens: what every flow of the client does the same way.
#include <vector>

#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web {

// Shows `screen`; leaving a screen forgets its transient messages and errors.
void show(AppState& state, Screen screen);
// show() plus a history entry, so the browser's back button returns here.
void go(AppState& state, std::vector<Request>& out, Screen screen);

}  // namespace sesame::web
