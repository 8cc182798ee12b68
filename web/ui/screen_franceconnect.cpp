// Méthode A of the guide: "Rattacher des élèves" after FranceConnect (step 4:
// "Actions à effectuer sur votre compte"), and the page a failed FranceConnect
// sign-in lands on.
#include "shared/messages.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_franceconnect_attach(Ui& ui, const AppState& state) {
  stepper(ui, 1, 3, "Actions à effectuer sur votre compte", "Je saisis le code reçu par SMS");
  gap(ui, 16);
  const FranceConnectState& fc = state.franceconnect;
  if (!fc.given_name.empty() || !fc.family_name.empty()) {
    alert(ui, "alerte.franceconnect", AlertKind::Success, "Identification FranceConnect réussie",
          "Bonjour " + fc.given_name + " " + fc.family_name + ".");
    gap(ui, 16);
  }
  paragraph(ui, "aide.rattacher",
            "Merci de mettre à jour les informations suivantes. Indiquez le numéro de téléphone portable que "
            "vous avez donné à l'établissement de votre enfant : un code de sécurité vous sera envoyé par SMS "
            "pour rattacher vos enfants à votre compte.",
            color::kTextMention);
  gap(ui, 24);
  dial_code_selector(ui, state.activation.dial_code);
  gap(ui, 16);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::Phone, "telephone", "N° de téléphone portable",
              "Format attendu : 06 12 34 56 78 (ou 692 12 34 56 outre-mer)", state.activation.phone, kPurposeTel);
  if (submit_button(ui, state, "rattacher", "Rattacher des élèves")) ui.emit(AttachSubmitted{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

void draw_franceconnect_failure(Ui& ui, const AppState& state) {
  title(ui, "titre", "La connexion avec FranceConnect n'a pas abouti");
  gap(ui, 16);
  alert(ui, "alerte.franceconnect", AlertKind::Error, "Vous n'êtes pas connecté",
        french_message(state.franceconnect.failure.empty() ? "franceconnect_provider_error"
                                                           : state.franceconnect.failure));
  gap(ui, 32);
  if (state.config.franceconnect && franceconnect_button(ui, "franceconnect")) ui.emit(FranceConnectPressed{});
  gap(ui, 16);
  if (button(ui, "retour-connexion", "Retour à la connexion", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
