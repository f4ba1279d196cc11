// summary.json from a Summary: the scenario's parameters, then each metric by its name.
#include "continuum/output/summary_json.hpp"
#include "continuum/model/capacity.hpp"
#include "continuum/output/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace continuum {

using Json = nlohmann::ordered_json;

Json estimate_json(const Estimate& e) {
  Json j;
  j["mean"] = std::isnan(e.mean) ? Json(nullptr) : Json(e.mean);
  if (std::isnan(e.lo))
    j["ci95"] = nullptr;
  else
    j["ci95"] = Json::array({e.lo, e.hi});
  return j;
}

Json capacity_json(int capacity) {
  if (is_unlimited(capacity)) return "unlimited";
  return capacity;
}

namespace {
Json routes_json(const Scenario& s, const std::vector<Route>& routes) {
  Json j = Json::object();
  for (const Route& r : routes)
    j[std::string(s.target_name(r.target))] = r.probability;
  return j;
}

Json level_json(const Scenario& s, const LevelSpec& l) {
  Json level;
  level["capacity"] = capacity_json(l.capacity);
  level["length_of_stay"] = describe(l.length_of_stay);
  level["mean_length_of_stay"] = mean_of(l.length_of_stay);
  if (l.dropout)
    level["dropout"] = {{"probability", l.dropout->probability},
                        {"time", describe(l.dropout->time)}};
  if (l.waitlist.patience) level["patience"] = describe(*l.waitlist.patience);
  if (l.waitlist.max_length) level["max_waitlist_length"] = *l.waitlist.max_length;
  level["next"] = routes_json(s, l.next);
  level["hold_while_waiting"] = l.hold_while_waiting;
  if (l.intake_days) {  // levels.L.intake_days: ["Mon", "Wed"]
    Json days = Json::array();
    for (int d = 0; d < 7; ++d)
      if ((*l.intake_days >> d) & 1) days.push_back(weekday_name(d));
    level["intake_days"] = days;
  }
  return level;
}

Json relapse_json(const Scenario& s, const RelapseSpec& relapse) {
  Json r;
  r["probability"] = relapse.probability;
  if (relapse.probability_after_dropout)
    r["probability_after_dropout"] = *relapse.probability_after_dropout;
  r["time_to_relapse"] = describe(relapse.time_to_relapse);
  r["reentry"] = routes_json(s, relapse.reentry);
  return r;
}

// {metric name: estimate} in metric order, each interval clipped to its metric's range.
template <class E>
Json metrics_json(const MetricValues<E, Estimate>& values) {
  Json j;
  for (E m : all_metrics<E>())
    j[std::string(metric_info(m).name)] = estimate_json(clipped(values[m], metric_info(m)));
  return j;
}
}  // namespace

namespace {

// "levels": {level: {metric: estimate}} and "system": {metric: estimate} into `out` (a class's
// or a window's block).
void add_levels_and_system(const Scenario& scenario,
                           const std::vector<MetricValues<LevelMetric, Estimate>>& levels,
                           const MetricValues<SystemMetric, Estimate>& system, Json& out) {
  Json by_level = Json::object();
  for (std::size_t l = 0; l < scenario.levels.size() && l < levels.size(); ++l)
    by_level[scenario.levels[l].name] = metrics_json(levels[l]);
  out["levels"] = by_level;
  out["system"] = metrics_json(system);
}

}  // namespace

// {class: {"priority", "levels": {level: {metric: estimate}}, "system": {metric: estimate}}},
// the metrics of the patients of each class, in class order.
Json classes_json(const Scenario& scenario, const Summary& summary) {
  Json j = Json::object();
  for (std::size_t c = 0; c < summary.classes.size(); ++c) {
    const ClassSummary& cs = summary.classes[c];
    Json one;
    one["priority"] = c < scenario.classes.size() ? scenario.classes[c].priority : 0;
    add_levels_and_system(scenario, cs.levels, cs.system, one);
    j[cs.name] = one;
  }
  return j;
}

// {window: {"from_day", "to_day", "levels": {level: {metric: estimate}}, "system": {...}}},
// in the order of report_windows.
Json windows_json(const Scenario& scenario, const Summary& summary) {
  Json j = Json::object();
  for (const WindowSummary& ws : summary.windows) {
    Json one;
    one["from_day"] = ws.from_day;
    one["to_day"] = ws.to_day;
    add_levels_and_system(scenario, ws.levels, ws.system, one);
    j[ws.name] = one;
  }
  return j;
}

namespace {
// {"start_date", "end_date", "holidays"}: the dates of the window's first and last days
// (calendar:), and the holidays given.
Json calendar_json(const Scenario& s) {
  const CalendarSpec& c = *s.calendar;
  const auto days = static_cast<CivilDay>(std::ceil(s.horizon_days - 1e-9));
  Json holidays = Json::array();
  for (CivilDay h : c.holidays)
    holidays.push_back(format_date(h));
  return {{"start_date", format_date(c.start_date)},
          {"end_date", format_date(c.start_date + std::max<CivilDay>(days, 1) - 1)},
          {"holidays", holidays}};
}
}  // namespace

Json scenario_json(const Scenario& s) {
  Json j;
  j["name"] = s.name;
  j["description"] = s.description;
  j["horizon_days"] = s.horizon_days;
  j["warmup_days"] = s.warmup_days;
  Json arrivals = Json::array();
  for (const ArrivalSpec& a : s.arrivals)
    arrivals.push_back({{"name", a.name},
                        {"rate_per_day", a.rate_per_day},
                        {"interarrival", describe(a.interarrival)},
                        {"entry", routes_json(s, a.entry)}});
  j["arrivals"] = arrivals;
  Json levels = Json::object();
  for (const LevelSpec& l : s.levels)
    levels[l.name] = level_json(s, l);
  j["levels"] = levels;
  if (s.relapse) j["relapse"] = relapse_json(s, *s.relapse);
  return j;
}

// The patient balance summed over the replications (each replication balances, or the run
// would have failed): referred = in_care + waiting + held + in_community + left.
Json conservation_json(const PatientBalance& b) {
  return {{"referred", b.referred},  {"in_care", b.in_care},        {"waiting", b.waiting},
          {"held", b.held},          {"in_community", b.community}, {"left", b.left},
          {"balanced", b.balanced()}};
}

namespace {

// A KPI block: {name: estimate} in the order of `names`; a share's interval clipped to [0, 1],
// a time's or a census's at 0.
Json kpis_json(const std::array<std::string_view, 4>& names, const KpiEstimates& e) {
  Json j;
  for (std::size_t k = 0; k < names.size(); ++k)
    j[std::string(names[k])] =
        estimate_json(clipped(e[k], names[k].ends_with("_share") ? kShare : kNonnegative));
  return j;
}

}  // namespace

Json interim_json(const Scenario& scenario, const Summary& summary) {
  Json j = Json::object();
  for (std::size_t l = 0; l < scenario.levels.size() && l < summary.interim.size(); ++l)
    if (scenario.levels[l].waitlist.interim)
      j[scenario.levels[l].name] = kpis_json(kInterimMetricNames, summary.interim[l]);
  return j;
}

Json compliance_json(const Scenario& scenario, const Summary& summary) {
  const ComplianceSpec t = scenario.compliance.value_or(ComplianceSpec{});
  Json j;
  j["thresholds"] = {{"admit_within_days", t.admit_within_days},
                     {"interim_within_hours", t.interim_within_hours},
                     {"admit_within_days_max", t.admit_within_days_max},
                     {"capacity_alert_share", t.capacity_alert_share}};
  const std::size_t n = scenario.levels.size();
  Json levels = Json::object();
  for (std::size_t l = 0; l < n && l < summary.compliance.size(); ++l)
    levels[scenario.levels[l].name] = kpis_json(kComplianceMetricNames, summary.compliance[l]);
  j["levels"] = levels;
  if (summary.compliance.size() > n) {
    Json classes = Json::object();
    for (std::size_t c = 0; c < scenario.classes.size(); ++c) {
      Json by_level = Json::object();
      for (std::size_t l = 0; l < n; ++l) {
        Json one = kpis_json(kComplianceMetricNames, summary.compliance[n + c * n + l]);
        one.erase(std::string(kComplianceMetricNames[3]));  // capacity is the level's
        by_level[scenario.levels[l].name] = one;
      }
      classes[scenario.classes[c].name] = by_level;
    }
    j["classes"] = classes;
  }
  return j;
}

Json summary_json(const Scenario& scenario, const Summary& summary) {
  Json j;
  j["schema_version"] = kSummarySchemaVersion;
  Json sc = scenario_json(scenario);
  sc["replications"] = summary.replications;
  sc["seed"] = summary.seed;
  j["scenario"] = sc;
  if (scenario.calendar) j["calendar"] = calendar_json(scenario);
  Json levels = Json::object();
  for (std::size_t l = 0; l < scenario.levels.size(); ++l)
    levels[scenario.levels[l].name] = metrics_json(summary.levels[l]);
  j["levels"] = levels;
  j["system"] = metrics_json(summary.system);
  if (!summary.classes.empty()) j["classes"] = classes_json(scenario, summary);
  if (!summary.windows.empty()) j["windows"] = windows_json(scenario, summary);
  if (!summary.exits.empty()) {  // only when the scenario names exits
    Json exits = Json::object();
    for (const ExitSummary& e : summary.exits) {
      Json one;
      one["per_day"] = estimate_json(clipped(e.per_day, kNonnegative));
      Json by_level = Json::object();
      for (std::size_t l = 0; l < e.levels_per_day.size() && l < scenario.levels.size(); ++l)
        by_level[scenario.levels[l].name] = {
            {"per_day", estimate_json(clipped(e.levels_per_day[l], kNonnegative))}};
      one["levels"] = by_level;
      exits[e.name] = one;
    }
    j["exits"] = exits;
  }
  if (!summary.sessions.empty()) {  // only for levels with sessions
    Json sessions = Json::object();
    for (const SessionSummary& ss : summary.sessions)
      sessions[scenario.levels[ss.level].name] = {
          {"attendance_rate", estimate_json(clipped(ss.attendance_rate, kShare))},
          {"sessions_held", estimate_json(clipped(ss.sessions_held, kNonnegative))},
          {"groups_per_week", estimate_json(clipped(ss.groups_per_week, kNonnegative))},
          {"mean_group_size", estimate_json(clipped(ss.mean_group_size, kNonnegative))},
          {"no_show_discharges", estimate_json(clipped(ss.no_show_discharges, kNonnegative))}};
    j["sessions"] = sessions;
  }
  if (!summary.interim.empty()) j["interim"] = interim_json(scenario, summary);
  if (!summary.compliance.empty()) j["compliance"] = compliance_json(scenario, summary);
  if (!summary.drug_testing.empty()) {  // only for levels with drug_testing
    static constexpr const char* kNames[kDrugCounts] = {"tests",
                                                        "positives",
                                                        "step_ups_requested",
                                                        "step_ups_admitted",
                                                        "step_ups_waiting",
                                                        "step_ups_abandoned"};
    Json drug = Json::object();
    for (const DrugTestingSummary& d : summary.drug_testing) {
      Json one;
      for (std::size_t k = 0; k < kDrugCounts; ++k)
        one[kNames[k]] = estimate_json(clipped(d.counts[k], kNonnegative));
      one["positive_share"] = estimate_json(clipped(d.positive_share, kShare));
      drug[scenario.levels[d.level].name] = one;
    }
    j["drug_testing"] = drug;
  }
  j["events"] = summary.events;
  return j;
}

}  // namespace continuum
