#pragma once
// What the demonstration provider shows a browser: its French HTML pages, and
// the redirects and URLs that send the browser on.
#include <httplib.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sesame::franceconnect::demo {

std::string html_escape(std::string_view text);
// A whole page in FranceConnect's colours around `body` (HTML), with the
// notice that nothing on it is real.
std::string page(std::string_view title, std::string_view body);
// An HTML answer that may load nothing from elsewhere and may not be framed.
void send_html(httplib::Response& res, int status, const std::string& html);
// The page for a request we must not redirect: its return address is not trusted.
void send_error_page(httplib::Response& res, std::string_view what);
void redirect(httplib::Response& res, const std::string& location);

// `uri` with `params` added to its query, each value escaped.
std::string with_query(const std::string& uri,
                       const std::vector<std::pair<std::string, std::string>>& params);
// `text` matched literally inside a cpp-httplib route pattern.
std::string regex_escape(std::string_view text);
// "1984-05-12" → "12 mai 1984"
std::string french_date(std::string_view iso);

}  // namespace sesame::franceconnect::demo
