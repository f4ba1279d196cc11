// Relapse precedence, and the scenario as one class sees it.
#include "continuum/model/class_view.hpp"

#include <algorithm>

namespace continuum {

std::optional<ResolvedRelapse> resolve_relapse(const Scenario& scenario, const LevelSpec& level,
                                               std::size_t c) {
  std::vector<const RelapseOverride*> layers;  // highest precedence first
  std::size_t level_layers = 0;
  if (c < level.by_class.size() && level.by_class[c] && level.by_class[c]->relapse)
    layers.push_back(&*level.by_class[c]->relapse);
  if (level.relapse) layers.push_back(&*level.relapse);
  level_layers = layers.size();
  const RelapseSpec* global = scenario.relapse ? &*scenario.relapse : nullptr;
  if (global && c < global->by_class.size() && global->by_class[c])
    layers.push_back(&*global->by_class[c]);
  ResolvedRelapse out;
  if (layers.empty()) {
    if (!global) return std::nullopt;
    out.probability = global->probability;
    out.probability_after_dropout = global->probability_after_dropout.value_or(out.probability);
    out.time_to_relapse = global->time_to_relapse;
    out.reentry = &global->reentry;
    out.pos = global->pos;
    return out;  // as given, even with both probabilities 0
  }
  {
    // The first layer giving `member`, and its position in `layers` (layers.size() if none).
    auto pick = [&](auto member) -> std::size_t {
      for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i]->*member) return i;
      return layers.size();
    };
    const std::size_t p = pick(&RelapseOverride::probability);
    if (p == layers.size() && !global) return std::nullopt;
    out.probability = p < layers.size() ? *layers[p]->probability : global->probability;
    out.pos = p < layers.size() ? layers[p]->pos : global->pos;
    // After dropout: the first layer that gives it, else the probability resolved above when a
    // layer gave that, else the global block's.
    if (const std::size_t a = pick(&RelapseOverride::probability_after_dropout); a < layers.size())
      out.probability_after_dropout = *layers[a]->probability_after_dropout;
    else if (p < layers.size() || !global)
      out.probability_after_dropout = out.probability;
    else
      out.probability_after_dropout = global->probability_after_dropout.value_or(out.probability);
    if (const std::size_t t = pick(&RelapseOverride::time_to_relapse); t < layers.size())
      out.time_to_relapse = *layers[t]->time_to_relapse;
    else if (global)
      out.time_to_relapse = global->time_to_relapse;
    static const std::vector<Route> kNone;
    if (const std::size_t r = pick(&RelapseOverride::reentry); r < layers.size()) {
      out.reentry = &*layers[r]->reentry;
      out.level_reentry = r < level_layers;
    } else {
      out.reentry = global ? &global->reentry : &kNone;
    }
  }
  if (out.probability <= 0 && out.probability_after_dropout <= 0) return std::nullopt;
  return out;
}

Scenario without_classes(Scenario s) {
  s.classes.clear();
  for (ArrivalSpec& a : s.arrivals) {
    a.class_shares.clear();
    a.entry_by_class.clear();
  }
  for (LevelSpec& l : s.levels) {
    l.reserved.clear();
    l.by_class.clear();
    for (StaffRule& rule : l.staffing)
      rule.by_class.clear();
  }
  if (s.relapse) s.relapse->by_class.clear();
  return s;
}

Scenario class_view(const Scenario& scenario, std::size_t c) {
  Scenario v = scenario;
  for (std::size_t a = 0; a < v.arrivals.size(); ++a) {
    ArrivalSpec& stream = v.arrivals[a];
    const double share = c < stream.class_shares.size() ? stream.class_shares[c] : 0.0;
    stream.rate_per_day *= share;
    if (c < stream.entry_by_class.size() && stream.entry_by_class[c])
      stream.entry = *stream.entry_by_class[c];
  }
  for (std::size_t l = 0; l < v.levels.size(); ++l) {
    const LevelSpec& spec = scenario.levels[l];
    LevelSpec& level = v.levels[l];
    if (c < spec.by_class.size() && spec.by_class[c]) {
      const LevelClassSpec& over = *spec.by_class[c];
      if (over.length_of_stay) level.length_of_stay = *over.length_of_stay;
      if (over.dropout) level.dropout = over.dropout;
      if (over.next) level.next = *over.next;
      if (over.waitlist) {
        level.waitlist.patience = over.waitlist->patience;
        level.waitlist.on_abandon = over.waitlist->on_abandon;
      }
    }
    const std::optional<ResolvedRelapse> r = resolve_relapse(scenario, spec, c);
    if (!r) {
      level.relapse = scenario.relapse ? std::optional<RelapseOverride>(RelapseOverride{
                                             .pos = spec.pos,
                                             .probability = 0.0,
                                             .probability_after_dropout = 0.0,
                                             .time_to_relapse = std::nullopt,
                                             .reentry = std::nullopt,
                                         })
                                       : std::nullopt;
      continue;
    }
    level.relapse = RelapseOverride{
        .pos = r->pos,
        .probability = r->probability,
        .probability_after_dropout = r->probability_after_dropout,
        .time_to_relapse = r->time_to_relapse,
        .reentry = r->level_reentry ? std::optional<std::vector<Route>>(*r->reentry) : std::nullopt,
    };
  }
  if (v.relapse && c < v.relapse->by_class.size() && v.relapse->by_class[c]) {
    const RelapseOverride& over = *v.relapse->by_class[c];
    if (over.time_to_relapse) v.relapse->time_to_relapse = *over.time_to_relapse;
    if (over.reentry) v.relapse->reentry = *over.reentry;
  }
  return without_classes(std::move(v));
}

std::vector<std::size_t> referred_classes(const Scenario& scenario) {
  if (scenario.classes.size() < 2) return {kNoClass};
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < scenario.classes.size(); ++c)
    if (std::any_of(scenario.arrivals.begin(), scenario.arrivals.end(), [&](const ArrivalSpec& a) {
          return c < a.class_shares.size() && a.class_shares[c] > 0;
        }))
      out.push_back(c);
  return out;
}

double equilibrium_relapse_pool(const RelapsePoolInputs& in) {
  const double d = in.dropout_probability;
  const double stay = (1 - d) * in.mean_stay + (d > 0 ? d * in.mean_dropout_time : 0);
  const double into_pool =
      (1 - d) * in.exit_probability * in.relapse_probability + d * in.relapse_after_dropout;
  if (!(stay > 0) || !(into_pool > 0)) return 0;
  return in.in_care / stay * into_pool * in.mean_time_to_relapse;
}

}  // namespace continuum
