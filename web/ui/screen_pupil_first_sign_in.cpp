// A first sign-in with the letter's temporary password: step 1, the birth date the
// school knows (a pupil's) or the children (a parent's activation letter); step 2, the
// pupil's or the parent's own password with the parents' rules.
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

constexpr std::string_view kBirthDateStep = "Je confirme ma date de naissance";
constexpr std::string_view kPasswordStep = "Je choisis mon nouveau mot de passe";
constexpr std::string_view kChildrenStep = "Je confirme mes enfants";

// Locked or expired: why, and the way back to the sign-in (the steps can no longer go on).
bool first_sign_in_over(Ui& ui, const AppState& state) {
  if (state.first_sign_in.ended.empty()) return false;
  gap(ui, 24);
  alert(ui, "alerte.erreur", AlertKind::Error, "Première connexion interrompue", state.first_sign_in.ended);
  gap(ui, 32);
  if (button(ui, "retour-connexion", "Retour à la connexion", ButtonStyle::Primary, true, true))
    ui.emit(BackPressed{});
  return true;
}

}  // namespace

void draw_pupil_birth_date(Ui& ui, const AppState& state) {
  stepper(ui, 1, 2, kBirthDateStep, kPasswordStep);
  gap(ui, 16);
  const FirstSignInForm& form = state.first_sign_in;
  paragraph(ui, "bonjour", "Bonjour " + form.first_name + ",");
  gap(ui, 8);
  paragraph(
      ui, "aide.naissance",
      "C'est votre première connexion : confirmez votre date de naissance, puis choisissez votre mot de "
      "passe.",
      color::kTextMention);
  if (first_sign_in_over(ui, state)) return;
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::PupilBirthDate, "naissance", "Date de naissance",
              "Format attendu : JJ MM AAAA", form.birth_date, kPurposeOwnBirthDate);
  if (submit_button(ui, state, "confirmer", "Confirmer")) ui.emit(BirthDateSubmitted{});
}

// A parent's letter: the children the school knows, as at account creation.
void draw_parent_first_sign_in_children(Ui& ui, const AppState& state) {
  stepper(ui, 1, 2, kChildrenStep, kPasswordStep);
  gap(ui, 16);
  const FirstSignInForm& form = state.first_sign_in;
  paragraph(ui, "bonjour", "Bonjour " + form.first_name + ",");
  gap(ui, 8);
  paragraph(ui, "aide.lettre",
            "C'est votre première connexion avec la lettre de l'établissement : confirmez vos enfants, puis "
            "choisissez votre mot de passe.",
            color::kTextMention);
  gap(ui, 16);
  draw_children_answers(ui, state, form.children, Field::FirstSignInChildBirthDate);
}

// The pupil's and the parent's alike: nothing in it is a pupil's only.
void draw_first_sign_in_password(Ui& ui, const AppState& state) {
  stepper(ui, 2, 2, kPasswordStep, {});
  if (first_sign_in_over(ui, state)) return;
  gap(ui, 16);
  paragraph(ui, "aide.mot-de-passe",
            "Ce mot de passe remplace le mot de passe provisoire de la lettre : gardez-le pour vous.",
            color::kTextMention);
  gap(ui, 24);
  const FirstSignInForm& form = state.first_sign_in;
  required_fields_note(ui);
  gap(ui, 16);
  new_password_fields(
      ui, state,
      {Field::PupilNewPassword, "Mot de passe", Field::PupilConfirmation, "Confirmation du mot de passe"},
      form.password, form.confirmation, form.password_shown);
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(FirstPasswordSubmitted{});
}

}  // namespace sesame::web::ui
