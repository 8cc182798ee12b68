// The guide's step 4 bis: "Je confirme mon identité" — Nom, Prénom, mobile.
#include "shared/phone.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void dial_code_selector(Ui& ui, const std::string& dial_code) {
  begin_group(ui, "groupe.indicatif", "Indicatif du pays");
  heading(ui, "titre.indicatif", "Indicatif du pays");
  gap(ui, 4);
  paragraph(ui, "aide.indicatif",
            "+33 France métropolitaine, +262 La Réunion et Mayotte, +590 Guadeloupe et Saint-Martin, "
            "+594 Guyane, +596 Martinique",
            color::kTextHint);
  gap(ui, 8);
  std::vector<TileChoice> countries;
  for (const PhoneCountry& country : phone_countries())
    countries.push_back({std::string("indicatif.") + (country.dial_code + 1), country.dial_code,
                         dial_code == country.dial_code});
  const int picked = radio_tile_group(ui, countries, 5);
  end_group(ui);
  if (picked >= 0) ui.emit(DialCodePicked{phone_countries()[static_cast<std::size_t>(picked)].dial_code});
}

void draw_activation_identity(Ui& ui, const AppState& state) {
  stepper(ui, 1, 4, "Je confirme mon identité", "Je saisis le code reçu par SMS");
  gap(ui, 16);
  paragraph(ui, "aide.identite",
            "Indiquez votre nom, votre prénom et le numéro de téléphone portable que vous avez donné à "
            "l'établissement de votre enfant.",
            color::kTextMention);
  gap(ui, 24);
  const ActivationForm& form = state.activation;
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::LastName, "nom", "Nom", {}, form.last_name, kPurposeFamilyName);
  gap(ui, 16);
  bound_field(ui, state, Field::FirstName, "prenom", "Prénom", {}, form.first_name, kPurposeGivenName);
  gap(ui, 16);
  dial_code_selector(ui, form.dial_code);
  gap(ui, 16);
  bound_field(ui, state, Field::Phone, "telephone", "N° de téléphone portable",
              "Format attendu : 06 12 34 56 78 (ou 692 12 34 56 outre-mer)", form.phone, kPurposeTel);
  if (submit_button(ui, state, "suivant", "Suivant")) ui.emit(IdentitySubmitted{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
