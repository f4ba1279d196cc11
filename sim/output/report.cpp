// summary.json, daily.csv and the stdout table from a Summary; files written atomically.
#include "continuum/output/report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

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

namespace {
Json routes_json(const Scenario& s, const std::vector<Route>& routes) {
  Json j = Json::object();
  for (const Route& r : routes)
    j[std::string(s.target_name(r.target))] = r.probability;
  return j;
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
  for (const LevelSpec& l : s.levels) {
    Json level;
    if (l.capacity == std::numeric_limits<int>::max())
      level["capacity"] = "unlimited";
    else
      level["capacity"] = l.capacity;
    level["length_of_stay"] = describe(l.length_of_stay);
    level["mean_length_of_stay"] = mean_of(l.length_of_stay);
    if (l.dropout)
      level["dropout"] = {{"probability", l.dropout->probability},
                          {"time", describe(l.dropout->time)}};
    if (l.waitlist.patience) level["patience"] = describe(*l.waitlist.patience);
    if (l.waitlist.max_length) level["max_waitlist_length"] = *l.waitlist.max_length;
    level["next"] = routes_json(s, l.next);
    level["hold_while_waiting"] = l.hold_while_waiting;
    levels[l.name] = level;
  }
  j["levels"] = levels;
  if (s.relapse) {
    Json r;
    r["probability"] = s.relapse->probability;
    if (s.relapse->probability_after_dropout)
      r["probability_after_dropout"] = *s.relapse->probability_after_dropout;
    r["time_to_relapse"] = describe(s.relapse->time_to_relapse);
    r["reentry"] = routes_json(s, s.relapse->reentry);
    j["relapse"] = r;
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
  Json levels = Json::object();
  const auto& level_names = level_metric_names();
  for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
    Json metrics;
    for (std::size_t m = 0; m < level_names.size(); ++m)
      metrics[level_names[m]] = estimate_json(summary.levels[l][m]);
    levels[scenario.levels[l].name] = metrics;
  }
  j["levels"] = levels;
  Json system;
  const auto& system_names = system_metric_names();
  for (std::size_t m = 0; m < system_names.size(); ++m)
    system[system_names[m]] = estimate_json(summary.system[m]);
  j["system"] = system;
  j["events"] = summary.events;
  return j;
}

std::string daily_csv(const Scenario& scenario, const Summary& summary) {
  std::string out =
      "day,level,census_mean,census_p10,census_p90,waitlist_mean,waitlist_p10,waitlist_p90\n";
  const std::size_t n = scenario.levels.size();
  for (std::size_t d = 0; d < summary.days; ++d)
    for (std::size_t l = 0; l < n; ++l) {
      const DailyPoint& c = summary.daily_census[d * n + l];
      const DailyPoint& w = summary.daily_waitlist[d * n + l];
      fmt::format_to(std::back_inserter(out), "{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n",
                     d, scenario.levels[l].name, c.mean, c.p10, c.p90, w.mean, w.p10, w.p90);
    }
  return out;
}

namespace {
// "12.34 ±0.56" (or "12.34" without an interval, "-" when undefined).
std::string cell(const Estimate& e, int precision) {
  if (std::isnan(e.mean)) return "-";
  if (std::isnan(e.lo)) return fmt::format("{:.{}f}", e.mean, precision);
  return fmt::format("{:.{}f} ±{:.{}f}", e.mean, precision, (e.hi - e.lo) / 2, precision);
}
}  // namespace

std::string summary_table(const Scenario& scenario, const Summary& summary) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(
      fmt::format("{}: {} replications x {:g} days after {:g} days of warm-up (seed {}); "
                  "means with 95% confidence half-widths",
                  scenario.name, summary.replications, scenario.horizon_days, scenario.warmup_days,
                  summary.seed));
  line("");
  line(fmt::format("{:<14} {:>9} {:>16} {:>18} {:>14} {:>16} {:>16} {:>16} {:>15} {:>15}", "level",
                   "capacity", "admissions/day", "mean census", "utilization", "mean waitlist",
                   "mean wait (d)", "p90 wait (d)", "abandoned", "turned away"));
  for (std::size_t l = 0; l < scenario.levels.size(); ++l) {
    const LevelSpec& spec = scenario.levels[l];
    auto m = [&](const char* metric) { return summary.level_metric(l, metric); };
    auto pct = [](Estimate e) {
      e.mean *= 100, e.lo *= 100, e.hi *= 100;
      return e;
    };
    const std::string capacity = spec.capacity == std::numeric_limits<int>::max()
                                     ? std::string("unlimited")
                                     : std::to_string(spec.capacity);
    line(fmt::format("{:<14} {:>9} {:>16} {:>18} {:>14} {:>16} {:>16} {:>16} {:>14}% {:>14}%",
                     spec.name, capacity, cell(m("admissions_per_day"), 2),
                     cell(m("mean_census"), 1), cell(m("utilization"), 3),
                     cell(m("mean_waitlist"), 1), cell(m("mean_wait_days"), 1),
                     cell(m("p90_wait_days"), 1), cell(pct(m("abandonment_fraction")), 1),
                     cell(pct(m("turned_away_fraction")), 1)));
  }
  line("");
  line(
      fmt::format("system: arrivals/day {}, relapses/day {}, lost to care/day {}, "
                  "days to first admission {}",
                  cell(summary.system_metric("arrivals_per_day"), 2),
                  cell(summary.system_metric("relapses_per_day"), 2),
                  cell(summary.system_metric("lost_to_care_per_day"), 2),
                  cell(summary.system_metric("mean_days_to_first_admission"), 1)));
  return out;
}

void write_file_atomic(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path tmp = path;
  tmp += fmt::format(".tmp-{}", static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write", tmp.string()));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw std::runtime_error(fmt::format("{}: write failed", tmp.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error(
        fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
}

void write_outputs(const std::filesystem::path& dir,
                   const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw std::runtime_error(
        fmt::format("{}: cannot create directory: {}", dir.string(), ec.message()));
  for (const auto& [name, content] : files)
    write_file_atomic(dir / name, content);
}

}  // namespace continuum
