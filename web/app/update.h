#pragma once
// The client's logic, without a window: an event changes the state and yields
// the requests the platform must carry out. Tested natively (tests/web/).
#include <vector>

#include "web/app/events.h"
#include "web/app/requests.h"
#include "web/app/state.h"

namespace sesame::web {

std::vector<Request> update(AppState& state, const Event& event);

}  // namespace sesame::web
