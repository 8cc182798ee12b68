// The guide's steps 6 bis and 7 bis: each child with its school, "Je suis / Je ne
// suis pas le représentant légal de cet élève", "Né(e) le" JJ MM AAAA, "Confirmer".
// A parent's first sign-in with the school's letter asks the same (draw_children_answers).
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

void child_answer(Ui& ui, const AppState& state, const ChildForm& form, int index, const std::string& prefix,
                  Field birth_date_field) {
  const api::Child& c = form.child;
  heading(ui, prefix + ".nom", c.first_name + " " + c.last_name);
  gap(ui, 4);
  paragraph(ui, prefix + ".ecole", c.school.name + ", " + c.school.city + " (UAI\u00A0" + c.school.uai + ")",
            color::kTextMention);
  gap(ui, 12);
  if (form.confirmed) {
    paragraph(ui, prefix + ".confirme", "Rattachement confirmé.", color::kSuccess);
    return;
  }
  if (form.remaining_attempts && *form.remaining_attempts == 0) {
    paragraph(ui, prefix + ".refuse", form.error, color::kError);
    return;
  }
  if (radio(ui, prefix + ".oui", "Je suis le représentant légal de cet élève", form.answer == GuardianAnswer::Yes))
    ui.emit(GuardianAnswered{index, GuardianAnswer::Yes});
  if (radio(ui, prefix + ".non", "Je ne suis pas le représentant légal de cet élève",
            form.answer == GuardianAnswer::No))
    ui.emit(GuardianAnswered{index, GuardianAnswer::No});
  if (form.answer == GuardianAnswer::Yes) {
    gap(ui, 12);
    bound_field(ui, state, birth_date_field, prefix + ".naissance", "Né(e) le", "Format attendu : JJ MM AAAA",
                form.birth_date, kPurposeDate, index, form.error);
  } else if (!form.error.empty()) {
    gap(ui, 4);
    paragraph(ui, prefix + ".erreur", form.error, color::kError);
  }
}

}  // namespace

// One fieldset per child, named by the child: its radios and "Né(e) le" are about that child.
void draw_child_answer(Ui& ui, const AppState& state, const ChildForm& form, int index, const std::string& prefix,
                       Field birth_date_field) {
  begin_group(ui, prefix, form.child.first_name + " " + form.child.last_name);
  child_answer(ui, state, form, index, prefix, birth_date_field);
  end_group(ui);
}

void draw_children_answers(Ui& ui, const AppState& state, const std::vector<ChildForm>& children,
                           Field birth_date_field) {
  paragraph(ui, "aide.enfants",
            "Pour chaque élève, indiquez si vous êtes son représentant légal et confirmez sa date de naissance.",
            color::kTextMention);
  gap(ui, 8);
  required_fields_note(ui);
  for (std::size_t i = 0; i < children.size(); ++i) {
    gap(ui, 24);
    draw_child_answer(ui, state, children[i], static_cast<int>(i), "enfant." + std::to_string(i), birth_date_field);
  }
  if (submit_button(ui, state, "confirmer", "Confirmer")) ui.emit(ChildrenSubmitted{});
}

void draw_activation_children(Ui& ui, const AppState& state) {
  if (state.activation.franceconnect)
    stepper(ui, 3, 3, "Rattachement des élèves au compte", {});
  else
    stepper(ui, 3, 4, "Je rattache mes enfants", "Je choisis mon mot de passe");
  gap(ui, 16);
  draw_children_answers(ui, state, state.activation.children, Field::ChildBirthDate);
}

}  // namespace sesame::web::ui
