// Look-ups on a loaded scenario.
#include "continuum/model/scenario.hpp"
#include "continuum/model/routes_to.hpp"

#include <cctype>

namespace continuum {

int Scenario::level_index(std::string_view level_name) const {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].name == level_name) return static_cast<int>(i);
  return -1;
}

int Scenario::class_index(std::string_view class_name) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].name == class_name) return static_cast<int>(i);
  return -1;
}

std::string_view Scenario::target_name(int target) const {
  if (target == kExit) return "exit";
  if (is_exit(target)) return exits.at(static_cast<std::size_t>(exit_slot(target) - 1));
  return levels.at(static_cast<std::size_t>(target)).name;
}

namespace {
bool any_to(const std::vector<Route>& routes, int target) {
  for (const Route& route : routes)
    if (route.target == target && route.probability > 0) return true;
  return false;
}
}  // namespace

bool routes_to(const Scenario& scenario, int target) {
  for (const LevelSpec& level : scenario.levels) {
    if (any_to(level.next, target) || any_to(level.waitlist.on_abandon, target)) return true;
    for (const std::optional<LevelClassSpec>& c : level.by_class)
      if (c && ((c->next && any_to(*c->next, target)) ||
                (c->waitlist && any_to(c->waitlist->on_abandon, target))))
        return true;
    for (const AuthorizationSpec& auth : level.authorization)
      if (any_to(auth.on_denial, target)) return true;
  }
  for (const ChangeSpec& change : scenario.changes)
    for (const Setting& setting : change.settings)
      if (any_to(setting.routes, target)) return true;
  return false;
}

}  // namespace continuum

namespace continuum {

std::string default_unit(std::string_view level_name) {
  std::string lower(level_name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word :
       {"detox", "withdrawal", "residential", "inpatient", "crisis", "hospital", "bed"})
    if (lower.find(word) != std::string::npos) return "beds";
  return "slots";
}

}  // namespace continuum
