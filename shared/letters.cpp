#include "shared/letters.h"

#include <iterator>

namespace sesame {

namespace {

// --- Case ---------------------------------------------------------------
// Each range is upper or lower case, with its partner at a fixed offset, or
// alternates capital/small letter (Latin Extended-A and friends). An offset of
// 0 means a cased letter without a one-letter partner (ß, ĸ).
enum class Casing { Upper, Lower, EvenUpper, OddUpper };

struct CaseRange {
  char32_t first;
  char32_t last;
  Casing casing;
  int partner_offset = 0;  // only for Upper and Lower
};

constexpr CaseRange kCaseRanges[] = {
    {U'A', U'Z', Casing::Upper, 0x20},
    {U'a', U'z', Casing::Lower, -0x20},
    // Latin-1 Supplement (× and ÷ at 0xD7 and 0xF7 are not letters).
    {0xC0, 0xD6, Casing::Upper, 0x20},
    {0xD8, 0xDE, Casing::Upper, 0x20},
    {0xDF, 0xDF, Casing::Lower, 0},  // ß
    {0xE0, 0xF6, Casing::Lower, -0x20},
    {0xF8, 0xFE, Casing::Lower, -0x20},
    {0xFF, 0xFF, Casing::Lower, 0x79},  // ÿ -> Ÿ (U+0178)
    // Latin Extended-A: pairs, with a few odd ones out.
    {0x100, 0x12F, Casing::EvenUpper},
    {0x130, 0x130, Casing::Upper, -0xC7},  // İ -> i
    {0x131, 0x131, Casing::Lower, -0xE8},  // ı -> I
    {0x132, 0x137, Casing::EvenUpper},
    {0x138, 0x138, Casing::Lower, 0},  // ĸ
    {0x139, 0x148, Casing::OddUpper},
    {0x149, 0x149, Casing::Lower, 0},  // ŉ
    {0x14A, 0x177, Casing::EvenUpper},
    {0x178, 0x178, Casing::Upper, -0x79},  // Ÿ -> ÿ
    {0x179, 0x17E, Casing::OddUpper},
    {0x17F, 0x17F, Casing::Lower, -0x12C},  // ſ -> S
    // Latin Extended-B: Vietnamese Ơ Ư, Romanian Ș Ț and their neighbours.
    {0x1A0, 0x1A1, Casing::EvenUpper},
    {0x1AF, 0x1B0, Casing::OddUpper},
    {0x200, 0x21F, Casing::EvenUpper},
    {0x222, 0x233, Casing::EvenUpper},
    // Greek, with the tonos capitals whose small letters sit elsewhere.
    {0x386, 0x386, Casing::Upper, 0x26},
    {0x388, 0x38A, Casing::Upper, 0x25},
    {0x38C, 0x38C, Casing::Upper, 0x40},
    {0x38E, 0x38F, Casing::Upper, 0x3F},
    {0x390, 0x390, Casing::Lower, 0},
    {0x391, 0x3A1, Casing::Upper, 0x20},
    {0x3A3, 0x3AB, Casing::Upper, 0x20},
    {0x3AC, 0x3AC, Casing::Lower, -0x26},
    {0x3AD, 0x3AF, Casing::Lower, -0x25},
    {0x3B0, 0x3B0, Casing::Lower, 0},
    {0x3B1, 0x3C1, Casing::Lower, -0x20},
    {0x3C2, 0x3C2, Casing::Lower, -0x1F},  // final ς -> Σ
    {0x3C3, 0x3CB, Casing::Lower, -0x20},
    {0x3CC, 0x3CC, Casing::Lower, -0x40},
    {0x3CD, 0x3CE, Casing::Lower, -0x3F},
    // Cyrillic basics.
    {0x400, 0x40F, Casing::Upper, 0x50},
    {0x410, 0x42F, Casing::Upper, 0x20},
    {0x430, 0x44F, Casing::Lower, -0x20},
    {0x450, 0x45F, Casing::Lower, -0x50},
    // Latin Extended Additional (Vietnamese and others).
    {0x1E00, 0x1E95, Casing::EvenUpper},
    {0x1EA0, 0x1EFF, Casing::EvenUpper},
};

const CaseRange* find_case_range(char32_t cp) {
  for (const CaseRange& range : kCaseRanges) {
    if (cp >= range.first && cp <= range.last) return &range;
  }
  return nullptr;
}

bool is_upper_in(const CaseRange& range, char32_t cp) {
  switch (range.casing) {
    case Casing::Upper:
      return true;
    case Casing::Lower:
      return false;
    case Casing::EvenUpper:
      return cp % 2 == 0;
    case Casing::OddUpper:
      return cp % 2 == 1;
  }
  return false;
}

// The other-case letter of `cp`, which lies in `range`.
char32_t partner_in(const CaseRange& range, char32_t cp) {
  switch (range.casing) {
    case Casing::Upper:
    case Casing::Lower:
      return static_cast<char32_t>(static_cast<int>(cp) + range.partner_offset);
    case Casing::EvenUpper:
    case Casing::OddUpper:
      return is_upper_in(range, cp) ? cp + 1 : cp - 1;
  }
  return cp;
}

// --- Latin folding -------------------------------------------------------
struct LatinFold {
  char32_t first;
  char32_t last;
  std::string_view ascii;
};

// clang-format off
constexpr LatinFold kLatinFolds[] = {
    // Latin-1 Supplement.
    {0xC0, 0xC5, "A"}, {0xC6, 0xC6, "AE"}, {0xC7, 0xC7, "C"}, {0xC8, 0xCB, "E"}, {0xCC, 0xCF, "I"},
    {0xD0, 0xD0, "D"}, {0xD1, 0xD1, "N"}, {0xD2, 0xD6, "O"}, {0xD8, 0xD8, "O"}, {0xD9, 0xDC, "U"},
    {0xDD, 0xDD, "Y"}, {0xDE, 0xDE, "TH"}, {0xDF, 0xDF, "SS"}, {0xE0, 0xE5, "A"}, {0xE6, 0xE6, "AE"},
    {0xE7, 0xE7, "C"}, {0xE8, 0xEB, "E"}, {0xEC, 0xEF, "I"}, {0xF0, 0xF0, "D"}, {0xF1, 0xF1, "N"},
    {0xF2, 0xF6, "O"}, {0xF8, 0xF8, "O"}, {0xF9, 0xFC, "U"}, {0xFD, 0xFD, "Y"}, {0xFE, 0xFE, "TH"},
    {0xFF, 0xFF, "Y"},
    // Latin Extended-A, in runs of one base letter.
    {0x100, 0x105, "A"}, {0x106, 0x10D, "C"}, {0x10E, 0x111, "D"}, {0x112, 0x11B, "E"},
    {0x11C, 0x123, "G"}, {0x124, 0x127, "H"}, {0x128, 0x131, "I"}, {0x132, 0x133, "IJ"},
    {0x134, 0x135, "J"}, {0x136, 0x138, "K"}, {0x139, 0x142, "L"}, {0x143, 0x14B, "N"},
    {0x14C, 0x151, "O"}, {0x152, 0x153, "OE"}, {0x154, 0x159, "R"}, {0x15A, 0x161, "S"},
    {0x162, 0x167, "T"}, {0x168, 0x173, "U"}, {0x174, 0x175, "W"}, {0x176, 0x178, "Y"},
    {0x179, 0x17E, "Z"}, {0x17F, 0x17F, "S"},
    // Latin Extended-B: Vietnamese Ơ Ư, Romanian Ș Ț and the letters around them.
    {0x1A0, 0x1A1, "O"}, {0x1AF, 0x1B0, "U"}, {0x200, 0x203, "A"}, {0x204, 0x207, "E"},
    {0x208, 0x20B, "I"}, {0x20C, 0x20F, "O"}, {0x210, 0x213, "R"}, {0x214, 0x217, "U"},
    {0x218, 0x219, "S"}, {0x21A, 0x21B, "T"},
    // Latin Extended Additional: the Vietnamese block.
    {0x1EA0, 0x1EB7, "A"}, {0x1EB8, 0x1EC7, "E"}, {0x1EC8, 0x1ECB, "I"}, {0x1ECC, 0x1EE3, "O"},
    {0x1EE4, 0x1EF1, "U"}, {0x1EF2, 0x1EF9, "Y"},
};
// clang-format on

// --- Letters -------------------------------------------------------------
struct Range {
  char32_t first;
  char32_t last;
};

constexpr Range kLetterRanges[] = {
    {U'A', U'Z'},     {U'a', U'z'},     {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x24F},    {0x386, 0x386},
    {0x388, 0x38A},   {0x38C, 0x38C},   {0x38E, 0x3A1},   {0x3A3, 0x3F5},   {0x3F7, 0x3FF},   {0x400, 0x481},
    {0x48A, 0x52F},   {0x531, 0x556},   {0x561, 0x587},   {0x5D0, 0x5EA},   {0x620, 0x64A},   {0x671, 0x6D3},
    {0x1E00, 0x1EFF}, {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
};

}  // namespace

bool is_upper_case(char32_t cp) {
  const CaseRange* range = find_case_range(cp);
  return range && is_upper_in(*range, cp);
}

bool is_lower_case(char32_t cp) {
  const CaseRange* range = find_case_range(cp);
  return range && !is_upper_in(*range, cp);
}

char32_t to_upper(char32_t cp) {
  const CaseRange* range = find_case_range(cp);
  return range && !is_upper_in(*range, cp) ? partner_in(*range, cp) : cp;
}

char32_t to_lower(char32_t cp) {
  const CaseRange* range = find_case_range(cp);
  return range && is_upper_in(*range, cp) ? partner_in(*range, cp) : cp;
}

bool is_letter(char32_t cp) {
  for (const Range& range : kLetterRanges) {
    if (cp >= range.first && cp <= range.last) return true;
  }
  return false;
}

bool is_combining_mark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

std::string_view latin_ascii_letters(char32_t cp) {
  if (cp >= U'A' && cp <= U'Z') return std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZ").substr(cp - U'A', 1);
  if (cp >= U'a' && cp <= U'z') return latin_ascii_letters(cp - 0x20);
  for (const LatinFold& fold : kLatinFolds) {
    if (cp >= fold.first && cp <= fold.last) return fold.ascii;
  }
  return {};
}

}  // namespace sesame
