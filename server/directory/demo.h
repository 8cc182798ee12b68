#pragma once
// Demonstration data, loaded by `sesame-admin demo` through the ordinary CSV
// import: the guide's Dupont family and the cases the flows must handle.
#include "server/directory/import.h"

namespace sesame::directory {

ImportFiles demo_files();

}  // namespace sesame::directory
