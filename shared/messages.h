#pragma once
// The French sentence behind each stable error code. The server puts it in the
// "message" of its JSON errors; the client falls back on it when an answer
// carries a code without a message. The validators of shared/ take their fixed
// sentences from here and only build the ones that name a detail (a month, a
// character, a field).
#include <span>
#include <string>
#include <string_view>

#include "shared/checked.h"

namespace sesame {

struct CodedMessage {
  std::string_view code;  // snake_case, stable, on the wire
  const char* message;    // French, for the parent
};

// Every code the API and the shared rules use, once each.
std::span<const CodedMessage> message_catalogue();

bool has_french_message(std::string_view code);
// The sentence for `code`; a generic French sentence for an unknown code.
const char* french_message(std::string_view code);
// The refusal {code, french_message(code)}.
FieldError field_error(std::string_view code);

// What a field holds that it may not, to finish "Le numéro contient ...":
// "un caractère non autorisé : « @ »", "des caractères non autorisés : « @ »,
// « 3 »", "un caractère invisible non autorisé". Each character is shown once,
// at most five; invisible ones (controls, unusual spaces) are described instead.
std::string refused_characters_phrase(std::u32string_view refused);

}  // namespace sesame
