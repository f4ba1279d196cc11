// Reading the referral streams: a rate (Poisson), a schedule of rates or an interarrival
// distribution, the entry routing, a start day, and for Poisson streams growth and monthly
// factors.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "continuum/model/setting_path.hpp"
#include "safe_text.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// Which of rate_per_day, rate_per_week and rate_per_year `node` gives (null: none); a second one
// is an error.
const RateKey* given_rate_key(Reader& r, const YAML::Node& node, const std::string& path) {
  const RateKey* found = nullptr;
  for (const RateKey& k : kRateKeys) {
    const YAML::Node n = node[std::string(k.key)];
    if (!n) continue;
    if (found)
      r.error(n, fmt::format("{}: give one of rate_per_day, rate_per_week and rate_per_year (got "
                             "{} and {})",
                             path, found->key, k.key));
    else
      found = &k;
  }
  return found;
}

// The rate `key` gives, per day (exactly: divided by 7 or kDaysPerYear), checked against
// `bound` (per day) in the key's own unit; nullopt (reported) when invalid.
std::optional<double> rate_value(Reader& r, const YAML::Node& node, const RateKey& key,
                                 const std::string& path, Bound bound) {
  bound.field = key.key;
  bound.min *= key.days;
  bound.max *= key.days;
  const YAML::Node n = node[std::string(key.key)];
  const std::string npath = sub(path, std::string(key.key));
  const auto v = r.number_in(n, npath, bound);
  if (!v) return std::nullopt;
  if (std::string problem = rate_gap_problem(*v / key.days, *v); !problem.empty()) {
    r.error(n, fmt::format("{}: {}", npath, problem));
    return std::nullopt;
  }
  return *v / key.days;
}

// One piece {from_day, to_day, rate_per_day} of a schedule; nullopt (reported) when invalid.
std::optional<RatePiece> read_piece(Reader& r, const YAML::Node& p, const std::string& ppath) {
  if (!r.expect_map(p, ppath)) return std::nullopt;
  r.check_keys(p, ppath, {"from_day", "to_day", "rate_per_day", "rate_per_week", "rate_per_year"});
  const YAML::Node from = r.child(p, ppath, "from_day", true);
  const YAML::Node to = r.child(p, ppath, "to_day", true);
  const RateKey* key = given_rate_key(r, p, ppath);
  if (!key) r.child(p, ppath, "rate_per_day", true);  // reports it missing
  if (!from || !to || !key) return std::nullopt;
  const auto f = r.number_in(from, sub(ppath, "from_day"), bounds::kScheduleDay);
  const auto t = r.number_in(to, sub(ppath, "to_day"), bounds::kScheduleDay);
  const auto v = rate_value(r, p, *key, ppath, bounds::kScheduleRate);
  if (!f || !t || !v) return std::nullopt;
  if (*t <= *f) {
    r.error(to, fmt::format("{}: must be after from_day ({:g}) (got {:g})", sub(ppath, "to_day"),
                            *f, *t));
    return std::nullopt;
  }
  return RatePiece{*f, *t, *v, r.pos_of(p)};
}

// schedule: pieces in order of day, each starting where the previous one ends, from the start
// of warm-up (day -warmup_days or earlier) to the horizon (or later). The stream's
// rate_per_day becomes the schedule's mean over the window [0, horizon).
void read_schedule(Reader& r, const YAML::Node& n, const std::string& path, const Scenario& s,
                   ArrivalSpec& spec) {
  if (!n.IsSequence() || n.size() == 0) {
    r.error(n, fmt::format("{}: expected a non-empty list of {{from_day, to_day, rate_per_day}}",
                           path));
    return;
  }
  const std::size_t errors = r.error_count();
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string ppath = fmt::format("{}[{}]", path, i);
    const auto piece = read_piece(r, n[i], ppath);
    if (!piece) continue;
    if (!spec.schedule.empty()) {
      const double end = spec.schedule.back().to_day;
      if (piece->from_day > end)
        r.error(n[i]["from_day"],
                fmt::format("{}: a gap: the previous piece ends on day {:g}, this one starts on "
                            "day {:g}",
                            sub(ppath, "from_day"), end, piece->from_day));
      else if (piece->from_day < end)
        r.error(n[i]["from_day"],
                fmt::format("{}: overlaps the previous piece, which ends on day {:g} (pieces go "
                            "in order of day, each starting where the previous one ends)",
                            sub(ppath, "from_day"), end));
    }
    spec.schedule.push_back(*piece);
  }
  if (r.error_count() != errors || spec.schedule.empty()) return;
  const RatePiece &first = spec.schedule.front(), &last = spec.schedule.back();
  if (first.from_day > -s.warmup_days)
    r.error(n[0]["from_day"],
            fmt::format("{}[0].from_day: the schedule starts on day {:g}, after the start of "
                        "warm-up (day {:g}); it must cover warm-up and horizon",
                        path, first.from_day, -s.warmup_days));
  if (s.horizon_days > 0 && last.to_day < s.horizon_days)
    r.error(n[n.size() - 1]["to_day"],
            fmt::format("{}[{}].to_day: the schedule ends on day {:g}, before the horizon (day "
                        "{:g}); it must cover warm-up and horizon",
                        path, n.size() - 1, last.to_day, s.horizon_days));
  if (s.horizon_days <= 0) return;
  double referrals = 0;  // expected over the window
  for (const RatePiece& piece : spec.schedule)
    referrals += piece.rate_per_day * std::max(0.0, std::min(piece.to_day, s.horizon_days) -
                                                        std::max(piece.from_day, 0.0));
  spec.rate_per_day = referrals / s.horizon_days;
  if (std::string problem = rate_gap_problem(spec.rate_per_day, spec.rate_per_day);
      !problem.empty()) {
    r.error(n, fmt::format("{}: its mean rate over the window: {}", path, problem));
    return;
  }
  if (spec.rate_per_day > 0) spec.interarrival = Exponential{1 / spec.rate_per_day};
}

// rate_per_day (Poisson referrals), schedule (piecewise-constant Poisson rates) or interarrival
// (any distribution of the gap): exactly one.
void read_rate(Reader& r, const YAML::Node& a, const std::string& apath, const Scenario& s,
               ArrivalSpec& spec) {
  const RateKey* rate = given_rate_key(r, a, apath);
  YAML::Node gap = a["interarrival"], schedule = a["schedule"];
  if (schedule && (rate || gap)) {
    r.error(schedule, fmt::format("{}: give either '{}' or 'schedule', not both", apath,
                                  rate ? rate->key : "interarrival"));
  } else if (schedule) {
    read_schedule(r, schedule, sub(apath, "schedule"), s, spec);
  } else if (rate && gap) {
    r.error(gap, fmt::format("{}: give either '{}' or 'interarrival', not both", apath, rate->key));
  } else if (rate) {
    spec.rate_per_day = rate_value(r, a, *rate, apath, bounds::kRatePerDay).value_or(1);
    spec.interarrival = Exponential{1 / spec.rate_per_day};
  } else if (gap) {
    if (auto d = read_distribution(r, gap, sub(apath, "interarrival"))) {
      spec.interarrival = *d;
      spec.poisson = false;
      spec.rate_per_day = 1 / mean_of(*d);
      if (spec.rate_per_day > bounds::kRatePerDay.max)
        r.error(gap, fmt::format("{}: more than {:g} referrals a day", sub(apath, "interarrival"),
                                 bounds::kRatePerDay.max));
    }
  } else {
    r.missing(a, {"rate_per_day", "interarrival"},
              fmt::format("{}: missing required key 'rate_per_day' (or 'interarrival')", apath));
  }
}

// monthly_factors: 12 factors, January first, at least one positive.
void read_monthly_factors(Reader& r, const YAML::Node& m, const std::string& mpath,
                          ArrivalSpec& spec) {
  if (!m.IsSequence() || m.size() != 12) {
    r.error(m, fmt::format("{}: expected a list of 12 factors, January first", mpath));
    return;
  }
  double total = 0;
  for (std::size_t k = 0; k < 12; ++k) {
    spec.monthly_factors.push_back(
        r.number_in(m[k], fmt::format("{}[{}]", mpath, k), bounds::kMonthlyFactor).value_or(1));
    total += spec.monthly_factors.back();
  }
  if (total <= 0) r.error(m, fmt::format("{}: at least one factor must be positive", mpath));
}

// start_day, growth_per_year and monthly_factors (the last two for Poisson streams only).
void read_timing(Reader& r, const YAML::Node& a, const std::string& apath, ArrivalSpec& spec) {
  const bool gap = static_cast<bool>(a["interarrival"]);
  const bool schedule = static_cast<bool>(a["schedule"]);
  if (YAML::Node d = a["start_day"])
    spec.start_day = r.number_in(d, sub(apath, "start_day"), bounds::kStartDay).value_or(0);
  if (YAML::Node g = a["growth_per_year"]) {
    spec.growth_per_year =
        r.number_in(g, sub(apath, "growth_per_year"), bounds::kGrowthPerYear).value_or(0);
    if (gap)
      r.error(g, fmt::format("{}: needs 'rate_per_day' (Poisson referrals)",
                             sub(apath, "growth_per_year")));
    else if (schedule)
      r.error(g, fmt::format("{}: not with 'schedule' (give each piece its rate)",
                             sub(apath, "growth_per_year")));
  }
  if (YAML::Node m = a["monthly_factors"]) {
    const std::string mpath = sub(apath, "monthly_factors");
    read_monthly_factors(r, m, mpath, spec);
    if (gap)
      r.error(m, fmt::format("{}: needs 'rate_per_day' (Poisson referrals)", mpath));
    else if (schedule)
      r.error(m, fmt::format("{}: not with 'schedule' (give each piece its rate)", mpath));
  }
}

}  // namespace

std::optional<double> read_by_name(Reader& r, const YAML::Node& map, const std::string& path,
                                   const Bound& bound, const NameIndex& names, IndexOf index_of,
                                   std::vector<double>& out) {
  double sum = 0;
  bool numbers_ok = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const auto p = r.number_in(it->second, sub(path, it->first.Scalar()), bound);
    const int at = index_of(r, it->first, path, names);
    if (!p || at < 0) {
      numbers_ok = false;
      continue;
    }
    sum += *p;
    out[static_cast<std::size_t>(at)] = *p;
  }
  if (!numbers_ok) return std::nullopt;
  return sum;
}

void read_class_shares(Reader& r, const YAML::Node& shares, const std::string& spath,
                       const NameIndex& class_names, std::vector<double>& out) {
  out.assign(class_names.size(), 0.0);
  if (!r.expect_map(shares, spath)) return;
  const std::optional<double> sum =
      read_by_name(r, shares, spath, bounds::kProbability, class_names, class_of, out);
  if (sum && std::abs(*sum - 1) > bounds::kProbabilitySumTolerance)
    r.error(shares, fmt::format("{}: shares sum to {:g}, not 1", spath, *sum));
}

namespace {

// classes: {CLASS: share} summing to 1 (required when the scenario has classes), and
// entry_by_class: {CLASS: {LEVEL: p}}; both dense per class index (shares missing are 0).
void read_stream_classes(Reader& r, const YAML::Node& a, const std::string& apath,
                         const NameIndex& level_names, const NameIndex& class_names,
                         ArrivalSpec& spec) {
  const YAML::Node shares = a["classes"], entries = a["entry_by_class"];
  const std::string spath = sub(apath, "classes"), epath = sub(apath, "entry_by_class");
  if (class_names.size() == 0) {
    if (shares) classes_defined(r, shares, spath, class_names);
    if (entries) classes_defined(r, entries, epath, class_names);
    return;
  }
  spec.class_shares.assign(class_names.size(), 0.0);
  spec.entry_by_class.assign(class_names.size(), std::nullopt);
  if (!shares)
    r.missing(a, {"classes"},
              fmt::format("{}: missing required key 'classes' (the scenario defines classes: "
                          "give each class's share of the referrals)",
                          apath));
  else
    read_class_shares(r, shares, spath, class_names, spec.class_shares);
  if (entries && r.expect_map(entries, epath)) {
    for (auto it = entries.begin(); it != entries.end(); ++it) {
      const int c = class_of(r, it->first, epath, class_names);
      auto routes = read_routes(r, it->second, sub(epath, it->first.Scalar()), level_names, false);
      if (c >= 0) spec.entry_by_class[static_cast<std::size_t>(c)] = std::move(routes);
    }
  }
}

ArrivalSpec read_arrival(Reader& r, const YAML::Node& a, const std::string& apath,
                         const Scenario& s, const NameIndex& level_names,
                         const NameIndex& class_names, std::set<std::string>& names) {
  r.check_keys(a, apath,
               {"name", "rate_per_day", "rate_per_week", "rate_per_year", "interarrival",
                "schedule", "entry", "start_day", "growth_per_year", "monthly_factors", "classes",
                "entry_by_class", "payers"});
  ArrivalSpec spec;
  spec.pos = r.pos_of(a);
  if (YAML::Node n = r.child(a, apath, "name", true))
    spec.name = r.text(n, sub(apath, "name")).value_or("");
  if (const std::string problem = dot_in_name_problem(spec.name); !problem.empty())
    r.error(a["name"], fmt::format("{}.name: {}", apath, problem));
  if (!spec.name.empty() && !names.insert(spec.name).second)
    r.error(a["name"],
            fmt::format("{}.name: arrival stream '{}' is defined twice", apath, spec.name));
  read_rate(r, a, apath, s, spec);
  if (YAML::Node e = r.child(a, apath, "entry", true))
    spec.entry = read_routes(r, e, sub(apath, "entry"), level_names, false);
  read_timing(r, a, apath, spec);
  read_stream_classes(r, a, apath, level_names, class_names, spec);
  read_stream_payers(r, a, apath, s, spec);
  return spec;
}

}  // namespace

std::vector<ArrivalSpec> read_arrivals(Reader& r, const YAML::Node& arrivals, const Scenario& s,
                                       const NameIndex& level_names, const NameIndex& class_names) {
  std::vector<ArrivalSpec> out;
  if (!arrivals.IsSequence() || arrivals.size() == 0) {
    r.error(arrivals, "arrivals: expected a non-empty list of referral streams");
    return out;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    const YAML::Node a = arrivals[i];
    const std::string apath = fmt::format("arrivals[{}]", i);
    if (r.expect_map(a, apath))
      out.push_back(read_arrival(r, a, apath, s, level_names, class_names, names));
  }
  return out;
}

}  // namespace continuum::config
