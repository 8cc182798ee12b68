// "Mon compte": "Activer la connexion avec FranceConnect" — the account's
// password proved again, then the provider's page; back from it, "Mon compte"
// says the link is made.
#include "web/app/franceconnect.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_account_franceconnect(Ui& ui, const AppState& state) {
  title(ui, "titre", "Se connecter avec FranceConnect");
  gap(ui, 16);
  if (!state.config.franceconnect) {
    paragraph(ui, "aide", "La connexion avec FranceConnect n'est pas proposée par ce service.", color::kTextMention);
  } else if (state.account && state.account->franceconnect.value_or(false)) {
    paragraph(ui, "aide", "La connexion avec FranceConnect est déjà activée pour votre compte.", color::kTextMention);
  } else {
    paragraph(ui, "aide",
              "Vous pourrez vous connecter à ce compte avec FranceConnect, en plus de votre identifiant et de votre "
              "mot de passe. Pour confirmer que ce compte est bien le vôtre, saisissez son mot de passe : vous "
              "choisirez ensuite votre compte FranceConnect.",
              color::kTextMention);
    gap(ui, 24);
    required_fields_note(ui);
    gap(ui, 16);
    bound_password(ui, state, Field::CurrentPassword, "mot-de-passe", "Mot de passe de votre compte", {},
                   state.account_changes.current_password, state.account_changes.password_shown,
                   kPurposeCurrentPassword);
    if (submit_button(ui, state, "continuer", "Continuer vers FranceConnect"))
      ui.emit(AccountChangeSubmitted{});
    gap(ui, 12);
    if (link_button(ui, "franceconnect.info", "Qu'est-ce que FranceConnect ?", franceconnect::kInfoUrl))
      ui.emit(FranceConnectInfoPressed{});
  }
  gap(ui, 24);
  if (button(ui, "retour", "Retour à mon compte", ButtonStyle::Secondary, !state.busy, true))
    ui.emit(AccountCancelPressed{});
}

}  // namespace sesame::web::ui
