// Compiling a validated Scenario into the engine's dense Model: routing tables, effective
// capacities (staffing rules), absolute times.
#include "continuum/model/model.hpp"

#include <limits>

#include "continuum/model/staffing_rules.hpp"

namespace continuum {

std::uint32_t stream_key(const std::string& name) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : name)
    h = (h ^ c) * 16777619u;
  return h;
}

namespace {

RoutingTable routing_table(const std::vector<Route>& routes) {
  RoutingTable table;
  table.reserve(routes.size());
  for (const Route& r : routes)
    table.push_back({r.target, r.probability});
  return table;
}

LevelModel compile_level(const Scenario& scenario, std::size_t index) {
  const LevelSpec& spec = scenario.levels[index];
  LevelModel level{
      .name = spec.name,
      .stream_key = stream_key(spec.name),
      .capacity = effective_capacity(scenario, index).capacity,
      .max_waiting = spec.waitlist.max_length.value_or(std::numeric_limits<std::int64_t>::max()),
      .hold = spec.hold_while_waiting,
      .dropout_probability = spec.dropout ? spec.dropout->probability : 0.0,
      .length_of_stay = spec.length_of_stay,
      .dropout_time = std::nullopt,
      .patience = spec.waitlist.patience,
      .next = routing_table(spec.next),
      .on_abandon = routing_table(spec.waitlist.on_abandon),
      .initial_state = spec.initial_state,
  };
  if (spec.dropout) level.dropout_time = spec.dropout->time;
  return level;
}

StreamModel compile_stream(const Scenario& scenario, const ArrivalSpec& spec) {
  StreamModel stream{
      .name = spec.name,
      .stream_key = stream_key(spec.name),
      .poisson = spec.poisson,
      .rate_per_day = spec.rate_per_day,
      .interarrival = spec.interarrival,
      .entry = routing_table(spec.entry),
      .growth_per_year = spec.growth_per_year,
      .monthly_factors = {},
      .modulated = spec.growth_per_year != 0 || !spec.monthly_factors.empty(),
      .start = spec.start_day > 0 ? scenario.warmup_days + spec.start_day : 0.0,
  };
  for (std::size_t m = 0; m < 12; ++m)
    stream.monthly_factors[m] = spec.monthly_factors.empty() ? 1.0 : spec.monthly_factors[m];
  return stream;
}

RelapseModel compile_relapse(const RelapseSpec& spec) {
  return {.probability = spec.probability,
          .probability_after_dropout = spec.probability_after_dropout.value_or(spec.probability),
          .time_to_relapse = spec.time_to_relapse,
          .reentry = routing_table(spec.reentry)};
}

ModelChange compile_change(const Scenario& scenario, const ChangeSpec& spec) {
  ModelChange change{.time = scenario.warmup_days + spec.day, .settings = {}};
  for (const Setting& s : spec.settings)
    change.settings.push_back({s.kind, static_cast<std::uint32_t>(s.index), s.value});
  return change;
}

}  // namespace

Model compile(const Scenario& scenario) {
  Model model;
  model.warmup_days = scenario.warmup_days;
  model.horizon_days = scenario.horizon_days;
  model.seed = scenario.seed;
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    model.levels.push_back(compile_level(scenario, l));
  for (const ArrivalSpec& spec : scenario.arrivals)
    model.streams.push_back(compile_stream(scenario, spec));
  if (scenario.relapse) model.relapse = compile_relapse(*scenario.relapse);
  for (const ChangeSpec& spec : scenario.changes)
    model.changes.push_back(compile_change(scenario, spec));
  return model;
}

}  // namespace continuum
