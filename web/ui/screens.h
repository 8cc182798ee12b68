#pragma once
// One drawing function per screen of the guide; each file screen_*.cpp holds one.
#include "web/app/state.h"
#include "web/ui/kit.h"

namespace sesame::web::ui {

// "Veuillez renseigner quelques informations pour accéder à votre page d'authentification"
void draw_profile_choice(Ui& ui, const AppState& state);
// "Je sélectionne mon profil": Responsable d'élève / Élève
void draw_educonnect_profile(Ui& ui, const AppState& state);
// "Je me connecte avec mon compte ÉduConnect"
void draw_sign_in(Ui& ui, const AppState& state);
// A pupil's way in: the sign-in with the school's letter, help when it is lost, the first
// sign-in's birth date and password, the pupil's own "Mon compte ÉduConnect"
void draw_pupil_sign_in(Ui& ui, const AppState& state);
void draw_pupil_help(Ui& ui, const AppState& state);
void draw_pupil_birth_date(Ui& ui, const AppState& state);
void draw_first_sign_in_password(Ui& ui, const AppState& state);  // a pupil's or a parent's
// A parent's first sign-in with the school's activation letter: the children, then the password.
void draw_parent_first_sign_in_children(Ui& ui, const AppState& state);
void draw_pupil_account(Ui& ui, const AppState& state);
// "Je n'ai pas de compte": identity, SMS code, children, password, identifier
void draw_activation_identity(Ui& ui, const AppState& state);
void draw_activation_code(Ui& ui, const AppState& state);
void draw_activation_children(Ui& ui, const AppState& state);
void draw_activation_password(Ui& ui, const AppState& state);
void draw_activation_identifier(Ui& ui, const AppState& state);
// "Mon compte ÉduConnect"
void draw_account(Ui& ui, const AppState& state);
// "Mon compte" changes: e-mail address and mobile with a code, password, another account's children
void draw_account_email(Ui& ui, const AppState& state);
void draw_account_phone(Ui& ui, const AppState& state);
void draw_account_password(Ui& ui, const AppState& state);
void draw_account_from_account(Ui& ui, const AppState& state);
// "Activer la connexion avec FranceConnect": the password, then the provider
void draw_account_franceconnect(Ui& ui, const AppState& state);
// "Accéder à mes services": the ENT's services of each child's school
void draw_account_services(Ui& ui, const AppState& state);
// "Identifiant oublié ?" and "Mot de passe oublié ?" (identifier, code, new password)
void draw_recovery_identifier(Ui& ui, const AppState& state);
void draw_recovery_password_identifier(Ui& ui, const AppState& state);
void draw_recovery_password_code(Ui& ui, const AppState& state);
void draw_recovery_password_new(Ui& ui, const AppState& state);
// Méthode A: "Rattacher des élèves" after FranceConnect, and a failed FranceConnect sign-in
void draw_franceconnect_attach(Ui& ui, const AppState& state);
void draw_franceconnect_failure(Ui& ui, const AppState& state);
// "Déclaration d'accessibilité" (RGAA 4.1), linked from under every screen
void draw_accessibility(Ui& ui, const AppState& state);
// School staff: "Connexion des personnels", its second factor, the invitation's three
// steps, the console ("Rechercher", "Avancement", "Journal") and a person's page
void draw_staff_sign_in(Ui& ui, const AppState& state);
void draw_staff_code(Ui& ui, const AppState& state);
void draw_staff_invitation(Ui& ui, const AppState& state);
void draw_staff_console(Ui& ui, const AppState& state);
void draw_staff_person(Ui& ui, const AppState& state);

}  // namespace sesame::web::ui
