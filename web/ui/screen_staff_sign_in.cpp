// "Connexion des personnels": a school staff member's e-mail address and password,
// the first of the two factors (#/personnel/connexion).
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

void draw_staff_sign_in(Ui& ui, const AppState& state) {
  title(ui, "titre", "Connexion des personnels");
  gap(ui, 16);
  paragraph(ui, "aide.personnels",
            "Pour les personnels des établissements : votre adresse mail professionnelle, votre mot de passe, "
            "puis le code de votre application d'authentification.",
            color::kTextMention);
  if (state.notice == Notice::StaffSessionEnded) {
    gap(ui, 16);
    alert(ui, "alerte.session", AlertKind::Info, "Session terminée",
          "Votre session a pris fin après 15 minutes sans activité. Reconnectez-vous pour continuer.");
  }
  if (state.notice == Notice::StaffSignedOut) {
    gap(ui, 16);
    alert(ui, "alerte.deconnecte", AlertKind::Success, "Vous êtes déconnecté",
          "Votre session est fermée. Pensez à fermer le navigateur sur un poste partagé.");
  }
  gap(ui, 24);
  const StaffSignInForm& form = state.staff.sign_in;
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::StaffEmail, "email", "Adresse mail professionnelle",
              "Format attendu : prenom.nom@ac-academie.fr", form.email, FieldPurpose{"email", "username"});
  gap(ui, 16);
  bound_password(ui, state, Field::StaffPassword, "mot-de-passe", "Mot de passe", {}, form.password,
                 form.password_shown, kPurposeCurrentPassword);
  if (submit_button(ui, state, "se-connecter", "Se connecter")) ui.emit(StaffSignInSubmitted{});
  gap(ui, 24);
  paragraph(ui, "aide.oubli",
            "Mot de passe oublié ou téléphone perdu ? L'administrateur de Sésame de votre académie vous envoie "
            "une nouvelle invitation.",
            color::kTextMention);
  if (secondary_button(ui, state, "precedent", "Précédent")) ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
