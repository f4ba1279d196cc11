// Reading staff roles (staff.roles) and resolving the role names levels use.
#include <fmt/format.h>

#include "continuum/core/suggestion.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// ROLE: {hours_per_fte_week, productive_share, cost_per_fte_year}, all optional.
StaffRole read_role(Reader& r, const YAML::Node& key, const YAML::Node& m) {
  StaffRole role;
  role.name = key.Scalar();
  role.pos = r.pos_of(key);
  const std::string path = "staff.roles." + role.name;
  if (const std::string problem = dot_in_name_problem(role.name); !problem.empty())
    r.error(key, fmt::format("{}: {}", path, problem));
  if (!r.expect_map(m, path)) return role;
  r.check_keys(m, path, {"hours_per_fte_week", "productive_share", "cost_per_fte_year"});
  if (YAML::Node h = m["hours_per_fte_week"])
    role.hours_per_fte_week =
        r.number_in(h, sub(path, "hours_per_fte_week"), bounds::kHoursPerFteWeek).value_or(40);
  if (YAML::Node p = m["productive_share"])
    role.productive_share =
        r.number_in(p, sub(path, "productive_share"), bounds::kProductiveShare).value_or(1);
  if (YAML::Node c = m["cost_per_fte_year"])
    role.cost_per_fte_year =
        r.number_in(c, sub(path, "cost_per_fte_year"), bounds::kCostPerFteYear).value_or(0);
  return role;
}

}  // namespace

std::vector<StaffRole> read_staff(Reader& r, const YAML::Node& node) {
  std::vector<StaffRole> roles;
  if (!r.expect_map(node, "staff")) return roles;
  r.check_keys(node, "staff", {"roles"});
  YAML::Node list = r.child(node, "staff", "roles", true);
  if (!list || !r.expect_map(list, "staff.roles")) return roles;
  for (auto it = list.begin(); it != list.end(); ++it)
    roles.push_back(read_role(r, it->first, it->second));
  return roles;
}

int role_of(Reader& r, const YAML::Node& key, const std::string& path, const NameIndex& roles) {
  const std::string name = key.Scalar();
  if (const int at = roles.find(name); at >= 0) return at;
  r.error(key, r.reporting()
                   ? fmt::format("{}: role '{}' is not defined under staff.roles{}{}", path, name,
                                 suggestion(name, roles.names()),
                                 roles.size() == 0 ? "" : "; roles are: " + join(roles.names()))
                   : "");
  return -1;
}

}  // namespace continuum::config
