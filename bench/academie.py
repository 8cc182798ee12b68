#!/usr/bin/env python3
"""Deterministic académie for `make bench`: the four CSV files of
docs/csv-import.md, plus guardians.jsonl for the bench's drivers.

Everything follows from the row's index, so a run never needs to read the CSV
back to know a guardian's name, mobile or children's birth dates.

Families: two guardians each; a third of the families have two children,
the others one. So P pupils give 1.5 P guardians and 2 P links (300 000
pupils: 450 000 guardians, 600 000 links). Siblings usually attend different
schools; one guardian in 50 has no mobile; one family in 10 has a second
guardian who is not the legal representative.

    python3 bench/academie.py --pupils 300000 --out build/bench/academie/large
"""
import argparse
import json
import os
import sys

SYLLABLES = ["BA", "BE", "BI", "BO", "DA", "DE", "DI", "DO", "GA", "GE", "LA", "LE", "LI", "LO", "MA",
             "ME", "MI", "MO", "NA", "NE", "NI", "NO", "RA", "RE", "RI", "RO", "SA", "SE", "TA", "TE"]
# Some with accents: the activation matches names without them ("Émilie" = "EMILIE").
GUARDIAN_FIRST_NAMES = ["Emilie", "Albert", "Hélène", "Karim", "Sophie", "Thomas", "Nadia", "François",
                        "Camille", "Julien", "Aïcha", "Pierre", "Laëtitia", "Mamadou", "Claire", "Yann"]
PUPIL_FIRST_NAMES = ["Jeanne", "Louis", "Lina", "Hugo", "Chloe", "Adam", "Manon", "Noah", "Ines", "Leo",
                     "Jade", "Gabriel", "Louise", "Rayan", "Alice", "Nathan", "Zoe", "Sacha"]
CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # shared/uai.cpp: I, O and Q left out
SCHOOL_KINDS = [("ecole", "E.P.U"), ("college_lycee", "CLG")]
CITIES = ["MONTMARTIN-SUR-MER", "COUTANCES", "GRANVILLE", "SAINT-LO", "AVRANCHES", "CHERBOURG-EN-COTENTIN"]


def family_name(family):
    """A distinct last name per family: the family number written in syllables."""
    parts = []
    n = family
    for _ in range(4):
        parts.append(SYLLABLES[n % len(SYLLABLES)])
        n //= len(SYLLABLES)
    return "".join(parts)


def uai(school):
    digits = f"05{school:05d}"
    return digits + CHECK_LETTERS[int(digits) % len(CHECK_LETTERS)]


def birth_date(pupil):
    """ISO; a pupil is 5 to 17 years old."""
    year = 2008 + pupil % 13
    month = 1 + (pupil // 13) % 12
    day = 1 + (pupil // 156) % 28
    return f"{year:04d}-{month:02d}-{day:02d}"


def mobile(guardian):
    """'06 1x xx xx xx': a metropolitan mobile, none in the overseas ranges."""
    digits = f"061{guardian:07d}"
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def e164(guardian):
    return "+33" + f"061{guardian:07d}"[1:]


def families(pupils):
    """(family, [pupil indexes]) so that the pupil counts add up to `pupils`."""
    pairs = pupils // 4  # families with two children
    family = 0
    for f in range(pairs):
        yield family, [2 * f, 2 * f + 1]
        family += 1
    for p in range(2 * pairs, pupils):
        yield family, [p]
        family += 1


def generate(pupils, schools, out):
    os.makedirs(out, exist_ok=True)
    school_count = min(schools, max(1, pupils))
    with open(os.path.join(out, "schools.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("uai;nom;commune;niveau\n")
        for s in range(school_count):
            level, prefix = SCHOOL_KINDS[s % 2]
            f.write(f"{uai(s)};{prefix} {family_name(s + 7919)};{CITIES[s % len(CITIES)]};{level}\n")

    guardians = 0
    links = 0
    with open(os.path.join(out, "pupils.csv"), "w", encoding="utf-8", newline="") as fp, \
            open(os.path.join(out, "guardians.csv"), "w", encoding="utf-8", newline="") as fg, \
            open(os.path.join(out, "links.csv"), "w", encoding="utf-8", newline="") as fl, \
            open(os.path.join(out, "guardians.jsonl"), "w", encoding="utf-8") as fj:
        fp.write("id;uai;nom;prenom;date_naissance\n")
        fg.write("id;nom;prenom;portable;email\n")
        fl.write("id_responsable;id_eleve;representant_legal\n")
        for family, children in families(pupils):
            last = family_name(family)
            kids = []
            for k, p in enumerate(children):
                first = PUPIL_FIRST_NAMES[(family + k) % len(PUPIL_FIRST_NAMES)]
                school = (p * 7 + k * 13) % school_count
                iso = birth_date(p)
                # A fifth of the dates in the French form parents and exports also use.
                written = iso if p % 5 else f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
                fp.write(f"E{p:07d};{uai(school)};{last};{first};{written}\n")
                kids.append({"first_name": first, "last_name": last, "birth_date": iso})
            for g in (2 * family, 2 * family + 1):
                first = GUARDIAN_FIRST_NAMES[g % len(GUARDIAN_FIRST_NAMES)]
                has_mobile = g % 50 != 49
                email = f"parent{g}@exemple.fr" if g % 3 == 0 else ""
                fg.write(f"R{g:07d};{last};{first};{mobile(g) if has_mobile else ''};{email}\n")
                legal = not (g % 2 == 1 and family % 10 == 9)
                for p in children:
                    fl.write(f"R{g:07d};E{p:07d};{'oui' if legal else 'non'}\n")
                    links += 1
                guardians += 1
                if has_mobile and legal:
                    fj.write(json.dumps({"last_name": last, "first_name": first, "phone": mobile(g),
                                         "phone_e164": e164(g), "children": kids}, ensure_ascii=False) + "\n")
    return {"schools": school_count, "pupils": pupils, "guardians": guardians, "links": links}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pupils", type=int, default=300000)
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--out", required=True, help="folder of the files (created)")
    args = parser.parse_args()
    counts = generate(args.pupils, args.schools, args.out)
    json.dump(counts, sys.stdout)
    print()


if __name__ == "__main__":
    main()
