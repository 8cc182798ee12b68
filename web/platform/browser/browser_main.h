#pragma once
// The browser's main loop, shared with the other files of platform/browser/.
#include "web/platform/client_host.h"

namespace sesame::web::platform::browser {

ClientHost& host();
// Restarts requestAnimationFrame after the loop paused itself for lack of anything to draw.
void resume_main_loop();

}  // namespace sesame::web::platform::browser
