// Text from a scenario made safe to echo in a one-line message, and the rule for names that
// become file and directory names or CSV columns; private to sim/config/.
#pragma once

#include <string>
#include <string_view>

namespace continuum::config {

// `text` with every control character (C0 and DEL) and every byte of invalid UTF-8 escaped:
// \n, \r, \t, and \xNN otherwise. Valid UTF-8 and printable ASCII pass unchanged, so a message
// that had nothing to escape is the same as before.
std::string escape_for_message(std::string_view text);

// True when `text` holds a control character (C0 or DEL) or a byte of invalid UTF-8.
bool has_unsafe_bytes(std::string_view text);

// Why `name` cannot name a level (read_levels.cpp), or "" when it can: not empty, no control
// characters or invalid UTF-8, no path separator ('/' or '\'), not starting with '.'.
std::string level_name_problem(std::string_view name);

}  // namespace continuum::config
