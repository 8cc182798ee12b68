#include "server/franceconnect/demo_provider/web.h"

#include <array>
#include <cstring>

#include "server/franceconnect/http_fetch.h"

namespace sesame::franceconnect::demo {

namespace {

constexpr const char* kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;font-family:Marianne,Arial,"DejaVu Sans",sans-serif;background:#F6F6F6;color:#161616;line-height:1.5}
header{background:#fff;border-bottom:1px solid #DDDDDD}
.bar{max-width:44rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem}
.logo{font-weight:700;color:#000091;font-size:1.25rem}
.tag{background:#E1000F;color:#fff;font-size:.75rem;font-weight:700;text-transform:uppercase;padding:.125rem .5rem;border-radius:.25rem}
main{max-width:44rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.75rem;margin:0 0 .75rem}
.lead{margin:0 0 .5rem}
.scopes{margin:0 0 1.5rem;color:#3A3A3A;font-size:.95rem}
ul{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
.card{background:#fff;border:1px solid #DDDDDD;border-radius:.25rem;padding:1rem 1.25rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:1rem}
.name{font-weight:700;font-size:1.125rem;margin:0}
.meta{margin:0;color:#3A3A3A;font-size:.95rem}
button{min-height:44px;padding:.5rem 1.25rem;font:inherit;font-weight:500;border-radius:.25rem;cursor:pointer;border:1px solid #000091}
.primary{background:#000091;color:#fff}
.primary:hover{background:#1212FF}
.secondary{background:#fff;color:#000091}
.secondary:hover{background:#F5F5FE}
.refuse{margin-top:1.5rem;display:flex;justify-content:flex-end}
.error{background:#fff;border:1px solid #DDDDDD;border-left:.25rem solid #CE0500;padding:1rem 1.25rem}
.error h1{color:#CE0500;font-size:1.5rem}
.note{margin-top:2rem;color:#666;font-size:.875rem}
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string page(std::string_view title, std::string_view body) {
  std::string html =
      "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += html_escape(title);
  html += " – FranceConnect (démonstration)</title>\n<style>";
  html += kStyle;
  html +=
      "</style>\n</head>\n<body>\n<header><div class=\"bar\"><span class=\"logo\">FranceConnect</span>"
      "<span class=\"tag\">Démonstration</span></div></header>\n<main>\n";
  html += body;
  html +=
      "<p class=\"note\">Fournisseur d’identité de démonstration de Sésame : aucune donnée réelle, "
      "ne l’utilisez jamais en production.</p>\n</main>\n</body>\n</html>\n";
  return html;
}

void send_html(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Inline styles only: nothing else may load, and no one may frame the page.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_content(html, "text/html; charset=utf-8");
}

void send_error_page(httplib::Response& res, std::string_view what) {
  std::string body = "<div class=\"error\">\n<h1>Connexion impossible</h1>\n<p>";
  body += html_escape(what);
  body += "</p>\n<p>Retournez sur le service que vous utilisiez et recommencez.</p>\n</div>\n";
  send_html(res, 400, page("Connexion impossible", body));
}

std::string french_date(std::string_view iso) {
  static constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                          "mai",       "juin",    "juillet",  "août",
                                                          "septembre", "octobre", "novembre", "décembre"};
  const int month = std::stoi(std::string(iso.substr(5, 2)));
  const int day = std::stoi(std::string(iso.substr(8, 2)));
  return (day == 1 ? std::string("1er") : std::to_string(day)) + " " + kMonths[month - 1] + " " +
         std::string(iso.substr(0, 4));
}

// --- URLs ---

void redirect(httplib::Response& res, const std::string& location) {
  res.status = 302;
  res.set_header("Location", location);
  res.set_header("Cache-Control", "no-store");
}

std::string with_query(const std::string& uri,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  // Escaped as the relying party escapes its own queries (http_fetch.h).
  std::string out = uri;
  char separator = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += separator;
    out += name + "=" + form_escape(value);
    separator = '&';
  }
  return out;
}

std::string regex_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::strchr(".[]{}()\\*+?^$|", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace sesame::franceconnect::demo
