// The shared rules' tests run natively and, compiled to WebAssembly, under node:
// both sides of Sésame provably apply the same rules.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
