// Text from a scenario made safe to echo in a one-line message, and the rule for names that
// become file and directory names or CSV columns; private to sim/config/.
#pragma once

#include <string>
#include <string_view>

namespace continuum::config {

// `text` with every control character (C0 and DEL) and every byte of invalid UTF-8 escaped:
// \n, \r, \t, and \xNN otherwise; a hidden character (first_hidden_character, declared below)
// as \uXXXX. Valid UTF-8 and printable ASCII pass unchanged, so a message
// that had nothing to escape is the same as before.
std::string escape_for_message(std::string_view text);

// The offset of the first byte of `text` that is not part of valid UTF-8 (RFC 3629), or npos.
std::size_t first_invalid_utf8(std::string_view text);

// `text` cut to at most `max_bytes` bytes (at a character boundary) with "..." and the number of
// bytes left out when it is longer: user text quoted in a message stays short.
std::string shortened(std::string_view text, std::size_t max_bytes = 100);

// True when `text` holds a control character (C0 or DEL) or a byte of invalid UTF-8.
bool has_unsafe_bytes(std::string_view text);

// The first character of `text` (valid UTF-8) that is invisible, breaks a line or changes the
// direction of the text around it, or 0 when none: C1 controls (U+0080..U+009F, U+0085 among
// them), the soft hyphen (U+00AD), the Arabic letter mark (U+061C), zero-width characters and
// direction marks (U+200B..U+200F), line and paragraph separators and direction embeddings and
// overrides (U+2028..U+202E), invisible operators (U+2060..U+2064), direction isolates and
// deprecated format characters (U+2066..U+206F), and the byte order mark (U+FEFF). A name holding
// one can print as another name, or reorder the message or column it is printed in.
char32_t first_hidden_character(std::string_view text);

// Why `name` cannot name a level (read_levels.cpp), or "" when it can: not empty, not only spaces
// (U+0020 and the other space separators), no control characters or invalid UTF-8, no hidden
// character (first_hidden_character), no path separator
// ('/' or '\'), not starting with '.', no '.' at all (dot_in_name_problem). Levels, classes,
// payers, report windows and named exits.
std::string level_name_problem(std::string_view name);

// Why `name` cannot name something a dotted path addresses (a level, class, payer, stream,
// staff role, ...): it holds a '.', which separates the parts of a path such as
// levels.NAME.capacity or --watch levels.NAME.waitlist; "" when it holds none.
std::string dot_in_name_problem(std::string_view name);

}  // namespace continuum::config
