// "Did you mean" hints for misspelt names in user input (scenario keys, levels, settings).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace continuum {

// " (did you mean 'x'?)" when a candidate is close enough to `word` to be a likely typo (edit
// distance at most max(2, a third of the word)), else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace continuum
