// The end of account creation: the identifier p.nomXX, to keep.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_activation_identifier(Ui& ui, const AppState& state) {
  title(ui, "titre", "Votre compte est créé");
  gap(ui, 16);
  paragraph(ui, "aide.identifiant", "Voici votre identifiant. Vous en aurez besoin pour vous connecter.",
            color::kTextMention);
  gap(ui, 16);
  heading(ui, "identifiant", state.activation.identifier);
  gap(ui, 12);
  if (button(ui, "copier", "Copier l'identifiant", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(CopyIdentifierPressed{});
  gap(ui, 16);
  alert(ui, "alerte.conserver", AlertKind::Info, "À conserver",
        "Ces informations doivent être conservées précieusement : notez votre identifiant et gardez votre mot "
        "de passe pour vous.");
  gap(ui, 32);
  if (button(ui, "acceder-compte", "Accéder à mon compte", ButtonStyle::Primary, true, true))
    ui.emit(ContinueToAccountPressed{});
}

}  // namespace sesame::web::ui
