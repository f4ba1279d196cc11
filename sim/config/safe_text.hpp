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

// The offset of the first byte of `text` that is not part of valid UTF-8 (RFC 3629), or npos.
std::size_t first_invalid_utf8(std::string_view text);

// `text` cut to at most `max_bytes` bytes (at a character boundary) with "..." and the number of
// bytes left out when it is longer: user text quoted in a message stays short.
std::string shortened(std::string_view text, std::size_t max_bytes = 100);

// True when `text` holds a control character (C0 or DEL) or a byte of invalid UTF-8.
bool has_unsafe_bytes(std::string_view text);

// Why `name` cannot name a level (read_levels.cpp), or "" when it can: not empty, no control
// characters or invalid UTF-8, no path separator ('/' or '\'), not starting with '.'.
std::string level_name_problem(std::string_view name);

}  // namespace continuum::config
