// Text shared by the writers: estimates as table cells, numbers in CSV files, capacities, lists.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "continuum/stats/metric.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// "12.34 ±0.56": the mean and the 95% half-width; "12.34" without an interval, "-" when
// undefined. A mean that would round to zero keeps three significant digits as fixed() shows
// it, the half-width in the same decimals ("0.00400 ±0.00120"), or, when the mean is in
// scientific notation, as fixed() shows it at `precision` ("3.39e-6 ±1.20e-5", "3.39e-6 ±0.02").
std::string cell(const Estimate& e, int precision);
// The estimate times 100 (a fraction shown as a percentage).
Estimate percent(const Estimate& e);
// A cell as the stdout tables show the metric (metric.hpp: precision, percentages with '%').
std::string metric_cell(const Estimate& e, const MetricInfo& info);

// How a group of estimates shown side by side prints: a row of compare's table (each scenario's
// value and the paired difference), a column of sweep's or size's (one metric over the points or
// candidates). One rule for every table (docs/outputs.md, "Numbers in the tables"):
// - the decimals come from the group's smallest nonzero 95% half-width, rounded as the Particle
//   Data Group does: two significant digits when it begins 100 to 354 (0.0036 -> 4 decimals, 0.15
//   -> 2), one when 355 to 949 (0.04 -> 2, 0.6 -> 1), two of the next power of ten from 950
//   (0.097 -> 0.10, 2); bounded to [0, precision + 2], where `precision` is the metric's decimals
//   in the run table; `precision` itself when no half-width is nonzero (one replication, no
//   spread);
// - every number of the group (estimates, half-widths, differences, interval bounds) has those
//   decimals; one that rounds to zero at them prints as zero with them, unsigned ("0.000");
// - an estimate that is exactly zero in every replication prints a bare "0";
// - scientific notation (three significant digits, "2.03e-4 ±4.00e-4") only when every number
//   of the group that is not exactly zero would print as zero at the bounded decimals.
struct Style {
  int decimals = 0;
  bool scientific = false;
};
// The style of a group (on the scale it is shown: percentages already times 100).
Style shared_style(std::span<const Estimate> group, int precision);
// Whether the estimate is exactly zero in every replication (mean and interval 0).
bool exactly_zero(const Estimate& e);
// A number in the style: "1.850", "0.000" (never "-0.000"), "2.03e-4".
std::string styled(double v, Style s);
// The same with a sign: "+0.005", "-1.079", "0.000" when it rounds to zero.
std::string styled_signed(double v, Style s);
// "1.850 ±0.020"; "1.850" without an interval; "0" when exactly zero; "-" when undefined.
std::string styled_cell(const Estimate& e, Style s);
// A difference: "+0.005 [0.003, 0.007]"; "+0.005" without an interval; "-" when undefined.
std::string styled_difference(const Estimate& d, Style s);

// An estimate alone as "mean [lo, hi]" (times `scale`), in its own style (shared_style of the
// one estimate): "16155 [16027, 16282]", "85.00 [84.95, 85.04]"; "0" when zero in every
// replication; the mean alone without an interval; "-" when undefined.
std::string interval_text(const Estimate& e, int precision, double scale = 1);

// An estimate on the scale a table shows its metric: a fraction times 100 when the metric is
// shown as a percentage (MetricInfo::table_percent), else as it is.
Estimate as_shown(const Estimate& e, const MetricInfo& info);
// An estimate of a metric in a style (shared_style of what as_shown gives): a fraction as a
// percentage ("9.5 ±0.3%"), "0" when zero in every replication, "-" when undefined.
std::string styled_metric_cell(const Estimate& e, const MetricInfo& info, Style style);
// The same alone, in its own style: "9.5 ±0.3%", "0.44 ±0.01", "0".
std::string lone_metric_cell(const Estimate& e, const MetricInfo& info);

// A number with `decimals` decimals: fixed(1e6, 0) "1000000", fixed(0.006, 2) "0.01". A value
// that would round to zero shows three significant digits instead, in plain decimals down to
// 0.001 (fixed(0.004, 2) "0.00400") and in scientific notation below (fixed(2.56e-05, 2)
// "2.56e-5"): never a long run of zeros, never a non-zero value shown as zero.
std::string fixed(double v, int decimals);
// The shortest plain text of a number (no exponent): "64", "0.25", "0.0000256", "1000000".
std::string plain(double v);
// "1 level", "2 levels", "0 levels"; `plural_word` when not `word` + "s".
std::string count_of(std::size_t n, std::string_view word, std::string_view plural_word = {});

// A number rounded to `decimals` with thousands separators: "8,030,655", "-1,234.5".
std::string grouped(double v, int decimals = 0);
// Money with its currency (an ISO 4217 code) and thousands separators, whole units:
// "USD 8,030,655 ± 15,481" (the mean and the 95% half-width), "USD 8,030,655" without an
// interval, "-" when undefined.
std::string money_cell(const Estimate& e, std::string_view currency);
std::string money(double v, std::string_view currency);

// Appends fmt::format("{:.3f}", v) to `out`, byte for byte (daily.csv's columns), without fmt
// for the usual values: |v| < 1e6 scaled by 1000 in double precision, whose rounding error
// (under 2^-23) cannot move the result across a rounding boundary unless the scaled value lies
// within 1e-6 of a half; those, the larger values, NaN and infinities go through fmt, which
// rounds the exact binary value (ties to even).
void append_fixed3(std::string& out, double v);
// The same bytes written at `out` (which has room for kFixed3MaxBytes); returns their end.
// The longest is -DBL_MAX: a sign, 309 digits, the point and three decimals (314 bytes).
inline constexpr std::size_t kFixed3MaxBytes = 320;
char* write_fixed3(char* out, double v);

// A number in a CSV file: the shortest text that reads back as the same double, in plain
// decimals ("7919944.123", "0.0000057", "8", "-0.5", "0"); in fmt's scientific notation only when
// plain decimals would need more than 20 zeros (below 1e-20 or from 1e21); empty when undefined
// (NaN).
std::string csv_number(double v);

// A text field of a CSV file by RFC 4180: enclosed in double quotes, inner quotes doubled, when
// it holds a comma, a double quote, CR or LF; as it is otherwise. A field starting with '=', '+',
// '-', '@', tab or CR is first prefixed with a single quote, so that a spreadsheet does not
// evaluate it as a formula (OWASP's CSV-injection rule): "=1+2" is written '=1+2. Every CSV writer
// writes names and other free text through this; numbers (csv_number) never go through it, so
// -0.5 stays -0.5.
std::string csv_field(std::string_view text);

// A level's capacity: the number, or "unlimited".
std::string capacity_text(int capacity);

// The items joined by `separator`, each written by `text(item)`: "a, b, c".
template <class Range, class Text>
std::string join(const Range& items, std::string_view separator, Text text) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += text(item);
  }
  return out;
}
template <class Range>
std::string join(const Range& items, std::string_view separator) {
  return join(items, separator, [](const auto& item) { return item; });
}

}  // namespace continuum
