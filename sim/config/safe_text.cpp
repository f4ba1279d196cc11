// Escaping scenario text for messages, and the safe-name rule for levels.
#include "safe_text.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace continuum::config {

namespace {

// The length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one (overlong
// forms, surrogates and code points past U+10FFFF are invalid, as in RFC 3629).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

}  // namespace

std::string escape_for_message(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && !is_control(c)) {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      ++i;
    } else if (const std::size_t n = c < 0x80 ? 0 : utf8_length(text, i); n > 0) {
      // A hidden character (first_hidden_character) as \uXXXX: it could break the line or
      // reorder the message around it.
      if (const char32_t cp = first_hidden_character(text.substr(i, n)); cp != 0)
        out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(cp));
      else
        out.append(text.substr(i, n));
      i += n;
    } else {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    }
  }
  return out;
}

std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else if (const std::size_t n = utf8_length(text, i); n > 0) {
      i += n;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a UTF-8 character
  return fmt::format("{}... ({} more bytes)", text.substr(0, cut), text.size() - cut);
}

bool has_unsafe_bytes(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_control(c)) return true;
      ++i;
    } else if (const std::size_t n = utf8_length(text, i); n > 0) {
      i += n;
    } else {
      return true;
    }
  }
  return false;
}

// Calls `keep_going(cp)` on each code point of `text` in order while it returns true; false
// when it stopped, or at invalid UTF-8 (has_unsafe_bytes() reports that).
template <class F>
bool each_code_point(std::string_view text, F keep_going) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : utf8_length(text, i);
    if (n == 0) return false;
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (!keep_going(cp)) return false;
    i += n;
  }
  return true;
}

char32_t first_hidden_character(std::string_view text) {
  char32_t found = 0;
  each_code_point(text, [&found](char32_t cp) {
    const bool hidden = (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x61C ||
                        (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
                        (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) ||
                        cp == 0xFEFF;
    if (hidden) found = cp;
    return !hidden;
  });
  return found;
}

// True when `text` (valid UTF-8, not empty) is only spaces: U+0020 or another space separator
// (U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000). Such a name prints as a blank cell.
bool only_spaces(std::string_view text) {
  return each_code_point(text, [](char32_t cp) {
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
  });
}

std::string level_name_problem(std::string_view name) {
  if (name.empty()) return "a level needs a name";
  if (has_unsafe_bytes(name)) return "control characters and invalid UTF-8 are not allowed";
  if (only_spaces(name)) return "a name of only spaces is not allowed: it would print as a blank";
  if (const char32_t cp = first_hidden_character(name); cp != 0)
    return fmt::format(
        "invisible, line-breaking and text-direction characters are not allowed (U+{:04X}): a "
        "name must read as it is written",
        static_cast<std::uint32_t>(cp));
  if (name.find_first_of("/\\") != std::string_view::npos)
    return "'/' and '\\' are not allowed (names become column and file names)";
  if (name.front() == '.') return "must not start with '.'";
  return dot_in_name_problem(name);
}

std::string dot_in_name_problem(std::string_view name) {
  if (name.find('.') == std::string_view::npos) return "";
  return "'.' is not allowed: dots separate the parts of a setting's or metric's path "
         "(levels.NAME.capacity, --watch levels.NAME.waitlist), so a name holding one could not "
         "be named there";
}

}  // namespace continuum::config
