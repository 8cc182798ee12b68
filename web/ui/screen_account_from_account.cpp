// "Ajout d'un élève depuis un autre compte": the other account's identifier and
// password; its children join this account and the other account is closed.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_account_from_account(Ui& ui, const AppState& state) {
  title(ui, "titre", "Ajout d'un élève depuis un autre compte");
  const AccountChanges& form = state.account_changes;
  gap(ui, 16);
  paragraph(ui, "aide",
            "Si vous avez un autre compte ÉduConnect pour d'autres élèves, saisissez son identifiant et son mot de "
            "passe : ses élèves seront ajoutés à ce compte-ci.",
            color::kTextMention);
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::OtherIdentifier, "autre-identifiant", "Identifiant de l'autre compte",
              "Identifiant au format p.nomXX", form.other_identifier, kPurposeText);
  gap(ui, 24);
  bound_password(ui, state, Field::OtherPassword, "autre-mot-de-passe", "Mot de passe de l'autre compte", {},
                 form.other_password, form.password_shown, kPurposeText);
  gap(ui, 24);
  alert(ui, "alerte.fermeture", AlertKind::Info, "L'autre compte sera fermé",
        "Une fois ses élèves ajoutés ici, l'autre compte est fermé : vous ne pourrez plus vous connecter avec son "
        "identifiant. Vous retrouverez tous vos élèves sur ce compte-ci.");
  if (submit_button(ui, state, "ajouter", "Ajouter les élèves et fermer l'autre compte"))
    ui.emit(AccountChangeSubmitted{});
  if (secondary_button(ui, state, "retour", "Retour à mon compte")) ui.emit(AccountCancelPressed{});
}

}  // namespace sesame::web::ui
