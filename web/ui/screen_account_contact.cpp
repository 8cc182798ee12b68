// "Mon compte": a new e-mail address or mobile, then the code sent to it.
#include "shared/phone.h"
#include "web/app/account_changes.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

struct Contact {
  bool has_dial_code;  // the mobile: "Indicatif du pays" before the number
  const char* title;
  const char* help;
  Field field;
  const char* test_id;
  const char* label;
  const char* hint;
  FieldPurpose purpose;
  const char* sent;  // the code step's alert
};

void draw_contact(Ui& ui, const AppState& state, const Contact& contact, const std::string& value) {
  title(ui, "titre", contact.title);
  const AccountChanges& form = state.account_changes;
  gap(ui, 16);
  if (!form.code_sent) {
    paragraph(ui, "aide", contact.help, color::kTextMention);
    gap(ui, 24);
    required_fields_note(ui);
    gap(ui, 16);
    if (contact.has_dial_code) {
      dial_code_selector(ui, form.dial_code);
      gap(ui, 16);
    }
    bound_field(ui, state, contact.field, contact.test_id, contact.label, contact.hint, value, contact.purpose);
    if (submit_button(ui, state, "envoyer-code", "Recevoir un code")) ui.emit(AccountChangeSubmitted{});
  } else {
    alert(ui, "alerte.code-envoye", AlertKind::Info, std::string("Code envoyé : ") + value, contact.sent);
    gap(ui, 24);
    required_fields_note(ui);
    gap(ui, 16);
    bound_field(ui, state, Field::AccountCode, "code", "Code de vérification", "6 chiffres", form.code,
                kPurposeCode);
    if (submit_button(ui, state, "valider", "Valider")) ui.emit(AccountCodeSubmitted{});
    if (secondary_button(ui, state, "renvoyer", "Renvoyer le code")) ui.emit(AccountChangeSubmitted{});
  }
  if (secondary_button(ui, state, "retour", "Retour à mon compte")) ui.emit(AccountCancelPressed{});
}

constexpr Contact kEmail{
    false,
    "Modifier mon adresse mail",
    "Votre adresse mail vous permet de retrouver votre identifiant et de recevoir les avis de "
    "modification de votre compte. Un code de vérification va vous être envoyé à la nouvelle adresse.",
    Field::AccountEmail,
    "email",
    "Adresse mail",
    "Format attendu : nom@domaine.fr",
    kPurposeEmail,
    "Un code de vérification vient d'être envoyé à cette adresse. Il est valable 30 minutes. Votre compte "
    "garde son ancienne adresse tant que le code n'est pas saisi.",
};

constexpr Contact kPhone{
    true,
    "Modifier mon numéro de téléphone portable",
    "Votre numéro de téléphone portable vous permet de recevoir les codes de sécurité, par exemple si vous "
    "oubliez votre mot de passe. Un code de vérification va vous être envoyé par SMS au nouveau numéro.",
    Field::AccountPhone,
    "telephone",
    "N° de téléphone portable",
    "Format attendu : 06 12 34 56 78 (ou 692 12 34 56 outre-mer)",
    kPurposeTel,
    "Un code de vérification vient d'être envoyé par SMS à ce numéro. Il est valable 30 minutes. Votre "
    "compte garde son ancien numéro tant que le code n'est pas saisi.",
};

}  // namespace

void draw_account_email(Ui& ui, const AppState& state) {
  draw_contact(ui, state, kEmail, state.account_changes.email);
}

void draw_account_phone(Ui& ui, const AppState& state) {
  const AccountChanges& form = state.account_changes;
  const Checked<std::string> e164 = normalize_mobile_phone(form.phone, form.dial_code);
  draw_contact(ui, state, kPhone, form.code_sent && e164 ? unbreakable(format_phone(*e164)) : form.phone);
}

}  // namespace sesame::web::ui
