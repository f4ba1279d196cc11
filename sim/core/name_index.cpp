// Names looked up by binary search over positions sorted by name.
#include "continuum/core/name_index.hpp"

#include <algorithm>
#include <numeric>

namespace continuum {

NameIndex::NameIndex(std::vector<std::string> names)
    : names_(std::move(names)), sorted_(names_.size()) {
  std::iota(sorted_.begin(), sorted_.end(), 0);
  std::stable_sort(sorted_.begin(), sorted_.end(), [&](int a, int b) {
    return names_[static_cast<std::size_t>(a)] < names_[static_cast<std::size_t>(b)];
  });
}

int NameIndex::find(std::string_view name) const {
  const auto at = std::lower_bound(sorted_.begin(), sorted_.end(), name, [&](int p, auto key) {
    return std::string_view(names_[static_cast<std::size_t>(p)]) < key;
  });
  if (at == sorted_.end() || names_[static_cast<std::size_t>(*at)] != name) return -1;
  return *at;
}

}  // namespace continuum
