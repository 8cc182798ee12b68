// "Identifiant ou mot de passe oublié" for pupils: no SMS nor e-mail to a pupil; the
// identifier is on the school's letter, and a parent (from their "Mon compte") or the
// school gives a new temporary password.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_pupil_help(Ui& ui, const AppState& state) {
  title(ui, "titre", "Identifiant ou mot de passe oublié");
  gap(ui, 24);
  heading(ui, "titre.identifiant", "Identifiant oublié");
  gap(ui, 8);
  paragraph(
      ui, "aide.identifiant",
      "Votre identifiant figure sur la lettre remise par votre établissement. Vos parents le voient aussi "
      "dans leur compte ENT, sous «\u00A0Mon compte\u00A0».");
  gap(ui, 24);
  heading(ui, "titre.mot-de-passe", "Mot de passe oublié ou expiré");
  gap(ui, 8);
  paragraph(ui, "aide.parent",
            "L'un de vos parents peut vous donner un nouveau mot de passe provisoire depuis son compte ENT : "
            "sous «\u00A0Mon compte\u00A0», avec le bouton «\u00A0Donner un nouveau mot de passe "
            "provisoire\u00A0».");
  gap(ui, 8);
  paragraph(
      ui, "aide.etablissement",
      "Votre établissement peut aussi vous remettre une nouvelle lettre avec un mot de passe provisoire.");
  gap(ui, 8);
  paragraph(ui, "aide.premiere-connexion",
            "Avec un mot de passe provisoire, vous confirmerez votre date de naissance, puis vous choisirez "
            "votre propre mot de passe.",
            color::kTextMention);
  gap(ui, 32);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, !state.busy, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
