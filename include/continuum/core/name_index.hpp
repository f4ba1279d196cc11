// Names looked up by text in O(log n): level, stream and (later) class names of a scenario. A
// linear search per reference made loading quadratic in the number of levels.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace continuum {

class NameIndex {
 public:
  NameIndex() = default;
  // `names` in their own order (file order); a name given twice keeps its first position.
  explicit NameIndex(std::vector<std::string> names);

  // The position of `name` in the names as given, or -1.
  int find(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<int> sorted_;  // positions into names_, by name, then position
};

}  // namespace continuum
