// The sizing result as JSON and as a table: the curve of candidates, then the recommendation.
#include "continuum/output/sizing_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>

#include "continuum/output/bounds.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/summary_json.hpp"

namespace continuum {

namespace {
using Json = nlohmann::ordered_json;

constexpr int kTargetPrecision =
    2;  // decimals of a target's estimate without an interval (not a percentage)

// Whether the candidates have the whole scenario's costs (the scenario has costs).
bool has_cost_columns(const SizingResult& r) {
  return !r.curve.empty() && r.curve.front().costs.has_value();
}

// Whether the candidates have the scenario's revenue and net cost (the scenario has revenue).
bool has_revenue_columns(const SizingResult& r) {
  return !r.curve.empty() && r.curve.front().revenue.has_value();
}

// {role: FTE} of one level.
Json fte_json(const std::vector<std::pair<std::string, double>>& staff) {
  Json fte = Json::object();
  for (const auto& [role, f] : staff)
    fte[role] = f;
  return fte;
}

// abandonment_fraction and turned_away_fraction per sized level, lost_to_care_per_day.
void losses_json(Json& j, const SizingResult& r, const Losses& losses) {
  Json abandonment = Json::object(), turned_away = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k) {
    abandonment[r.levels[k]] = estimate_json(clipped(losses.abandonment[k], kShare));
    turned_away[r.levels[k]] = estimate_json(clipped(losses.turned_away[k], kShare));
  }
  j["abandonment_fraction"] = abandonment;
  j["turned_away_fraction"] = turned_away;
  j["lost_to_care_per_day"] = estimate_json(clipped(losses.lost_to_care, kNonnegative));
}

std::string fraction_text(const Estimate& e) {
  return metric_cell(Estimate{.mean = e.mean, .n = e.n},
                     metric_info(LevelMetric::kAbandonmentFraction));
}
std::string per_day_text(const Estimate& e) {
  return fixed(e.mean, 2) + "/day";
}

// "abandonment at iop 32.5% vs 9.5%, lost to care 0.68/day vs 0.44/day": what the guard found
// clearly worse than the scenario as written; empty when nothing.
std::string losses_text(const SizingResult& r, const SizingCandidate& c) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    if (c.more_abandonment[k])
      parts.push_back(fmt::format(
          "abandonment{} {} vs {}", r.levels.size() > 1 ? " at " + r.levels[k] : "",
          fraction_text(c.losses.abandonment[k]), fraction_text(r.as_written.abandonment[k])));
  if (c.more_lost_to_care)
    parts.push_back(fmt::format("lost to care {} vs {}", per_day_text(c.losses.lost_to_care),
                                per_day_text(r.as_written.lost_to_care)));
  return join(parts, ", ");
}

// Why a candidate does not meet: "loses patients: abandonment 32.5% vs 9.5%" (the guard) or
// "iop.p90_wait_days<=14 not met"; with the guard lifted, a candidate that meets but loses
// patients says "loses patients (allowed): ...". Empty otherwise.
std::string why_not(const SizingResult& r, const SizingCandidate& c) {
  std::vector<std::string> parts;
  for (std::size_t t = 0; t < r.targets.size(); ++t)
    if (!c.target_met[t]) parts.push_back(r.targets[t].text + " not met");
  if (c.loses_patients())
    parts.push_back(fmt::format("loses patients{}: {}", r.allow_more_loss ? " (allowed)" : "",
                                losses_text(r, c)));
  return join(parts, "; ");
}

// Why nothing met: "no capacity tried (iop up to 60) meets the targets with 95% confidence",
// and when a limit is below the capacity as written, that the capacity as written was not tried
// ("; the limit is below the capacity as written (iop 84): raise --max-capacity to try it").
std::string not_met_text(const SizingResult& r) {
  const auto levels = std::views::iota(std::size_t{0}, r.levels.size());
  std::string out =
      fmt::format("no capacity tried ({}) meets the targets {}",
                  join(levels, ", ",
                       [&r](std::size_t k) {
                         return fmt::format("{} up to {}", r.levels[k], r.max_capacity[k]);
                       }),
                  r.replications == 1 ? "in its one replication (no confidence interval)"
                                      : "with 95% confidence");
  std::vector<std::string> below;
  for (std::size_t k : levels)
    if (r.max_capacity[k] < r.current_capacity[k])
      below.push_back(fmt::format("{} {}", r.levels[k], r.current_capacity[k]));
  if (!below.empty())
    out += fmt::format(
        "; the limit is below the capacity as written ({}): raise --max-capacity to try {}",
        join(below, ", "), below.size() == 1 ? "it" : "them");
  return out;
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
  j["staff_notes"] = c.staff_notes;
  Json targets = Json::array();
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const MetricInfo& info =
        std::visit([](auto m) -> const MetricInfo& { return metric_info(m); }, r.targets[t].metric);
    Json v = estimate_json(clipped(c.values[t], info));
    targets.push_back({{"target", r.targets[t].text},
                       {"mean", v["mean"]},
                       {"ci95", v["ci95"]},
                       {"met", static_cast<bool>(c.target_met[t])}});
  }
  j["targets"] = targets;
  Json waitlist = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    waitlist[r.levels[k]] = estimate_json(clipped(c.mean_waitlist[k], kNonnegative));
  j["mean_waitlist"] = waitlist;
  losses_json(j, r, c.losses);
  Json change = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    change[r.levels[k]] = estimate_json(c.abandonment_change[k]);
  j["abandonment_change"] = change;
  j["lost_to_care_change"] = estimate_json(c.lost_to_care_change);
  j["loses_patients"] = c.loses_patients();
  j["targets_met"] = c.targets_met;
  j["met"] = c.met;
  const std::string why = why_not(r, c);
  j["why_not"] = why.empty() ? Json(nullptr) : Json(why);
  j["annual_cost"] = estimate_json(clipped(c.annual_cost, kNonnegative));
  if (c.costs)
    for (CostKind kind : kCostKinds)
      j[cost_name(kind)] = estimate_json(clipped(c.costs->of(kind), kNonnegative));
  if (c.revenue)
    for (RevenueKind kind : kRevenueKinds)
      j[revenue_name(kind)] = estimate_json(clipped(c.revenue->of(kind), revenue_bounds(kind)));
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
  j["staff_notes"] = r.recommendation ? r.recommendation->staff_notes : std::vector<std::string>{};
  j["met"] = r.met;
  j["why_not_met"] = r.recommendation ? Json(nullptr) : Json(not_met_text(r));
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
  if (has_cost_columns(r) || has_revenue_columns(r)) j["currency"] = r.currency;
  j["allow_more_loss"] = r.allow_more_loss;
  j["loss_floor"] = {{"abandonment_fraction", kLossFloor},
                     {"lost_to_care_per_day", r.lost_to_care_floor}};
  Json as_written = Json::object();
  Json capacity = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    capacity[r.levels[k]] = r.current_capacity[k];
  as_written["capacity"] = capacity;
  Json effective = Json::object();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    effective[r.levels[k]] = r.effective_capacity[k];
  as_written["effective_capacity"] = effective;
  losses_json(as_written, r, r.as_written);
  j["as_written"] = as_written;
  Json ignored = Json::array();
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    if (r.has_staff_on_hand[k]) ignored.push_back(r.levels[k]);
  j["staff_on_hand_ignored"] = ignored;
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
  for (const auto& l : r.levels)
    header += fmt::format(" {:>14} {:>14}", r.levels.size() > 1 ? "abandoned " + l : "abandoned",
                          r.levels.size() > 1 ? "turned away " + l : "turned away");
  header += fmt::format(" {:>16}", "lost to care/day");
  header += fmt::format(" {:>4} {:>26}", "met", "annual cost (sized)");
  if (has_cost_columns(r))
    header += fmt::format(" {:>26} {:>26}", "staff cost/year", "total cost/year");
  if (has_revenue_columns(r))
    header += fmt::format(" {:>26} {:>26}", "revenue/year", "net cost/year");
  header += "  why not";
  return header;
}

// The shared style of each estimate column over the candidates (shared_style, format.hpp): a
// target's, and per sized level its mean waitlist, abandonment and turned away; lost to care.
struct ColumnStyles {
  std::vector<Style> targets, waitlist, abandoned, turned_away;
  Style lost_to_care;
};

// A column's estimates on the scale shown (a fraction times 100) and their style.
// `precision`: the metric's (metric.hpp), or kTargetPrecision for a target not a percentage.
template <class Of>
Style column_style(const SizingResult& r, const MetricInfo& info, int precision, Of of) {
  std::vector<Estimate> column;
  for (const auto& c : r.curve)
    column.push_back(as_shown(of(c), info));
  return shared_style(column, precision);
}

ColumnStyles column_styles(const SizingResult& r) {
  ColumnStyles s;
  for (std::size_t t = 0; t < r.targets.size(); ++t)
    s.targets.push_back(column_style(r, metric_info(r.targets[t].metric),
                                     metric_info(r.targets[t].metric).table_percent
                                         ? metric_info(r.targets[t].metric).precision
                                         : kTargetPrecision,
                                     [t](const SizingCandidate& c) { return c.values[t]; }));
  for (std::size_t k = 0; k < r.levels.size(); ++k) {
    s.waitlist.push_back(
        column_style(r, metric_info(LevelMetric::kMeanWaitlist),
                     metric_info(LevelMetric::kMeanWaitlist).precision,
                     [k](const SizingCandidate& c) { return c.mean_waitlist[k]; }));
    s.abandoned.push_back(
        column_style(r, metric_info(LevelMetric::kAbandonmentFraction),
                     metric_info(LevelMetric::kAbandonmentFraction).precision,
                     [k](const SizingCandidate& c) { return c.losses.abandonment[k]; }));
    s.turned_away.push_back(
        column_style(r, metric_info(LevelMetric::kTurnedAwayFraction),
                     metric_info(LevelMetric::kTurnedAwayFraction).precision,
                     [k](const SizingCandidate& c) { return c.losses.turned_away[k]; }));
  }
  s.lost_to_care = column_style(r, metric_info(SystemMetric::kLostToCarePerDay),
                                metric_info(SystemMetric::kLostToCarePerDay).precision,
                                [](const SizingCandidate& c) { return c.losses.lost_to_care; });
  return s;
}

std::string table_row(const SizingResult& r, const SizingCandidate& c, std::size_t staff_width,
                      const ColumnStyles& styles) {
  std::string row;
  for (int cap : c.capacities)
    row += fmt::format("{:>12}", cap);
  row += fmt::format(" {:>{}}", staff_text(r, c), staff_width);
  for (std::size_t t = 0; t < c.values.size(); ++t)
    row += fmt::format(
        " {:>{}}",
        styled_metric_cell(c.values[t], metric_info(r.targets[t].metric), styles.targets[t]),
        target_width(r.targets[t]));
  for (std::size_t k = 0; k < c.mean_waitlist.size(); ++k)
    row += fmt::format(
        " {:>16}", styled_metric_cell(c.mean_waitlist[k], metric_info(LevelMetric::kMeanWaitlist),
                                      styles.waitlist[k]));
  for (std::size_t k = 0; k < c.capacities.size(); ++k)
    row += fmt::format(
        " {:>14} {:>14}",
        styled_metric_cell(c.losses.abandonment[k], metric_info(LevelMetric::kAbandonmentFraction),
                           styles.abandoned[k]),
        styled_metric_cell(c.losses.turned_away[k], metric_info(LevelMetric::kTurnedAwayFraction),
                           styles.turned_away[k]));
  row += fmt::format(" {:>16}", styled_metric_cell(c.losses.lost_to_care,
                                                   metric_info(SystemMetric::kLostToCarePerDay),
                                                   styles.lost_to_care));
  row += fmt::format(" {:>4} {:>26}", c.met ? "yes" : "no", money_cell(c.annual_cost, r.currency));
  if (c.costs)
    row += fmt::format(" {:>26} {:>26}", money_cell(c.costs->staff, r.currency),
                       money_cell(c.costs->total, r.currency));
  if (c.revenue)
    row += fmt::format(" {:>26} {:>26}", money_cell(c.revenue->total, r.currency),
                       money_cell(c.revenue->net_cost, r.currency));
  const std::string why = why_not(r, c);
  if (!why.empty()) row += "  " + why;
  return row;
}

// "smallest that meets the targets: iop capacity 12 (3.0 FTE counselor); annual cost ...", or
// the limits tried when none does.
std::string conclusion(const SizingResult& r) {
  const auto levels = std::views::iota(std::size_t{0}, r.levels.size());
  if (!r.recommendation) return "NOT MET: " + not_met_text(r);
  const SizingCandidate& rec = *r.recommendation;
  auto level_text = [&](std::size_t k) {
    const std::string staff = join(rec.staff_fte[k], ", ", [](const auto& role_fte) {
      return fmt::format("{:.1f} FTE {}", role_fte.second, role_fte.first);
    });
    return fmt::format("{} capacity {}{}", r.levels[k], rec.capacities[k],
                       staff.empty() ? "" : " (" + staff + ")");
  };
  std::string out =
      fmt::format("smallest that meets the targets: {}; annual cost {}",
                  join(levels, "; ", level_text), money_cell(rec.annual_cost, r.currency));
  // Its losses and costs beside it, against the scenario as written: never better than it is.
  auto loss_text = [&](std::size_t k) {
    return fmt::format(
        "{}abandoned {} (as written {}), turned away {} (as written {})",
        r.levels.size() > 1 ? r.levels[k] + " " : "", fraction_text(rec.losses.abandonment[k]),
        fraction_text(r.as_written.abandonment[k]), fraction_text(rec.losses.turned_away[k]),
        fraction_text(r.as_written.turned_away[k]));
  };
  out += fmt::format("\nat that size: {}; lost to care {} (as written {})",
                     join(levels, "; ", loss_text), per_day_text(rec.losses.lost_to_care),
                     per_day_text(r.as_written.lost_to_care));
  if (rec.costs)
    out += fmt::format("; total cost/year {}", money_cell(rec.costs->total, r.currency));
  if (rec.revenue)
    out += fmt::format("; net cost/year {}", money_cell(rec.revenue->net_cost, r.currency));
  if (rec.loses_patients())
    out += fmt::format(
        "\nWARNING: this size loses patients the scenario as written keeps ({}); it is "
        "recommended only because --allow-more-loss lifted the loss guard",
        losses_text(r, rec));
  return out;
}

// The loss guard, as the header states it.
std::string guard_text(const SizingResult& r) {
  if (r.allow_more_loss)
    return "loss guard lifted (--allow-more-loss): a candidate may meet the targets while "
           "losing more patients than the scenario as written; see abandoned, turned away and "
           "lost to care";
  return fmt::format(
      "loss guard: a candidate that loses patients does not meet the targets (abandonment at a "
      "sized level, or lost to care per day, clearly worse than the scenario as written: {} "
      "and a difference over {:g}% of referrals: {:g} percentage points of abandonment, {:.3f} "
      "lost to care per day; --allow-more-loss lifts it)",
      r.replications == 1 ? "paired difference above zero in the one replication"
                          : "paired 95% interval above zero",
      100 * kLossFloor, 100 * kLossFloor, r.lost_to_care_floor);
}

// "as written: iop capacity 84, abandoned 9.5 ±0.3%, turned away 0; lost to care 0.44 ±0.01 per
// day".
std::string as_written_text(const SizingResult& r) {
  const auto levels = std::views::iota(std::size_t{0}, r.levels.size());
  return fmt::format(
      "as written: {}; lost to care {} per day",
      join(levels, "; ",
           [&r](std::size_t k) {
             const std::string effective =
                 r.effective_capacity[k] < r.current_capacity[k]
                     ? fmt::format(" (staff on hand admit {}: {} binds)", r.effective_capacity[k],
                                   r.binding_role[k])
                     : "";
             return fmt::format("{} capacity {}{}, abandoned {}, turned away {}", r.levels[k],
                                r.current_capacity[k], effective,
                                lone_metric_cell(r.as_written.abandonment[k],
                                                 metric_info(LevelMetric::kAbandonmentFraction)),
                                lone_metric_cell(r.as_written.turned_away[k],
                                                 metric_info(LevelMetric::kTurnedAwayFraction)));
           }),
      lone_metric_cell(r.as_written.lost_to_care, metric_info(SystemMetric::kLostToCarePerDay)));
}

// "candidates: staff follows capacity (staff_on_hand of iop ignored): ..." when a sized level
// has staff on hand; empty otherwise.
std::string candidates_staff_text(const SizingResult& r) {
  std::vector<std::string> levels;
  for (std::size_t k = 0; k < r.levels.size(); ++k)
    if (r.has_staff_on_hand[k]) levels.push_back(r.levels[k]);
  if (levels.empty()) return "";
  return fmt::format(
      "candidates: staff follows capacity (staff_on_hand of {} ignored): each candidate has the "
      "staff FTE at full census shown and admits up to its capacity\n",
      join(levels, ", "));
}

// "candidates: none below res capacity 8 (...)" when a sized level starts with patients in care
// (or slots reserved for classes): the search tries no capacity below them
// (SizingResult::min_capacity); empty otherwise.
std::string candidates_floor_text(const SizingResult& r) {
  std::vector<std::string> levels;
  for (std::size_t k = 0; k < r.levels.size() && k < r.min_capacity.size(); ++k)
    if (r.min_capacity[k] > 1)
      levels.push_back(fmt::format("{} capacity {}", r.levels[k], r.min_capacity[k]));
  if (levels.empty()) return "";
  return fmt::format(
      "candidates: none below {} (a level starts with no fewer slots than its patients found "
      "in care, initial_state.in_care, or its slots reserved for classes)\n",
      join(levels, ", "));
}

// "staff FTE at full census approximates: ..." under the answer: the recommendation's notes,
// or with none the last candidate tried's (the largest), named; empty when there are none.
std::string staff_notes_text(const SizingResult& r) {
  if (r.recommendation) {
    if (r.recommendation->staff_notes.empty()) return "";
    return "staff FTE at full census approximates: " + join(r.recommendation->staff_notes, "; ") +
           '\n';
  }
  if (r.curve.empty() || r.curve.back().staff_notes.empty()) return "";
  const SizingCandidate& last = r.curve.back();
  const auto levels = std::views::iota(std::size_t{0}, r.levels.size());
  return fmt::format("staff FTE at full census approximates (at {}, the last tried): {}\n",
                     join(levels, ", ",
                          [&](std::size_t k) {
                            return fmt::format("{} capacity {}", r.levels[k], last.capacities[k]);
                          }),
                     join(last.staff_notes, "; "));
}

// How many candidates met the targets but lost patients (the guard on).
int blocked_by_guard(const SizingResult& r) {
  if (r.allow_more_loss) return 0;
  return static_cast<int>(std::count_if(r.curve.begin(), r.curve.end(), [](const auto& c) {
    return c.targets_met && c.loses_patients();
  }));
}
}  // namespace

std::string sizing_table(const SizingResult& r) {
  const std::string targets = join(r.targets, ", ", [](const SizingTarget& t) { return t.text; });
  // One replication has no interval: a target is then decided on its one value, and said so.
  std::string out = fmt::format(
      "sizing {} for {} ({}, seed {}, common random numbers; {})\n", join(r.levels, ", "), targets,
      count_of(static_cast<std::size_t>(r.replications), "replication"), r.seed,
      r.replications == 1 ? "one replication has no confidence interval: a target is met when "
                            "its one value is"
                          : "a target is met when its 95% bound is");
  out += guard_text(r) + '\n' + as_written_text(r) + '\n' + candidates_staff_text(r) +
         candidates_floor_text(r) + '\n';
  std::size_t staff_width = 24;
  for (const auto& c : r.curve)
    staff_width = std::max(staff_width, staff_text(r, c).size());
  out += table_header(r, staff_width) + '\n';
  const ColumnStyles styles = column_styles(r);
  for (const auto& c : r.curve)
    out += table_row(r, c, staff_width, styles) + '\n';
  out += '\n' + conclusion(r) + '\n';
  out += staff_notes_text(r);
  if (const int blocked = blocked_by_guard(r); blocked > 0)
    out += fmt::format(
        "{} candidate{} met the targets but lose{} patients (the loss guard); "
        "--allow-more-loss would accept {}\n",
        blocked, blocked == 1 ? "" : "s", blocked == 1 ? "s" : "", blocked == 1 ? "it" : "them");
  out +=
      fmt::format("{} simulated\n", count_of(static_cast<std::size_t>(r.evaluations), "candidate"));
  return out;
}

std::string sizing_why_not(const SizingResult& result, const SizingCandidate& candidate) {
  return why_not(result, candidate);
}

std::string sizing_not_met_text(const SizingResult& result) {
  return not_met_text(result);
}

}  // namespace continuum
