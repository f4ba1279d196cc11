// Compiling a validated Scenario into the engine's dense Model: routing tables, effective
// capacities (staffing rules), absolute times.
#include "continuum/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "continuum/model/class_view.hpp"
#include "continuum/model/setting_path.hpp"
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

RelapseModel compile_relapse(const RelapseSpec& spec) {
  return {.probability = spec.probability,
          .probability_after_dropout = spec.probability_after_dropout.value_or(spec.probability),
          .time_to_relapse = spec.time_to_relapse,
          .reentry = routing_table(spec.reentry)};
}

// Relapse after leaving care from `level` for class `c` (class_view.hpp, resolve_relapse).
std::optional<RelapseModel> compiled_relapse(const Scenario& scenario, const LevelSpec& level,
                                             std::size_t c) {
  const std::optional<ResolvedRelapse> r = resolve_relapse(scenario, level, c);
  if (!r) return std::nullopt;
  return RelapseModel{.probability = r->probability,
                      .probability_after_dropout = r->probability_after_dropout,
                      .time_to_relapse = r->time_to_relapse,
                      .reentry = routing_table(*r->reentry)};
}

LevelClassModel compile_level_class(const Scenario& scenario, const LevelSpec& spec,
                                    std::size_t c) {
  const LevelClassSpec* over =
      c < spec.by_class.size() && spec.by_class[c] ? &*spec.by_class[c] : nullptr;
  const std::optional<DropoutSpec>& dropout = over && over->dropout ? over->dropout : spec.dropout;
  const WaitlistSpec& waitlist = over && over->waitlist ? *over->waitlist : spec.waitlist;
  LevelClassModel out{
      .length_of_stay = over && over->length_of_stay ? *over->length_of_stay : spec.length_of_stay,
      .dropout_probability = dropout ? dropout->probability : 0.0,
      .dropout_time = std::nullopt,
      .patience = waitlist.patience,
      .next = routing_table(over && over->next ? *over->next : spec.next),
      .on_abandon = routing_table(waitlist.on_abandon),
      .relapse = compiled_relapse(scenario, spec, c),
      .reserved = c < spec.reserved.size() ? spec.reserved[c] : 0,
  };
  if (dropout) out.dropout_time = dropout->time;
  if (spec.sessions)
    out.attendance = over && over->attendance ? *over->attendance : spec.sessions->attendance;
  return out;
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
      .by_class = {},
      .interim = std::nullopt,
      .daily_class_census = false,
      .authorization = {},
  };
  if (spec.dropout) level.dropout_time = spec.dropout->time;
  if (spec.intake_days) {
    level.intake_days = *spec.intake_days;
    level.intake_rule = true;
  }
  if (spec.sessions) {
    level.service_days = spec.sessions->days;
    level.sessions = SessionsModel{
        .hours = spec.sessions->hours,
        .group_size_max = spec.sessions->group_size_max,
        .discharge_after_missed = spec.sessions->discharge_after_missed.value_or(0),
        .complete_after = spec.sessions->complete_after.value_or(0),
    };
  }
  if (const std::optional<InterimSpec>& interim = spec.waitlist.interim)
    level.interim = LevelModel::Interim{interim->capacity, interim->abandonment_factor};
  level.daily_class_census = scenario.classes.size() > 1 && level_needs_daily_class_census(spec);
  for (std::size_t c = 0; c < std::max<std::size_t>(1, scenario.classes.size()); ++c)
    level.by_class.push_back(compile_level_class(scenario, spec, c));
  if (!scenario.payers.empty()) {
    level.authorization.assign(scenario.payers.size(), std::nullopt);
    for (const AuthorizationSpec& a : spec.authorization) {
      AuthorizationModel m{.initial_days = a.initial_days,
                           .review_every_days = a.review_every_days,
                           .approval = {},
                           .on_denial = routing_table(a.on_denial)};
      for (std::size_t c = 0; c < level.by_class.size(); ++c)
        m.approval.push_back(c < a.approval_by_class.size() && a.approval_by_class[c]
                                 ? *a.approval_by_class[c]
                                 : a.approval);
      level.authorization[static_cast<std::size_t>(a.payer)] = std::move(m);
    }
  }
  if (const auto& dt = spec.drug_testing) {
    DrugTestingModel m{.tests_per_week = dt->tests_per_week,
                       .positive_by_week = {},
                       .after_positives = dt->after_positives,
                       .to = routing_table(dt->to),
                       .hold_slot = dt->hold_slot};
    for (std::size_t c = 0; c < level.by_class.size(); ++c) {
      const bool own =
          c < dt->positive_by_week_by_class.size() && !dt->positive_by_week_by_class[c].empty();
      m.positive_by_week.push_back(own ? dt->positive_by_week_by_class[c] : dt->positive_by_week);
    }
    level.drug_testing = std::move(m);
  }
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
      .schedule = {},
      .start = spec.start_day ? scenario.warmup_days + *spec.start_day : 0.0,
      .class_shares = {},
      .entry_by_class = {},
      .payer_shares = {},
  };
  if (scenario.classes.empty()) {
    stream.class_shares = {1.0};
    stream.entry_by_class = {stream.entry};
  }
  for (std::size_t c = 0; c < scenario.classes.size(); ++c) {
    stream.class_shares.push_back(c < spec.class_shares.size() ? spec.class_shares[c] : 0.0);
    const bool own = c < spec.entry_by_class.size() && spec.entry_by_class[c];
    stream.entry_by_class.push_back(own ? routing_table(*spec.entry_by_class[c]) : stream.entry);
  }
  stream.payer_shares = spec.payer_shares;
  for (const RatePiece& piece : spec.schedule)
    stream.schedule.push_back({scenario.warmup_days + piece.from_day,
                               scenario.warmup_days + piece.to_day, piece.rate_per_day});
  for (std::size_t m = 0; m < 12; ++m)
    stream.monthly_factors[m] = spec.monthly_factors.empty() ? 1.0 : spec.monthly_factors[m];
  return stream;
}

// `phase`: the scenario with this change and every earlier one applied.
ModelChange compile_change(const Scenario& scenario, const ChangeSpec& spec,
                           const Scenario& phase) {
  ModelChange change;
  // Day-boundary mode: a change applies at the first day boundary at or after its time.
  const double time = scenario.warmup_days + spec.day;
  change.time = scenario.time_step_days == 1 ? std::ceil(time) : time;
  for (const Setting& s : spec.settings) {
    if (s.numeric())
      change.settings.push_back({s.kind, static_cast<std::uint32_t>(s.index), s.value});
    else
      change.rules = true;
  }
  if (change.rules) {
    for (std::size_t l = 0; l < phase.levels.size(); ++l)
      change.levels.push_back(compile_level(phase, l));
    for (const ArrivalSpec& a : phase.arrivals)
      change.streams.push_back(compile_stream(phase, a));
  }
  return change;
}

}  // namespace

Model compile(const Scenario& scenario) {
  Model model;
  model.warmup_days = scenario.warmup_days;
  model.horizon_days = scenario.horizon_days;
  model.seed = scenario.seed;
  model.day_step = scenario.time_step_days == 1;
  model.calendar = Calendar(scenario.calendar, scenario.warmup_days);
  for (const ClassSpec& c : scenario.classes)
    model.classes.push_back({c.name, c.priority});
  if (model.classes.empty()) model.classes.push_back({"all", 0});
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    model.levels.push_back(compile_level(scenario, l));
  for (const ArrivalSpec& spec : scenario.arrivals)
    model.streams.push_back(compile_stream(scenario, spec));
  if (scenario.relapse) model.relapse = compile_relapse(*scenario.relapse);
  // Changes from the horizon on never apply (the run warns of those after it).
  Scenario phase = scenario;
  for (const ChangeSpec& spec : scenario.changes) {
    if (spec.day >= scenario.horizon_days) break;
    for (const Setting& setting : spec.settings)
      apply_setting(phase, setting);
    model.changes.push_back(compile_change(scenario, spec, phase));
  }
  if (!scenario.exits.empty()) model.exit_slots = 1 + scenario.exits.size();
  model.payers = scenario.payers.size();
  for (const ReportWindow& w : scenario.report_windows)
    model.windows.push_back({scenario.warmup_days + w.from_day, scenario.warmup_days + w.to_day});
  // Compliance KPIs: asked for, or implied by interim services (with the defaults).
  const bool interim =
      std::any_of(scenario.levels.begin(), scenario.levels.end(),
                  [](const LevelSpec& l) { return l.waitlist.interim.has_value(); });
  if (scenario.compliance || interim) {
    const ComplianceSpec c = scenario.compliance.value_or(ComplianceSpec{});
    model.compliance = Model::Compliance{.admit_within_days = c.admit_within_days,
                                         .interim_within_days = c.interim_within_hours / 24,
                                         .admit_within_days_max = c.admit_within_days_max,
                                         .capacity_alert_share = c.capacity_alert_share};
  }
  return model;
}

}  // namespace continuum
