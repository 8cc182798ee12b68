// "Déclaration d'accessibilité": what RGAA 4.1 asks a public service to publish,
// in the order of the State's model statement. Linked from under every screen.
#include <initializer_list>
#include <string>

#include "web/ui/screens.h"

namespace sesame::web::ui {

namespace {

struct Paragraph {
  std::string_view test_id;
  std::string_view text;
};

// Paragraphs of the statement, 12 px apart.
void paragraphs(const Ui& ui, std::initializer_list<Paragraph> list) {
  for (const Paragraph& p : list) {
    if (&p != list.begin()) gap(ui, 12);
    paragraph(ui, p.test_id, p.text);
  }
}

// A section of the statement: its heading, then its paragraphs.
void section(const Ui& ui, std::string_view test_id, std::string_view title,
             std::initializer_list<Paragraph> list) {
  gap(ui, 32);
  heading(ui, test_id, title);
  gap(ui, 8);
  paragraphs(ui, list);
}

void conformity(const Ui& ui) {
  section(
      ui, "titre.etat", "État de conformité",
      {{"etat",
        "Sésame est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité "
        "(RGAA), version\u00A04.1."},
       {"etat.auto-evaluation",
        "Ce niveau résulte d'une auto-évaluation menée par l'équipe de Sésame\u00A0: aucun audit externe n'a "
        "encore été réalisé."}});
}

void tests(const Ui& ui) {
  section(ui, "titre.resultats", "Résultats des tests",
          {{"resultats",
            "Tant qu'un audit n'a pas été mené, aucun taux de conformité n'est publié. Voici ce qui a été "
            "vérifié."},
           {"resultats.automatiques",
            "Chaque écran a été analysé avec l'outil axe-core, sur un ordinateur et sur un téléphone\u00A0: "
            "aucune violation des règles de niveaux A et AA des WCAG\u00A02.1 n'a été relevée."},
           {"resultats.clavier",
            "La création du compte a été faite du début à la fin au clavier seul, et ce que reçoit un "
            "lecteur d'écran a été contrôlé sur chaque écran."},
           {"resultats.affichage",
            "L'affichage a été contrôlé sur une largeur de 320\u00A0pixels et avec un zoom de 200\u00A0%."}});
}

void not_accessible(const Ui& ui, const AppState& state) {
  const int minutes = state.config.sms_code_validity_minutes;
  const std::string validity =
      minutes > 1 ? " (" + std::to_string(minutes) + "\u00A0minutes)" : std::string();
  const std::string code =
      "Le code de sécurité envoyé par SMS n'est valable qu'un temps limité" + validity +
      ", pour protéger votre compte. Cette limite de temps est essentielle à la sécurité\u00A0: "
      "c'est l'un des cas particuliers du critère\u00A013.1 du RGAA. Passé ce délai, vous pouvez "
      "demander un nouveau code, par exemple avec «\u00A0Renvoyer le SMS\u00A0».";
  section(ui, "titre.non-accessibles", "Contenus non accessibles",
          {{"non-accessibles.canevas",
            "Les écrans de Sésame sont dessinés dans un canevas (élément canvas), que les technologies "
            "d'assistance ne savent pas lire. Pour elles, une copie invisible de chaque élément affiché "
            "(titres, textes, champs, boutons) est tenue à jour dans la page."},
           {"non-accessibles.texte",
            "Le texte que vous voyez est dessiné : vos propres feuilles de style et un espacement du "
            "texte modifié ne le changent pas (critères 1.8 et 10.12 non respectés)."},
           {"non-accessibles.listes",
            "Les élèves de « Mon compte » sont présentés en paragraphes et non en liste "
            "(critère 9.3 non respecté)."},
           {"non-accessibles.aide",
            "Si vous ne parvenez pas à utiliser Sésame, vous pouvez créer votre compte avec l'aide de "
            "l'établissement scolaire\u00A0: contactez le secrétariat de l'établissement de votre enfant."},
           {"non-accessibles.code", code}});
}

void establishment(const Ui& ui) {
  section(ui, "titre.etablissement", "Établissement de cette déclaration",
          {{"date", "Cette déclaration a été établie le 7 décembre 2026."}});
  section(ui, "titre.technologies", "Technologies utilisées",
          {{"technologies", "Sésame est réalisé avec HTML5, WAI-ARIA, WebAssembly et WebGL."}});
  section(ui, "titre.environnement", "Environnement de test",
          {{"environnement",
            "Les vérifications ont été faites dans le navigateur Chromium, au clavier seul, avec l'outil "
            "d'analyse axe-core et en lisant l'arbre d'accessibilité du navigateur, c'est-à-dire ce que "
            "reçoivent les technologies d'assistance."}});
}

void contact(const Ui& ui) {
  section(ui, "titre.contact", "Retour d'information et contact",
          {{"contact",
            "Si vous n'arrivez pas à accéder à un contenu ou à une démarche de Sésame, signalez-le\u00A0: "
            "contactez le secrétariat de l'établissement de votre enfant ou l'assistance ENT de votre "
            "académie. On vous proposera une autre façon d'obtenir le contenu ou de faire la démarche."}});
}

void remedies(const Ui& ui) {
  section(
      ui, "titre.recours", "Voies de recours",
      {{"recours",
        "Vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à une "
        "démarche, et vous n'avez pas reçu de réponse qui vous convienne\u00A0? Vous pouvez saisir le "
        "Défenseur des droits de trois façons."},
       {"recours.formulaire", "Écrivez-lui avec le formulaire en ligne de son site, defenseurdesdroits.fr."},
       {"recours.delegue",
        "Contactez le délégué territorial du Défenseur des droits le plus proche de chez vous\u00A0: ses "
        "coordonnées sont sur le même site."},
       {"recours.courrier",
        "Envoyez un courrier par la poste, gratuitement et sans timbre, à l'adresse suivante\u00A0: "
        "Défenseur des droits, Libre réponse\u00A071120, 75342\u00A0Paris CEDEX\u00A007."}});
}

}  // namespace

void draw_accessibility(Ui& ui, const AppState& state) {
  title(ui, "titre", "Déclaration d'accessibilité");
  gap(ui, 16);
  paragraphs(
      ui,
      {{"engagement",
        "Sésame, service de première connexion à l'ENT, est mis à la disposition des parents et des élèves "
        "par l'académie. Celle-ci s'engage à le rendre accessible à tous, comme le prévoit "
        "l'article\u00A047 de la loi n°\u00A02005-102 du 11\u00A0février 2005."},
       {"perimetre",
        "Cette déclaration s'applique à tous les écrans de Sésame, sur un ordinateur comme sur un "
        "téléphone."}});
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
