// A pupil's "Mon compte ÉduConnect": who, the identifier, the school and class;
// "Accéder à mes services" and "Se déconnecter". Nothing of a parent's page.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_pupil_account(Ui& ui, const AppState& state) {
  title(ui, "titre", "Mon compte ÉduConnect");
  if (!state.account) {
    gap(ui, 16);
    paragraph(ui, "chargement", "Chargement de votre compte…", color::kTextMention);
    form_error(ui, state);
    return;
  }
  const api::Account& account = *state.account;
  gap(ui, 24);
  paragraph(ui, "compte.nom", account.first_name + " " + account.last_name);
  paragraph(ui, "compte.identifiant", "Identifiant : " + account.identifier, color::kTextMention);
  if (account.pupil) {
    const api::School& school = account.pupil->school;
    paragraph(ui, "compte.etablissement", "Établissement : " + school.name + ", " + school.city,
              color::kTextMention);
    if (account.pupil->class_name && !account.pupil->class_name->empty())
      paragraph(ui, "compte.classe", "Classe : " + *account.pupil->class_name, color::kTextMention);
  }
  form_error(ui, state);
  services_and_sign_out(ui);
}

}  // namespace sesame::web::ui
