// Rendering DOT text with Graphviz's `dot` program, found on the PATH.
#pragma once

#include <string>

namespace continuum {

// Renders DOT text with Graphviz's `dot` program (`format`: svg, png, ...). Throws
// std::runtime_error saying how to install Graphviz when `dot` is not on the PATH, or naming the
// command when it fails.
std::string render_dot(const std::string& dot, const std::string& format);

}  // namespace continuum
