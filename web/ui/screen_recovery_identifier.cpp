// "Identifiant oublié ?": the identifier sent by SMS to the account's mobile or
// by e-mail to its verified address.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_recovery_identifier(Ui& ui, const AppState& state) {
  title(ui, "titre", "Identifiant oublié ?");
  gap(ui, 16);
  const RecoveryForm& form = state.recovery;
  const bool by_sms = form.channel == RecoveryChannel::Sms;
  if (form.identifier_sent) {
    alert(ui, "alerte.identifiant-envoye", AlertKind::Success, "Demande enregistrée",
          by_sms ? "Si ce numéro correspond à un compte, votre identifiant vient de vous être envoyé."
                 : "Si cette adresse correspond à un compte, votre identifiant vient de vous être envoyé.");
    gap(ui, 32);
    if (button(ui, "retour-connexion", "Retour à la connexion", ButtonStyle::Primary, true, true))
      ui.emit(BackPressed{});
    return;
  }
  paragraph(ui, "aide.identifiant-oublie",
            "Recevez votre identifiant par SMS, au numéro de téléphone portable de votre compte, ou par mail, "
            "à l'adresse mail vérifiée de votre compte.",
            color::kTextMention);
  gap(ui, 24);
  begin_group(ui, "groupe.canal", "Je souhaite recevoir mon identifiant");
  heading(ui, "titre.canal", "Je souhaite recevoir mon identifiant");
  gap(ui, 8);
  if (radio(ui, "canal.sms", "Par SMS", by_sms) && !by_sms) ui.emit(RecoveryChannelPicked{RecoveryChannel::Sms});
  if (radio(ui, "canal.mail", "Par mail", !by_sms) && by_sms)
    ui.emit(RecoveryChannelPicked{RecoveryChannel::Email});
  end_group(ui);
  gap(ui, 16);
  required_fields_note(ui);
  gap(ui, 16);
  if (by_sms)
    bound_field(ui, state, Field::RecoveryPhone, "telephone", "N° de téléphone portable",
                "Format attendu : 06 12 34 56 78 (ou +262 692 12 34 56 outre-mer)", form.phone, kPurposeTel);
  else
    bound_field(ui, state, Field::RecoveryEmail, "email", "Adresse mail", "Format attendu : nom@exemple.fr",
                form.email, kPurposeEmail);
  if (submit_button(ui, state, "envoyer", "Recevoir mon identifiant")) ui.emit(RecoverySubmitted{});
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
