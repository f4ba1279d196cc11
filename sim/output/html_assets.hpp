// Files compiled into the library at build time (cmake/embed_assets.cmake writes the bytes).
#pragma once

#include <string_view>

namespace continuum::assets {

std::string_view chart_js();    // Chart.js 3 (UMD, minified), from Debian's libjs-chart.js
std::string_view report_js();   // sim/html_report.js: draws the page from its JSON data
std::string_view report_css();  // sim/html_report.css

}  // namespace continuum::assets
