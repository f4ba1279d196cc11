// The one rule for a number written as text: scenario files (config's Reader::number), the number
// options (--horizon-days, --precision, ...) and the numbers inside --set, --target and --watch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace continuum {

// The finite number `text` writes, all of it in std::from_chars's decimal form (digits, an
// optional '-', '.', exponent: "12", "-0.5", "1e-320", "5."), else none: no hex ("0x10",
// "0x1p3"), no leading '+' or spaces, no inf or nan, nothing out of a double's range ("1e400").
std::optional<double> parse_number(std::string_view text);

// `text` without the spaces and tabs around it (a quoted option value may have them: --set,
// --target and --watch read the number inside by parse_number after trimming).
std::string trimmed(std::string_view text);

}  // namespace continuum
