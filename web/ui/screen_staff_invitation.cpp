// The staff member's invitation (#/personnel/invitation/<token>): "Bienvenue", then
// three steps: a password under the parents' rules, the authenticator app (its key
// as text and as a QR code) and its first code, the ten recovery codes shown once.
#include "web/app/staff.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

constexpr std::string_view kSteps[] = {"Je choisis mon mot de passe",
                                       "J'associe mon application d'authentification",
                                       "Je note mes codes de secours"};

// "Bienvenue Marie CURIE" and the schools the invitation gives.
void welcome(Ui& ui, const api::StaffInvitation& invitation) {
  title(ui, "titre", "Bienvenue " + invitation.name);
  gap(ui, 16);
  paragraph(ui, "aide.invitation",
            "Votre accès à la console des personnels de Sésame est prêt. Il vous permet d'aider les familles "
            "des établissements suivants :",
            color::kTextMention);
  gap(ui, 8);
  begin_list(ui, "etablissements", "Vos établissements");
  for (std::size_t i = 0; i < invitation.schools.size(); ++i) {
    const api::School& school = invitation.schools[i];
    paragraph(ui, "etablissement." + std::to_string(i),
              "• " + school.name + ", " + school.city + " (UAI\u00A0" + school.uai + ")");
  }
  end_list(ui);
  gap(ui, 8);
  // "le 10/12/2026 à 23:51" said as "jusqu'au 10/12/2026 à 23:51".
  const std::string when = staff::local_date_time(invitation.expires_at);
  paragraph(ui, "invitation.validite",
            "Ce lien d'invitation est valable jusqu'au " + (when.starts_with("le ") ? when.substr(3) : when) +
                ", pour une seule création d'accès.",
            color::kTextMention);
}

void password_step(Ui& ui, const AppState& state) {
  const StaffInvitationForm& form = state.staff.invitation;
  required_fields_note(ui);
  gap(ui, 16);
  new_password_fields(ui, state,
                      {Field::StaffNewPassword, "Mot de passe", Field::StaffConfirmation,
                       "Confirmation du mot de passe"},
                      form.password, form.confirmation, form.password_shown);
  if (submit_button(ui, state, "suivant", "Suivant")) ui.emit(StaffInvitationSubmitted{});
}

void totp_step(Ui& ui, const AppState& state) {
  const StaffInvitationForm& form = state.staff.invitation;
  paragraph(ui, "aide.application",
            "Dans votre application d'authentification (celle de votre académie, FreeOTP, Aegis, Google "
            "Authenticator…), ajoutez un compte en scannant ce QR code, ou en saisissant la clé écrite dessous.",
            color::kTextMention);
  gap(ui, 16);
  if (form.enrolment && !form.enrolment->qr_rows.empty()) {
    qr_code(ui, "qr-code",
            "QR code à scanner avec votre application d'authentification ; la clé est aussi écrite ci-dessous",
            form.enrolment->qr_rows);
    gap(ui, 16);
  }
  if (form.enrolment) {
    paragraph(ui, "cle.titre", "Clé à saisir dans l'application :", color::kTextMention);
    paragraph(ui, "cle", form.enrolment->secret);
    gap(ui, 8);
    if (button(ui, "copier-cle", "Copier la clé", ButtonStyle::Secondary, true, ui.metrics.narrow()))
      ui.emit(StaffCopyPressed{form.enrolment->secret});
  }
  gap(ui, 24);
  required_fields_note(ui);
  gap(ui, 16);
  bound_field(ui, state, Field::StaffTotpCode, "code", "Code à 6 chiffres affiché par l'application",
              "Il prouve que l'application est bien associée. Exemple : 123456", form.code, kPurposeCode);
  if (submit_button(ui, state, "valider", "Valider")) ui.emit(StaffInvitationSubmitted{});
}

void recovery_codes_step(Ui& ui, const AppState& state) {
  const StaffInvitationForm& form = state.staff.invitation;
  alert(ui, "alerte.codes", AlertKind::Info, "Affichés une seule fois",
        "Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l'application. "
        "Notez-les ou imprimez-les, et gardez-les en lieu sûr\u00A0: ils ne seront plus affichés.");
  gap(ui, 16);
  begin_list(ui, "codes", "Vos dix codes de secours");
  std::string all;
  for (std::size_t i = 0; i < form.recovery_codes.size(); ++i) {
    paragraph(ui, "code." + std::to_string(i), form.recovery_codes[i]);
    all += form.recovery_codes[i] + "\n";
  }
  end_list(ui);
  gap(ui, 12);
  if (button(ui, "copier-codes", "Copier les codes", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(StaffCopyPressed{all});
  gap(ui, 32);
  if (button(ui, "codes-notes", "Je les ai notés en lieu sûr", ButtonStyle::Primary, true, true))
    ui.emit(StaffRecoveryCodesNoted{});
}

}  // namespace

void draw_staff_invitation(Ui& ui, const AppState& state) {
  const StaffInvitationForm& form = state.staff.invitation;
  if (form.status == LoadStatus::Loading) {
    title(ui, "titre", "Invitation à la console des personnels");
    gap(ui, 16);
    paragraph(ui, "chargement", "Chargement de votre invitation…", color::kTextMention);
    return;
  }
  if (form.status == LoadStatus::Failed || !form.invitation) {
    title(ui, "titre", "Invitation à la console des personnels");
    gap(ui, 16);
    alert(ui, "alerte.erreur", AlertKind::Error, "Cette invitation ne peut pas servir", form.failure);
    gap(ui, 32);
    if (button(ui, "connexion", "Aller à la connexion des personnels", ButtonStyle::Primary, true, true))
      ui.emit(BackPressed{});
    return;
  }
  welcome(ui, *form.invitation);
  gap(ui, 24);
  const int step = static_cast<int>(form.step);
  stepper(ui, step + 1, 3, kSteps[step], step < 2 ? kSteps[step + 1] : std::string_view{}, 2);
  gap(ui, 24);
  switch (form.step) {
    case StaffInvitationStep::Password:
      return password_step(ui, state);
    case StaffInvitationStep::Totp:
      return totp_step(ui, state);
    case StaffInvitationStep::RecoveryCodes:
      return recovery_codes_step(ui, state);
  }
}

}  // namespace sesame::web::ui
