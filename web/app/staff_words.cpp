// What the staff's screens say in French, apart from the screens: account states,
// local dates and times, file names, audit actions.
#include <cstdio>
#include <ctime>

#include "web/app/staff.h"

namespace sesame::web::staff {

namespace {

// Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// Digits at `at` as a number; -1 when one of them is not a digit.
int number(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<std::tm> local_tm(std::string_view iso) {
  const std::optional<long long> seconds = parse_iso_time(iso);
  if (!seconds) return std::nullopt;
  const std::time_t t = static_cast<std::time_t>(*seconds);
  std::tm local{};
  if (!localtime_r(&t, &local)) return std::nullopt;
  return local;
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::optional<long long> parse_iso_time(std::string_view iso) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±hh:mm)
  const int year = number(iso, 0, 4), month = number(iso, 5, 2), day = number(iso, 8, 2);
  const int hour = number(iso, 11, 2), minute = number(iso, 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || (iso[10] != 'T' && iso[10] != ' ') ||
      iso[13] != ':')
    return std::nullopt;
  std::size_t at = 16;
  int second = 0;
  if (at < iso.size() && iso[at] == ':') {
    second = number(iso, at + 1, 2);
    if (second < 0 || second > 60) return std::nullopt;
    at += 3;
    if (at < iso.size() && iso[at] == '.') {
      ++at;
      while (at < iso.size() && iso[at] >= '0' && iso[at] <= '9') ++at;
    }
  }
  long long offset = 0;
  if (at < iso.size() && (iso[at] == 'Z' || iso[at] == 'z')) {
    ++at;
  } else if (at < iso.size() && (iso[at] == '+' || iso[at] == '-')) {
    const int oh = number(iso, at + 1, 2), om = number(iso, at + 4, 2);
    if (oh < 0 || om < 0 || at + 6 > iso.size() || iso[at + 3] != ':') return std::nullopt;
    offset = (iso[at] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
    at += 6;
  } else {
    return std::nullopt;  // a time without its zone cannot be placed
  }
  if (at != iso.size()) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600LL + minute * 60LL + second - offset;
}

std::string local_date_time(std::string_view iso) {
  const std::optional<std::tm> t = local_tm(iso);
  if (!t) return std::string(iso);
  return "le " + two(t->tm_mday) + "/" + two(t->tm_mon + 1) + "/" + std::to_string(t->tm_year + 1900) + " à " +
         two(t->tm_hour) + ":" + two(t->tm_min);
}

std::string local_time(std::string_view iso) {
  const std::optional<std::tm> t = local_tm(iso);
  if (!t) return std::string(iso);
  return two(t->tm_hour) + ":" + two(t->tm_min);
}

std::string account_state_words(std::string_view state, const std::optional<std::string>& locked_until) {
  if (state == "none") return "Pas de compte";
  if (state == "not_activated") return "Non activé";
  if (state == "active") return "Activé";
  if (state == "locked") return locked_until ? "Bloqué jusqu'à " + local_time(*locked_until) : "Bloqué";
  if (state == "disabled") return "Désactivé";
  if (state == "closed") return "Fermé";
  return std::string(state);
}

std::string person_name(std::string_view first_name, std::string_view last_name) {
  return std::string(last_name) + " " + std::string(first_name);
}

std::string class_words(std::string_view class_name) {
  return class_name.empty() ? "Sans classe" : std::string(class_name);
}

std::string file_name(std::string_view stem) {
  std::string name;
  for (const char c : stem) {
    const bool dash = c == ' ' || c == '\'' || c == '/' || c == '\\' || c == ':' || c == '"' || c == '*' ||
                      c == '?' || c == '<' || c == '>' || c == '|' || static_cast<unsigned char>(c) < 0x20;
    if (dash) {
      if (!name.empty() && name.back() != '-') name += '-';
    } else {
      name += c;  // letters, digits, accents (UTF-8) and the rest stay
    }
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  while (!name.empty() && name.front() == '.') name.erase(0, 1);  // never a hidden file
  return name.empty() ? "lettre.pdf" : name + ".pdf";
}

std::string audit_action_words(std::string_view action) {
  if (action == "letter_issued") return "Nouvelle lettre de l'élève";
  if (action == "class_letters_issued") return "Lettres de la classe";
  if (action == "activation_letter_issued") return "Lettre d'activation d'un responsable";
  if (action == "unlocked") return "Compte débloqué";
  if (action == "sessions_closed") return "Sessions fermées";
  return std::string(action);
}

std::string progress_sentence(const api::ClassProgress& p) {
  const std::string pupils = std::to_string(p.pupils_active) + (p.pupils_active > 1 ? " élèves" : " élève") +
                             " sur " + std::to_string(p.pupils) +
                             (p.pupils_active > 1 ? " ont activé leur compte" : " a activé son compte");
  const std::string parents = std::to_string(p.parents_active) + (p.parents_active > 1 ? " parents" : " parent") +
                              " sur " + std::to_string(p.parents);
  return class_words(p.class_name) + " : " + pupils + ", " + parents + ".";
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' ||
        b == '.' || b == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

}  // namespace sesame::web::staff
