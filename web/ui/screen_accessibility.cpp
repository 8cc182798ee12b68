// "Déclaration d'accessibilité": what RGAA 4.1 asks a public service to publish,
// in the order of the State's model statement. Linked from under every screen.
#include <string>

#include "web/ui/screens.h"

namespace sesame::web::ui {

namespace {

// A section of the statement: its heading, then its paragraphs.
void section(const Ui& ui, std::string_view test_id, std::string_view text) {
  gap(ui, 32);
  heading(ui, test_id, text);
  gap(ui, 8);
}

void conformity(const Ui& ui) {
  section(ui, "titre.etat", "État de conformité");
  paragraph(ui, "etat",
            "Sésame est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité "
            "(RGAA), version\u00A04.1.");
  gap(ui, 12);
  paragraph(ui, "etat.auto-evaluation",
            "Ce niveau résulte d'une auto-évaluation menée par l'équipe de Sésame\u00A0: aucun audit externe n'a "
            "encore été réalisé.");
}

void tests(const Ui& ui) {
  section(ui, "titre.resultats", "Résultats des tests");
  paragraph(ui, "resultats",
            "Tant qu'un audit n'a pas été mené, aucun taux de conformité n'est publié. Voici ce qui a été "
            "vérifié.");
  gap(ui, 12);
  paragraph(ui, "resultats.automatiques",
            "Chaque écran a été analysé avec l'outil axe-core, sur un ordinateur et sur un téléphone\u00A0: "
            "aucune violation des règles de niveaux A et AA des WCAG\u00A02.1 n'a été relevée.");
  gap(ui, 12);
  paragraph(ui, "resultats.clavier",
            "La création du compte a été faite du début à la fin au clavier seul, et ce que reçoit un "
            "lecteur d'écran a été contrôlé sur chaque écran.");
  gap(ui, 12);
  paragraph(ui, "resultats.affichage",
            "L'affichage a été contrôlé sur une largeur de 320\u00A0pixels et avec un zoom de 200\u00A0%.");
}

void not_accessible(const Ui& ui, const AppState& state) {
  section(ui, "titre.non-accessibles", "Contenus non accessibles");
  paragraph(ui, "non-accessibles.canevas",
            "Les écrans de Sésame sont dessinés dans un canevas (élément canvas), que les technologies "
            "d'assistance ne savent pas lire. Pour elles, une copie invisible de chaque élément affiché "
            "(titres, textes, champs, boutons) est tenue à jour dans la page.");
  gap(ui, 12);
  paragraph(ui, "non-accessibles.texte",
            "Le texte que vous voyez est dessiné : vos propres feuilles de style et un espacement du "
            "texte modifié ne le changent pas (critères 1.8 et 10.12 non respectés).");
  gap(ui, 12);
  paragraph(ui, "non-accessibles.listes",
            "Les élèves de « Mon compte » sont présentés en paragraphes et non en liste "
            "(critère 9.3 non respecté).");
  gap(ui, 12);
  paragraph(ui, "non-accessibles.aide",
            "Si vous ne parvenez pas à utiliser Sésame, vous pouvez créer votre compte avec l'aide de "
            "l'établissement scolaire\u00A0: contactez le secrétariat de l'établissement de votre enfant.");
  gap(ui, 12);
  const int minutes = state.config.sms_code_validity_minutes;
  const std::string validity = minutes > 1 ? " (" + std::to_string(minutes) + "\u00A0minutes)" : std::string();
  paragraph(ui, "non-accessibles.code",
            "Le code de sécurité envoyé par SMS n'est valable qu'un temps limité" + validity +
                ", pour protéger votre compte. Cette limite de temps est essentielle à la sécurité\u00A0: "
                "c'est l'un des cas particuliers du critère\u00A013.1 du RGAA. Passé ce délai, vous pouvez "
                "demander un nouveau code, par exemple avec «\u00A0Renvoyer le SMS\u00A0».");
}

void establishment(const Ui& ui) {
  section(ui, "titre.etablissement", "Établissement de cette déclaration");
  paragraph(ui, "date", "Cette déclaration a été établie le 7 décembre 2026.");
  section(ui, "titre.technologies", "Technologies utilisées");
  paragraph(ui, "technologies", "Sésame est réalisé avec HTML5, WAI-ARIA, WebAssembly et WebGL.");
  section(ui, "titre.environnement", "Environnement de test");
  paragraph(ui, "environnement",
            "Les vérifications ont été faites dans le navigateur Chromium, au clavier seul, avec l'outil "
            "d'analyse axe-core et en lisant l'arbre d'accessibilité du navigateur, c'est-à-dire ce que "
            "reçoivent les technologies d'assistance.");
}

void contact(const Ui& ui) {
  section(ui, "titre.contact", "Retour d'information et contact");
  paragraph(ui, "contact",
            "Si vous n'arrivez pas à accéder à un contenu ou à une démarche de Sésame, signalez-le\u00A0: "
            "contactez le secrétariat de l'établissement de votre enfant ou l'assistance ENT de votre "
            "académie. On vous proposera une autre façon d'obtenir le contenu ou de faire la démarche.");
}

void remedies(const Ui& ui) {
  section(ui, "titre.recours", "Voies de recours");
  paragraph(ui, "recours",
            "Vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à une "
            "démarche, et vous n'avez pas reçu de réponse qui vous convienne\u00A0? Vous pouvez saisir le "
            "Défenseur des droits de trois façons.");
  gap(ui, 12);
  paragraph(ui, "recours.formulaire",
            "Écrivez-lui avec le formulaire en ligne de son site, defenseurdesdroits.fr.");
  gap(ui, 12);
  paragraph(ui, "recours.delegue",
            "Contactez le délégué territorial du Défenseur des droits le plus proche de chez vous\u00A0: ses "
            "coordonnées sont sur le même site.");
  gap(ui, 12);
  paragraph(ui, "recours.courrier",
            "Envoyez un courrier par la poste, gratuitement et sans timbre, à l'adresse suivante\u00A0: "
            "Défenseur des droits, Libre réponse\u00A071120, 75342\u00A0Paris CEDEX\u00A007.");
}

}  // namespace

void draw_accessibility(Ui& ui, const AppState& state) {
  title(ui, "titre", "Déclaration d'accessibilité");
  gap(ui, 16);
  paragraph(ui, "engagement",
            "Sésame, service de première connexion à l'ENT, est mis à la disposition des parents par "
            "l'académie. Celle-ci s'engage à le rendre accessible à tous, comme le prévoit l'article\u00A047 de "
            "la loi n°\u00A02005-102 du 11\u00A0février 2005.");
  gap(ui, 12);
  paragraph(ui, "perimetre",
            "Cette déclaration s'applique à tous les écrans de Sésame, sur un ordinateur comme sur un "
            "téléphone.");
  conformity(ui);
  tests(ui);
  not_accessible(ui, state);
  establishment(ui);
  contact(ui);
  remedies(ui);
  gap(ui, 32);
  if (button(ui, "precedent", "Précédent", ButtonStyle::Secondary, true, ui.metrics.narrow()))
    ui.emit(BackPressed{});
}

}  // namespace sesame::web::ui
