#include "server/directory/demo.h"

namespace sesame::directory {

namespace {

// UAIs with their real check letters. 0500048F and 0501271K are the guide's
// (its last page misprints the latter as 0502271K); the other two are made up.
constexpr const char* kSchools = R"csv(uai;nom;commune;niveau
0500048F;CLG LES COURTILS;MONTMARTIN-SUR-MER;college_lycee
0501271K;E.P.U JOSEPHINE BAKER;MONTMARTIN-SUR-MER;ecole
0500065Z;LYC LES SABLONS;COUTANCES;college_lycee
9741234Y;E.P.P LES FILAOS;SAINT-PAUL;ecole
)csv";

constexpr const char* kPupils = R"csv(id;uai;nom;prenom;date_naissance;classe
DEMO-E01;0500048F;DUPONT;Albert;2012-03-14;4e B
DEMO-E02;0501271K;DUPONT;Jeanne;2017-09-02;CP
DEMO-E03;0500048F;MARTIN;Lucas;2013-06-21;5e A
DEMO-E04;0501271K;MARTIN;Léa;2016-01-30;CE2
DEMO-E05;0500065Z;MARTIN;Hugo;2008-11-05;Terminale 2
DEMO-E06;0500065Z;LEFÈVRE;Chloé;2009-04-17;1re 3
DEMO-E07;9741234Y;HOARAU;Noah;2018-02-11;
DEMO-E08;0501271K;D’ANGELO;Enzo;2016-07-08;CE2
)csv";

// Emilie DUPONT: the guide's parent, two children in two schools.
// Monique DUPONT: linked to Albert but not his legal representative.
// Paul and Claire MARTIN: two guardians of one child.
// The two Sophie MARTIN: namesakes told apart by their mobiles.
// Bernard LEFÈVRE: no mobile (cannot activate alone). Maëlys HOARAU: a Réunion mobile.
// Zoé D’Angelo: accents and a typographic apostrophe.
constexpr const char* kGuardians = R"csv(id;nom;prenom;portable;email
DEMO-R01;DUPONT;Emilie;06 12 34 56 78;
DEMO-R02;DUPONT;Monique;06 11 22 33 44;
DEMO-R03;MARTIN;Paul;06 23 45 67 89;
DEMO-R04;MARTIN;Claire;07 81 22 33 44;claire.martin@example.fr
DEMO-R05;MARTIN;Sophie;06 98 76 54 32;
DEMO-R06;MARTIN;Sophie;07 65 43 21 09;
DEMO-R07;LEFÈVRE;Bernard;;bernard.lefevre@example.fr
DEMO-R08;HOARAU;Maëlys;+262 692 12 34 56;
DEMO-R09;D’Angelo;Zoé;07 81 23 45 67;
)csv";

constexpr const char* kLinks = R"csv(id_responsable;id_eleve;representant_legal
DEMO-R01;DEMO-E01;oui
DEMO-R01;DEMO-E02;oui
DEMO-R02;DEMO-E01;non
DEMO-R03;DEMO-E03;oui
DEMO-R04;DEMO-E03;oui
DEMO-R05;DEMO-E04;oui
DEMO-R06;DEMO-E05;oui
DEMO-R07;DEMO-E06;oui
DEMO-R08;DEMO-E07;oui
DEMO-R09;DEMO-E08;oui
)csv";

}  // namespace

ImportFiles demo_files() {
  return ImportFiles{
      CsvFile{"démo schools.csv", kSchools},
      CsvFile{"démo pupils.csv", kPupils},
      CsvFile{"démo guardians.csv", kGuardians},
      CsvFile{"démo links.csv", kLinks},
  };
}

}  // namespace sesame::directory
