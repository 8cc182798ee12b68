// The guide's step 3: "Je me connecte avec mon compte ÉduConnect".
#include "web/app/franceconnect.h"
#include "web/app/routes.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void sign_in_fields(Ui& ui, const AppState& state, std::string_view forgotten_identifier,
                    std::string_view forgotten_password) {
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::SignInIdentifier, "identifiant", "Identifiant", "Identifiant au format p.nomXX",
              state.sign_in.identifier, kPurposeUsername);
  if (link_button(ui, "identifiant-oublie", "Identifiant oublié ?", forgotten_identifier))
    ui.emit(ForgottenIdentifierPressed{});
  gap(ui, 16);
  bound_password(ui, state, Field::SignInPassword, "mot-de-passe", "Mot de passe", {}, state.sign_in.password,
                 state.sign_in.password_shown, kPurposeCurrentPassword);
  if (link_button(ui, "mot-de-passe-oublie", "Mot de passe oublié ?", forgotten_password))
    ui.emit(ForgottenPasswordPressed{});
  form_error(ui, state);
  gap(ui, 24);
  if (button(ui, "se-connecter", "Se connecter", ButtonStyle::Primary, true, true, state.busy))
    ui.emit(SignInPressed{});
}

void draw_sign_in(Ui& ui, const AppState& state) {
  title(ui, "titre", "Je me connecte avec mon compte ÉduConnect");
  if (state.notice == Notice::PasswordReset) {
    gap(ui, 16);
    alert(ui, "alerte.mot-de-passe-modifie", AlertKind::Success, "Mot de passe modifié",
          "Votre mot de passe est modifié : connectez-vous avec votre nouveau mot de passe.");
  }
  if (state.config.franceconnect) {
    gap(ui, 24);
    heading(ui, "titre.franceconnect", "Avec FranceConnect");
    gap(ui, 8);
    paragraph(ui, "aide.franceconnect",
              "Les identifiants que vous utilisez déjà sur d'autres services (impots.gouv.fr, ameli.fr, msa.fr…).",
              color::kTextMention);
    gap(ui, 12);
    if (franceconnect_button(ui, "franceconnect") && !state.busy) ui.emit(FranceConnectPressed{});
    if (link_button(ui, "franceconnect.info", "Qu'est-ce que FranceConnect ?", franceconnect::kInfoUrl))
      ui.emit(FranceConnectInfoPressed{});
    gap(ui, 16);
    heading(ui, "titre.educonnect", "Avec mon compte ÉduConnect");
  }
  gap(ui, 24);
  sign_in_fields(ui, state, route_of(Screen::RecoveryIdentifier), route_of(Screen::RecoveryPasswordIdentifier));
  gap(ui, 24);
  heading(ui, "titre.sans-compte", "Vous n'avez pas encore de compte ?");
  gap(ui, 8);
  if (button(ui, "sans-compte", "Je n'ai pas de compte", ButtonStyle::Secondary, !state.busy, true))
    ui.emit(NoAccountPressed{});
  gap(ui, 32);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, !state.busy, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
