// The guide's step 4 bis: "Je confirme mon identité" — Nom, Prénom, mobile.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_activation_identity(Ui& ui, const AppState& state) {
  stepper(ui, 1, 4, "Je confirme mon identité", "Je saisis le code reçu par SMS");
  gap(ui, 16);
  paragraph(ui, "aide.identite",
            "Indiquez votre nom, votre prénom et le numéro de téléphone portable que vous avez donné à "
            "l'établissement de votre enfant.",
            color::kTextMention);
  gap(ui, 24);
  const ActivationForm& form = state.activation;
  bound_field(ui, state, Field::LastName, "nom", "Nom", {}, form.last_name, kPurposeFamilyName);
  gap(ui, 16);
  bound_field(ui, state, Field::FirstName, "prenom", "Prénom", {}, form.first_name, kPurposeGivenName);
  gap(ui, 16);
  bound_field(ui, state, Field::Phone, "telephone", "N° de téléphone portable",
              "Format attendu : 06 12 34 56 78, ou +262 692 12 34 56 outre-mer", form.phone, kPurposeTel);
  form_error(ui, state);
  gap(ui, 32);
  if (button(ui, "suivant", "Suivant", ButtonStyle::Primary, true, true, state.busy)) ui.emit(IdentitySubmitted{});
  gap(ui, 12);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, !state.busy, true)) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
