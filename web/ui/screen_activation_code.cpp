// The guide's step 5 bis: "Un code de sécurité a été envoyé", "Renvoyer le SMS".
#include "web/app/activation.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_activation_code(Ui& ui, const AppState& state) {
  stepper(ui, 2, state.activation.franceconnect ? 3 : 4, "Je saisis le code reçu par SMS", "Je rattache mes enfants");
  gap(ui, 16);
  const ActivationForm& form = state.activation;
  alert(ui, "alerte.code-envoye", AlertKind::Info, "Un code de sécurité a été envoyé",
        "Si ce numéro est connu de l'établissement, un SMS contenant un code de sécurité vient d'être envoyé au " +
            form.phone_masked + ". Ce code est valable " + std::to_string(state.config.sms_code_validity_minutes) +
            " minutes.");
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::Code, "code", "Code de sécurité", "6 chiffres", form.code, kPurposeCode);
  if (form.sms_resent) {
    gap(ui, 8);
    paragraph(ui, "aide.renvoye", "Un nouveau SMS a été envoyé : seul le dernier code reçu est valable.",
              color::kSuccess);
  }
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(CodeSubmitted{});
  gap(ui, 12);
  // The server sends no two SMS of a flow closer than its interval: the button says how long to wait.
  const int wait = activation::resend_wait_seconds(state);
  const bool can_resend = !state.busy && !form.resends_used_up && wait == 0;
  if (button(ui, "renvoyer", "Renvoyer le SMS", ButtonStyle::Secondary, can_resend, true)) ui.emit(ResendPressed{});
  if (form.resends_used_up) {
    gap(ui, 8);
    paragraph(ui, "aide.renvoi",
              "Vous avez demandé le nombre maximal de SMS pour cette demande. Si aucun code n'arrive, vérifiez le "
              "numéro avec « Précédent » ou réessayez dans une heure.",
              color::kTextMention);
  } else if (wait > 0) {
    gap(ui, 8);
    paragraph(ui, "aide.renvoi", "Vous pourrez demander un nouveau SMS dans " + countdown_text(wait) + ".",
              color::kTextMention);
  }
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
