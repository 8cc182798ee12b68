#pragma once
// Settings of the native client, read from its command line, for services_native.cpp.
#include <string>

namespace sesame::web::platform::native {

struct Options {
  std::string server = "http://127.0.0.1:8080";  // where the API is
  std::string assets;                            // folder holding the subset fonts
  std::string storage;                           // file standing for the browser's localStorage
  int width = 1024, height = 768;                // window size in CSS pixels
  std::string bridge_file;                       // debugging: where to mirror the test bridge's JSON
  std::string route;                             // the hash route at start (a link's), "" for the first screen
};

const Options& options();
// Runs the callbacks of finished HTTP requests on the UI thread.
void run_finished_requests();
// Joins the HTTP threads still running (at exit).
void stop_requests();

}  // namespace sesame::web::platform::native
