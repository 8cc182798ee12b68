#pragma once
// How the tests print the shared types when an assertion fails.
#include <catch2/catch.hpp>
#include <string>

#include "shared/checked.h"
#include "shared/date.h"

namespace Catch {

template <>
struct StringMaker<sesame::FieldError> {
  static std::string convert(const sesame::FieldError& e) {
    return "FieldError{" + e.code + ", \"" + e.message + "\"" + (e.field.empty() ? "" : ", " + e.field) + "}";
  }
};

template <>
struct StringMaker<sesame::Date> {
  static std::string convert(const sesame::Date& d) { return d.iso(); }
};

template <class T>
struct StringMaker<sesame::Checked<T>> {
  static std::string convert(const sesame::Checked<T>& c) {
    return c.ok() ? "ok: " + StringMaker<T>::convert(c.value())
                  : StringMaker<sesame::FieldError>::convert(c.error());
  }
};

}  // namespace Catch

namespace sesame::testing {

// The refusal's code, or "ok": lets a table of inputs say what each one gives.
template <class T>
std::string outcome(const Checked<T>& result) {
  return result.ok() ? std::string("ok") : result.error().code;
}

}  // namespace sesame::testing
