#pragma once
// What every fuzz target of tests/fuzz shares. Each target is one
// LLVMFuzzerTestOneInput: built with clang and libFuzzer by `make fuzz`
// (SESAME_FUZZ=ON), and with the ordinary build into a replay program that
// runs it over the committed corpus as part of `make test`.
//
// A target checks properties, not only the absence of a crash: a broken one is
// reported by SESAME_FUZZ_CHECK, which prints it and aborts, so that libFuzzer
// keeps the input as a crash reproducer and the replay test fails.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/checked.h"
#include "shared/messages.h"
#include "shared/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

#define SESAME_FUZZ_CHECK(condition)                                                                   \
  do {                                                                                                 \
    if (!(condition)) ::sesame::fuzz::property_failed(#condition, __FILE__, __LINE__);                 \
  } while (false)

namespace sesame::fuzz {

[[noreturn]] inline void property_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "property broken: %s (%s:%d)\n", condition, file, line);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An input that carries several arguments separates them with NUL bytes: "a\0b"
// gives {"a", "b"}; the last part keeps any further NUL. `count` parts at most,
// and always `count` (missing ones are empty).
inline std::vector<std::string_view> split_arguments(std::string_view input, std::size_t count) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < count) {
    const std::size_t nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  parts.push_back(input);
  parts.resize(count);
  return parts;
}

// A refusal of a shared rule as the API sends it: a code of the catalogue and a
// French sentence that is valid UTF-8 (a JSON answer could not carry it otherwise).
inline void check_refusal(const FieldError& error) {
  SESAME_FUZZ_CHECK(!error.code.empty());
  SESAME_FUZZ_CHECK(has_french_message(error.code));
  SESAME_FUZZ_CHECK(!error.message.empty());
  SESAME_FUZZ_CHECK(is_valid_utf8(error.message));
}

// Two runs of a rule on one input answer alike.
template <class T>
bool same_outcome(const Checked<T>& a, const Checked<T>& b) {
  if (a.ok() != b.ok()) return false;
  return a.ok() ? a.value() == b.value() : a.error() == b.error();
}

}  // namespace sesame::fuzz
