#pragma once
// A value or the reason it was refused. Every shared rule answers with one, so
// the server and the client show the parent the same French sentence.
#include <string>
#include <utility>
#include <variant>

namespace sesame {

// A refusal: a stable machine code for the API and a French sentence for the parent.
struct FieldError {
  std::string code;     // snake_case, e.g. "phone_landline"
  std::string message;  // French, with accents, ready to show
  // The form field or JSON member concerned when the refusal names one
  // ("phone", "children[1].birth_date"); empty otherwise. Defaulted so that
  // FieldError{code, message} still reads naturally.
  std::string field = {};
  bool operator==(const FieldError&) const = default;
};

template <class T>
class Checked {
 public:
  Checked(T value) : state_(std::move(value)) {}
  Checked(FieldError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(state_); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const FieldError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, FieldError> state_;
};

}  // namespace sesame
