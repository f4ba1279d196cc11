// The sizing result as JSON and as a table: the curve of candidates, then the recommendation.
#include "continuum/output/sizing_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>

#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {

namespace {
using Json = nlohmann::ordered_json;

constexpr int kTargetPrecision = 2;  // decimals of a target's estimate, whatever the metric

// Whether the candidates have the whole scenario's costs (the scenario has costs).
bool has_cost_columns(const SizingResult& r) {
  return !r.curve.empty() && r.curve.front().costs.has_value();
}

// {role: FTE} of one level.
Json fte_json(const std::vector<std::pair<std::string, double>>& staff) {
  Json fte = Json::object();
  for (const auto& [role, f] : staff)
    fte[role] = f;
  return fte;
}

Json candidate_json(const SizingResult& r, const SizingCandidate& c) {
  Json j;
  Json caps = Json::object(), staff = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k) {
    caps[r.levels[k]] = c.capacities[k];
    staff[r.levels[k]] = fte_json(c.staff_fte[k]);
  }
  j["capacity"] = caps;
  j["staff_fte"] = staff;
  Json targets = Json::array();
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    Json v = estimate_json(c.values[t]);
    targets.push_back({{"target", r.targets[t].text},
                       {"mean", v["mean"]},
                       {"ci95", v["ci95"]},
                       {"met", static_cast<bool>(c.target_met[t])}});
  }
  j["targets"] = targets;
  Json waitlist = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    waitlist[r.levels[k]] = estimate_json(c.mean_waitlist[k]);
  j["mean_waitlist"] = waitlist;
  j["met"] = c.met;
  j["annual_cost"] = estimate_json(c.annual_cost);
  if (c.costs)
    for (CostKind kind : kCostKinds)
      j[cost_name(kind)] = estimate_json(c.costs->of(kind));
  return j;
}

Json recommendation_json(const SizingResult& r) {
  if (!r.recommendation) return nullptr;
  Json rec = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    rec[r.levels[k]] = {{"capacity", r.recommendation->capacities[k]},
                        {"staff_fte", fte_json(r.recommendation->staff_fte[k])}};
  return rec;
}
}  // namespace

Json sizing_json(const SizingResult& r) {
  Json j;
  j["recommendation"] = recommendation_json(r);
  j["met"] = r.met;
  Json targets = Json::array();
  for (const auto& t : r.targets)
    targets.push_back(t.text);
  j["targets"] = targets;
  Json limits = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    limits[r.levels[k]] = r.max_capacity[k];
  j["max_capacity"] = limits;
  j["replications"] = r.replications;
  j["seed"] = r.seed;
  j["evaluations"] = r.evaluations;
  if (has_cost_columns(r)) j["currency"] = r.currency;
  Json curve = Json::array();
  for (const auto& c : r.curve)
    curve.push_back(candidate_json(r, c));
  j["curve"] = curve;
  return j;
}

namespace {
// Staff column: "counselor 3.5 case_manager 2.4", prefixed by the level when several.
std::string staff_text(const SizingResult& r, const SizingCandidate& c) {
  std::string staff;
  for (std::size_t k = 0; k < c.staff_fte.size(); ++k) {
    if (r.levels.size() > 1) staff += fmt::format("{}{}:", staff.empty() ? "" : "; ", r.levels[k]);
    for (const auto& [role, f] : c.staff_fte[k])
      staff += fmt::format("{}{} {:.1f}", staff.empty() ? "" : " ", role, f);
  }
  return staff;
}

std::size_t target_width(const SizingTarget& t) {
  return std::max<std::size_t>(24, t.text.size());
}

std::string table_header(const SizingResult& r, std::size_t staff_width) {
  std::string header;
  for (const auto& l : r.levels)
    header += fmt::format("{:>12}", l);
  header += fmt::format(" {:>{}}", "staff FTE at full census", staff_width);
  for (const auto& t : r.targets)
    header += fmt::format(" {:>24}", t.text);
  for (const auto& l : r.levels)
    header += fmt::format(" {:>16}", r.levels.size() > 1 ? "waitlist " + l : "mean waitlist");
  header += fmt::format(" {:>4} {:>26}", "met", "annual cost (sized)");
  if (has_cost_columns(r))
    header += fmt::format(" {:>26} {:>26}", "staff cost/year", "total cost/year");
  return header;
}

std::string table_row(const SizingResult& r, const SizingCandidate& c, std::size_t staff_width) {
  std::string row;
  for (int cap : c.capacities)
    row += fmt::format("{:>12}", cap);
  row += fmt::format(" {:>{}}", staff_text(r, c), staff_width);
  for (std::size_t t = 0; t < c.values.size(); ++t)
    row += fmt::format(" {:>{}}", cell(c.values[t], kTargetPrecision), target_width(r.targets[t]));
  for (const auto& w : c.mean_waitlist)
    row += fmt::format(" {:>16}", metric_cell(w, metric_info(LevelMetric::kMeanWaitlist)));
  row += fmt::format(" {:>4} {:>26}", c.met ? "yes" : "no", money_cell(c.annual_cost, r.currency));
  if (c.costs)
    row += fmt::format(" {:>26} {:>26}", money_cell(c.costs->staff, r.currency),
                       money_cell(c.costs->total, r.currency));
  return row;
}

// "smallest that meets the targets: iop capacity 12 (3.0 FTE counselor); annual cost ...", or
// the limits tried when none does.
std::string conclusion(const SizingResult& r) {
  const auto levels = std::views::iota(std::size_t{0}, r.levels.size());
  if (!r.recommendation)
    return fmt::format("NOT MET: no capacity tried ({}) meets the targets with 95% confidence",
                       join(levels, ", ", [&r](std::size_t k) {
                         return fmt::format("{} up to {}", r.levels[k], r.max_capacity[k]);
                       }));
  const SizingCandidate& rec = *r.recommendation;
  auto level_text = [&](std::size_t k) {
    const std::string staff = join(rec.staff_fte[k], ", ", [](const auto& role_fte) {
      return fmt::format("{:.1f} FTE {}", role_fte.second, role_fte.first);
    });
    return fmt::format("{} capacity {}{}", r.levels[k], rec.capacities[k],
                       staff.empty() ? "" : " (" + staff + ")");
  };
  return fmt::format("smallest that meets the targets: {}; annual cost {}",
                     join(levels, "; ", level_text), money_cell(rec.annual_cost, r.currency));
}
}  // namespace

std::string sizing_table(const SizingResult& r) {
  const std::string targets = join(r.targets, ", ", [](const SizingTarget& t) { return t.text; });
  std::string out = fmt::format(
      "sizing {} for {} ({} replications, seed {}, common random numbers; a target is met when "
      "its 95% bound is)\n\n",
      join(r.levels, ", "), targets, r.replications, r.seed);
  std::size_t staff_width = 24;
  for (const auto& c : r.curve)
    staff_width = std::max(staff_width, staff_text(r, c).size());
  out += table_header(r, staff_width) + '\n';
  for (const auto& c : r.curve)
    out += table_row(r, c, staff_width) + '\n';
  out += '\n' + conclusion(r) + '\n';
  out += fmt::format("{} candidates simulated\n", r.evaluations);
  return out;
}

}  // namespace continuum
