// Estimates, numbers and capacities as the tables and CSV files write them.
#include "continuum/output/format.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/output/bounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>

namespace continuum {

namespace {
// Below this magnitude, a value that would round to zero at its column's decimals is shown in
// scientific notation (3.39e-6), at or above it in plain decimals (0.00456): both with three
// significant digits.
constexpr double kPlainFloor = 1e-3;

// Whether `v` is not zero but would show as zero with `decimals` decimals.
bool rounds_to_zero(double v, int decimals) {
  const double a = std::abs(v);
  return std::isfinite(a) && a != 0 && a < 0.5 * std::pow(10.0, -decimals);
}

// Whether `v` is shown in scientific notation at `decimals` decimals.
bool tiny(double v, int decimals) {
  return rounds_to_zero(v, decimals) && std::abs(v) < kPlainFloor;
}

// `decimals`, or more when `v` would round to zero: its first three significant digits.
int decimals_for(double v, int decimals) {
  if (rounds_to_zero(v, decimals))
    return std::min(20, 2 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return decimals;
}

// Three significant digits and an exponent without padding: "3.39e-6", "-1.00e-4".
std::string scientific(double v) {
  std::string text = fmt::format("{:.2e}", v);   // "3.39e-06"
  const std::size_t digit = text.find('e') + 2;  // after the exponent's sign
  while (digit + 1 < text.size() && text[digit] == '0')
    text.erase(digit, 1);
  return text;
}
}  // namespace

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (tiny(v, decimals)) return scientific(v);
  return fmt::format("{:.{}f}", v, decimals_for(v, decimals));
}

namespace {
// The half-width that counts as nonzero: above rounding noise of the mean's own size (a metric
// equal in every replication can average to a half-width of 1e-17).
bool spread(const Estimate& e) {
  if (std::isnan(e.lo) || std::isnan(e.hi)) return false;
  const double half = (e.hi - e.lo) / 2;
  return std::isfinite(half) && half > 0 && half > 1e-9 * std::abs(e.mean);
}

// The decimals of a half-width as the Particle Data Group rounds it: two significant digits when
// its first three are 100 to 354, one when 355 to 949, two of the next power of ten from 950.
int half_width_decimals(double half) {
  int exponent = static_cast<int>(std::floor(std::log10(half)));
  double lead = half / std::pow(10.0, exponent);  // [1, 10), up to rounding of log10
  if (lead < 1) lead *= 10, --exponent;
  if (lead >= 10) lead /= 10, ++exponent;
  if (lead >= 9.5) return -exponent;     // 0.097 -> 0.10
  if (lead < 3.55) return 1 - exponent;  // 0.0036 -> 0.0036
  return -exponent;                      // 0.04 -> 0.04
}

// Whether `v` is nonzero and rounds to zero at `decimals`.
bool vanishes(double v, int decimals) {
  return std::isfinite(v) && v != 0 && std::abs(v) < 0.5 * std::pow(10.0, -decimals);
}

// fmt's fixed text without a sign on a zero ("-0.000" -> "0.000").
std::string unsigned_zero(std::string text) {
  if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos)
    text.erase(0, 1);
  return text;
}
}  // namespace

bool exactly_zero(const Estimate& e) {
  return e.mean == 0 && (std::isnan(e.lo) ? e.n <= 1 : e.lo == 0 && e.hi == 0);
}

Style shared_style(std::span<const Estimate> group, int precision) {
  const int most = std::max(0, precision + 2);
  double smallest = std::numeric_limits<double>::infinity();
  for (const Estimate& e : group)
    if (spread(e)) smallest = std::min(smallest, (e.hi - e.lo) / 2);
  Style style;
  style.decimals = std::isinf(smallest) ? std::clamp(precision, 0, most)
                                        : std::clamp(half_width_decimals(smallest), 0, most);
  // Scientific only when nothing of the group that is not zero would show at those decimals.
  bool any = false, all_vanish = true;
  for (const Estimate& e : group) {
    if (std::isnan(e.mean) || exactly_zero(e)) continue;
    for (double v : {e.mean, std::isnan(e.lo) ? 0.0 : (e.hi - e.lo) / 2}) {
      if (v == 0) continue;
      any = true;
      if (!vanishes(v, style.decimals)) all_vanish = false;
    }
  }
  style.scientific = any && all_vanish;
  return style;
}

std::string styled(double v, Style s) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (s.scientific) return v == 0 ? "0" : scientific(v);
  return unsigned_zero(fmt::format("{:.{}f}", v, s.decimals));
}

std::string styled_signed(double v, Style s) {
  std::string text = styled(v, s);
  const bool zero = text.find_first_not_of("0.") == std::string::npos;
  return v > 0 && !zero ? "+" + text : text;
}

std::string styled_cell(const Estimate& e, Style s) {
  if (std::isnan(e.mean)) return "-";
  if (exactly_zero(e)) return "0";
  if (std::isnan(e.lo)) return styled(e.mean, s);
  return styled(e.mean, s) + " ±" + styled((e.hi - e.lo) / 2, s);
}

namespace {
// A difference's bound in the row's style, except that a bound that is not zero is never shown
// as zero: whether it is above or below 0 is what decides a clear difference, so one that would
// round to zero gets two significant digits of its own ("0.00028", not "0.000").
std::string styled_bound(double v, Style s) {
  if (s.scientific || !vanishes(v, s.decimals)) return styled(v, s);
  const int decimals = 1 - static_cast<int>(std::floor(std::log10(std::abs(v))));
  return fmt::format("{:.{}f}", v, decimals);
}
}  // namespace

std::string styled_difference(const Estimate& d, Style s) {
  if (std::isnan(d.mean)) return "-";
  if (std::isnan(d.lo)) return styled_signed(d.mean, s);
  return fmt::format("{} [{}, {}]", styled_signed(d.mean, s), styled_bound(d.lo, s),
                     styled_bound(d.hi, s));
}

std::string interval_text(const Estimate& e, Bounds b, int precision, double scale) {
  const Estimate shown{e.mean * scale, e.lo * scale, e.hi * scale, e.n};
  if (std::isnan(shown.mean)) return "-";
  if (exactly_zero(shown)) return "0";
  const Style s = shared_style(std::span(&shown, 1), precision);  // of the unclipped interval
  if (std::isnan(shown.lo)) return styled(shown.mean, s);
  const Estimate bounded = clipped(e, b);
  return fmt::format("{} [{}, {}]", styled(shown.mean, s), styled(bounded.lo * scale, s),
                     styled(bounded.hi * scale, s));
}

std::string interval_text(const Estimate& e, int precision, double scale) {
  return interval_text(e, kUnbounded, precision, scale);
}

std::string plain(double v) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  for (int decimals = 0; decimals < 20; ++decimals) {
    std::string text = fmt::format("{:.{}f}", v, decimals);
    if (std::strtod(text.c_str(), nullptr) == v) return text;
  }
  return fmt::format("{:.20f}", v);
}

std::string count_of(std::size_t n, std::string_view word, std::string_view plural_word) {
  if (n == 1) return fmt::format("1 {}", word);
  if (plural_word.empty()) return fmt::format("{} {}s", n, word);
  return fmt::format("{} {}", n, plural_word);
}

std::string cell(const Estimate& e, int precision) {
  if (std::isnan(e.mean)) return "-";
  if (tiny(e.mean, precision)) {  // the half-width as its own number in the column's decimals
    if (std::isnan(e.lo)) return scientific(e.mean);
    return scientific(e.mean) + " ±" + fixed((e.hi - e.lo) / 2, precision);
  }
  precision = decimals_for(e.mean, precision);  // the half-width in the mean's decimals
  if (std::isnan(e.lo)) return fmt::format("{:.{}f}", e.mean, precision);
  return fmt::format("{:.{}f} ±{:.{}f}", e.mean, precision, (e.hi - e.lo) / 2, precision);
}

Estimate percent(const Estimate& e) {
  return {e.mean * 100, e.lo * 100, e.hi * 100, e.n};
}

Estimate as_shown(const Estimate& e, const MetricInfo& info) {
  return info.table_percent ? percent(e) : e;
}

std::string styled_metric_cell(const Estimate& e, const MetricInfo& info, Style style) {
  const std::string text = styled_cell(as_shown(e, info), style);
  return info.table_percent && text != "-" && text != "0" ? text + '%' : text;
}

std::string lone_metric_cell(const Estimate& e, const MetricInfo& info) {
  const Estimate shown = as_shown(e, info);
  return styled_metric_cell(e, info, shared_style(std::span(&shown, 1), info.precision));
}

std::string metric_cell(const Estimate& e, const MetricInfo& info) {
  if (!info.table_percent || std::isnan(e.mean)) return cell(e, info.precision);
  return cell(percent(e), info.precision) + '%';
}

std::string grouped(double v, int decimals) {
  if (std::isnan(v)) return "-";
  std::string digits = fmt::format("{:.{}f}", std::abs(v), decimals);
  if (digits.find_first_not_of("0.") == std::string::npos) v = 0;  // no "-0"
  const std::size_t point = std::min(digits.find('.'), digits.size());
  std::string out = v < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < point && (point - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string money(double v, std::string_view currency) {
  if (std::isnan(v)) return "-";
  return fmt::format("{} {}", currency, grouped(v));
}

std::string money_cell(const Estimate& e, std::string_view currency) {
  if (std::isnan(e.mean)) return "-";
  if (std::isnan(e.lo)) return money(e.mean, currency);
  return fmt::format("{} ± {}", money(e.mean, currency), grouped((e.hi - e.lo) / 2));
}

// "00" "01" ... "99": two digits per lookup.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

char* write_fixed3(char* out, double v) {
  const double magnitude = std::fabs(v);
  if (magnitude < 1e6) {                       // false for NaN
    const double scaled = magnitude * 1000.0;  // < 1e9: integer part and fraction exact below
    const auto whole = static_cast<std::uint32_t>(scaled);  // the floor: scaled >= 0
    const double fraction = scaled - whole;
    if (std::fabs(fraction - 0.5) > 1e-6) {
      const std::uint32_t thousandths = whole + (fraction > 0.5 ? 1 : 0);  // <= 1e9
      std::uint32_t units = thousandths / 1000;
      const std::uint32_t decimals = thousandths % 1000;
      // Its length first, then the digits right to left in place, two at a time from a table.
      std::size_t n = 5;  // one digit, the point and three decimals
      for (std::uint32_t u = units; u >= 10; u /= 10)
        ++n;
      if (std::signbit(v)) *out++ = '-';  // fmt writes "-0.000" for -0.0 and -0.0001 too
      char* p = out + n;
      std::memcpy(p - 2, kDigitPairs + 2 * (decimals % 100), 2);
      p[-3] = static_cast<char>('0' + decimals / 100);
      p[-4] = '.';
      p -= 4;
      while (units >= 100) {
        p -= 2;
        std::memcpy(p, kDigitPairs + 2 * (units % 100), 2);
        units /= 100;
      }
      if (units >= 10) {
        p -= 2;
        std::memcpy(p, kDigitPairs + 2 * units, 2);
      } else {
        p[-1] = static_cast<char>('0' + units);
      }
      return out + n;
    }
  }
  return fmt::format_to_n(out, kFixed3MaxBytes, "{:.3f}", v).out;
}

void append_fixed3(std::string& out, double v) {
  char text[kFixed3MaxBytes];
  out.append(text, write_fixed3(text, v));
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  if (v == 0) return "0";                   // "-0" too
  std::string text = fmt::format("{}", v);  // the shortest round trip: "7919944.123", "5.7e-06"
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  const int exponent = std::atoi(text.c_str() + e + 1);
  if (exponent < -20 || exponent > 20) return text;
  // The same digits in plain decimals: d.ddd x 10^exponent.
  const bool negative = text[0] == '-';
  std::string digits;
  for (std::size_t i = negative ? 1 : 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  const int before = exponent + 1;  // digits before the decimal point
  std::string out = negative ? "-" : "";
  const int n = static_cast<int>(digits.size());
  if (before <= 0)
    out += "0." + std::string(static_cast<std::size_t>(-before), '0') + digits;
  else if (before >= n)
    out += digits + std::string(static_cast<std::size_t>(before - n), '0');
  else
    out += digits.substr(0, static_cast<std::size_t>(before)) + '.' +
           digits.substr(static_cast<std::size_t>(before));
  return out;
}

std::string csv_field(std::string_view text) {
  // A spreadsheet opening the file would evaluate a cell starting with one of these as a formula
  // (a level named "=1+2" showed 3): OWASP's CSV-injection rule prefixes a single quote, which
  // makes the cell text.
  const bool formula =
      !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  const std::string field = formula ? "'" + std::string(text) : std::string(text);
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string capacity_text(int capacity) {
  return is_unlimited(capacity) ? "unlimited" : std::to_string(capacity);
}

}  // namespace continuum
