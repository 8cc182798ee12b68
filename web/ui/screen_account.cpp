// "Mon compte ÉduConnect": identity, contact details, children and their schools, alerts.
#include "shared/phone.h"
#include "web/ui/form_helpers.h"

namespace sesame::web::ui {

namespace {

void identity(Ui& ui, const api::Account& account) {
  heading(ui, "titre.identite", "Mon identité");
  gap(ui, 8);
  paragraph(ui, "compte.nom", account.first_name + " " + account.last_name);
  paragraph(ui, "compte.identifiant", "Identifiant : " + account.identifier, color::kTextMention);
  paragraph(ui, "compte.email", "Adresse mail : " + account.email.value_or("non renseignée") +
                                    (account.email && !account.email_verified ? " (non vérifiée)" : ""),
            color::kTextMention);
  paragraph(ui, "compte.telephone",
            "Téléphone portable : " + (account.phone ? format_phone(*account.phone) : std::string("non renseigné")),
            color::kTextMention);
}

void children(Ui& ui, const api::Account& account) {
  heading(ui, "titre.enfants", "Mes enfants");
  for (std::size_t i = 0; i < account.children.size(); ++i) {
    const api::Child& c = account.children[i];
    const std::string prefix = "compte.enfant." + std::to_string(i);
    gap(ui, 12);
    paragraph(ui, prefix + ".nom", c.first_name + " " + c.last_name);
    paragraph(ui, prefix + ".ecole", c.school.name + ", " + c.school.city + " (UAI " + c.school.uai + ")",
              color::kTextMention);
  }
}

}  // namespace

void draw_account(Ui& ui, const AppState& state) {
  title(ui, "titre", "Mon compte ÉduConnect");
  if (!state.account) {
    gap(ui, 16);
    paragraph(ui, "chargement", "Chargement de votre compte…", color::kTextMention);
    form_error(ui, state);
    return;
  }
  const api::Account& account = *state.account;
  for (std::size_t i = 0; i < account.alerts.size(); ++i) {
    gap(ui, 16);
    alert(ui, "alerte." + account.alerts[i].code, AlertKind::Info, "À savoir", account.alerts[i].message);
  }
  gap(ui, 24);
  identity(ui, account);
  gap(ui, 24);
  children(ui, account);
  form_error(ui, state);
  gap(ui, 32);
  if (button(ui, "se-deconnecter", "Se déconnecter", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(SignOutPressed{});
}

}  // namespace sesame::web::ui
