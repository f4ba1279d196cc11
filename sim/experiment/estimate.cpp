// The cost estimate: events from the traffic equations, patients alive from Little's law with
// each level's time in system bounded by the run, memory from the records each part keeps.
#include "continuum/experiment/estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "continuum/core/units.hpp"
#include "continuum/engine/event_calendar.hpp"
#include "continuum/engine/patient_pool.hpp"
#include "continuum/engine/waitlist.hpp"
#include "continuum/model/class_view.hpp"
#include "continuum/model/rate_law.hpp"
#include "continuum/model/setting_path.hpp"
#include "continuum/network/network.hpp"
#include "continuum/network/traffic.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

namespace {

// Per patient alive: its record, one pending event and one waitlist entry, doubled for the
// vectors' growth (a vector holds up to twice what it needs after reallocating).
constexpr double kBytesPerPatient =
    2.0 * (sizeof(Patient) + sizeof(Event) + sizeof(Waitlist::Entry));
// The most levels for which the traffic equations are solved (400^3 steps: a few ms).
constexpr std::size_t kDenseLevels = 400;
// The most work (phases x levels^3) the estimate spends on the phases' traffic equations.
constexpr double kPhaseWork = 1e9;
// What an engine and its result need whatever the load (buffers, the process itself).
constexpr double kBaseBytes = 16.0 * 1024 * 1024;
// The daily outputs, per level and day of the window, measured on 2,000 and 10,000 levels over
// 3,650 days (`/usr/bin/time -v continuum run`): the summary's bands, the daily.csv text composed
// in memory and the report's series take about 145 bytes at their peak, and composing and
// writing them about 1.4 microseconds, whatever the replications.
constexpr double kOutputBytesPerLevelDay = 150;
constexpr double kOutputSecondsPerLevelDay = 1.5e-6;

// External referrals per day, at the peak of growth over the run (seasonality ignored).
double external_per_day(const Scenario& s) {
  const double years = (s.warmup_days + s.horizon_days) / 365.0;
  double rate = 0;
  for (const ArrivalSpec& a : s.arrivals) {
    const double base = a.poisson ? a.rate_per_day : 1.0 / mean_of(a.interarrival);
    rate += base * std::pow(1.0 + std::max(0.0, a.growth_per_year), years);
  }
  return rate;
}

// The run cut into pieces (model time, 0 to warm-up + horizon) within which every stream's
// referral rate and every level's capacity is one number at most: the referrals per day of each
// stream (its schedule's piece, its rate or 1 / its mean gap, as `changes:` set them, times the
// month's factor and the growth at the piece's later end), and each level's capacity.
struct RunPieces {
  std::vector<double> length;               // days
  std::vector<std::vector<double>> rate;    // [stream][piece]
  std::vector<std::vector<double>> places;  // [level][piece]; empty: the level's own capacity
  // The scenario as the changes up to each piece leave its stays, routing, patience, waitlist
  // lengths and relapse (every setting but a capacity or a stream's rate): phase[piece] indexes
  // phase_changes, how many of s.changes (in day order) stand in that phase.
  std::vector<std::size_t> phase;
  std::vector<std::size_t> phase_changes{0};
};

// Whether a dated setting changes what the run's pieces do not follow by themselves (stays,
// routing, patience, waitlist lengths, relapse): the estimate then takes a new phase.
bool reshapes(const Setting& set) {
  return !set.numeric() && set.kind != Setting::Kind::kInterarrival;
}

RunPieces run_pieces(const Scenario& s) {
  const double warmup = s.warmup_days, run_days = s.warmup_days + s.horizon_days;
  std::vector<double> cuts{0.0, run_days};
  for (const ArrivalSpec& a : s.arrivals) {
    for (const RatePiece& piece : a.schedule) {
      cuts.push_back(warmup + piece.from_day);
      cuts.push_back(warmup + piece.to_day);
    }
    if (a.start_day) cuts.push_back(warmup + *a.start_day);
    if (a.poisson && a.schedule.empty() && (a.growth_per_year != 0 || !a.monthly_factors.empty())) {
      // Month by month (months of the window's year, as the engine's rate law counts them).
      const double first = std::floor(-warmup / kDaysPerMonth);
      const double last = std::ceil(s.horizon_days / kDaysPerMonth);
      for (double m = first; m <= last; ++m)
        cuts.push_back(warmup + m * kDaysPerMonth);
    }
  }
  for (const ChangeSpec& change : s.changes)
    cuts.push_back(warmup + change.day);
  for (double& cut : cuts)
    cut = std::clamp(cut, 0.0, run_days);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  RunPieces p;
  p.rate.assign(s.arrivals.size(), {});
  p.places.assign(s.levels.size(), {});
  // The streams' rates and the levels' capacities as the changes up to the piece set them; a
  // level's places are kept piece by piece only when a change sets them.
  std::vector<double> base(s.arrivals.size());
  for (std::size_t k = 0; k < s.arrivals.size(); ++k) {
    const ArrivalSpec& a = s.arrivals[k];
    base[k] = a.poisson ? a.rate_per_day : 1.0 / mean_of(a.interarrival);
  }
  std::vector<double> capacity(s.levels.size());
  std::vector<bool> changed(s.levels.size(), false);
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    capacity[l] = static_cast<double>(s.levels[l].capacity);
  for (const ChangeSpec& change : s.changes)
    for (const Setting& set : change.settings)
      if (set.kind == Setting::Kind::kLevelCapacity)
        changed[static_cast<std::size_t>(set.index)] = true;
  std::size_t applied = 0;  // s.changes is in order of day
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double from = cuts[i], to = cuts[i + 1];
    const double mid = (from + to) / 2;
    p.length.push_back(to - from);
    for (; applied < s.changes.size() && warmup + s.changes[applied].day <= mid; ++applied) {
      for (const Setting& set : s.changes[applied].settings) {
        if (reshapes(set) && p.phase_changes.back() != applied + 1)
          p.phase_changes.push_back(applied + 1);
        const auto at = static_cast<std::size_t>(set.index);
        if (set.kind == Setting::Kind::kArrivalRate) base[at] = set.value;
        if (set.kind == Setting::Kind::kInterarrival && set.law) base[at] = 1.0 / mean_of(*set.law);
        if (set.kind == Setting::Kind::kLevelCapacity) capacity[at] = set.value;
      }
    }
    for (std::size_t k = 0; k < s.arrivals.size(); ++k) {
      const ArrivalSpec& a = s.arrivals[k];
      double rate = base[k];
      if (!a.schedule.empty()) {
        rate = 0;
        for (const RatePiece& piece : a.schedule)
          if (warmup + piece.from_day <= mid && mid < warmup + piece.to_day)
            rate = piece.rate_per_day;
      } else if (a.poisson) {
        const double since = mid - warmup;
        if (!a.monthly_factors.empty()) rate *= a.monthly_factors[month_of(since)];
        const double growth = 1.0 + a.growth_per_year;
        rate *= std::max(std::pow(growth, (from - warmup) / kDaysPerYear),
                         std::pow(growth, (to - warmup) / kDaysPerYear));
      }
      if (a.start_day && mid < warmup + *a.start_day) rate = 0;
      p.rate[k].push_back(rate);
    }
    for (std::size_t l = 0; l < s.levels.size(); ++l)
      if (changed[l]) p.places[l].push_back(capacity[l]);
    p.phase.push_back(p.phase_changes.size() - 1);
  }
  return p;
}

// What one phase of the run (RunPieces::phase_changes) gives the estimate: its traffic (none
// past kDenseLevels, or when the phases' equations together pass kPhaseWork) and, per level,
// the mean stay, the mean patience and the waitlist's length (infinite without), and the longest
// mean time to relapse (0 without relapse).
struct PhaseFigures {
  std::optional<TrafficSolution> traffic;
  std::vector<double> stay, patience, max_length;
  double time_to_relapse = 0;
};

PhaseFigures phase_figures(const Scenario& s, double run_days, bool solve) {
  PhaseFigures f;
  if (solve && s.levels.size() <= kDenseLevels) f.traffic = solve_traffic(Network(s));
  constexpr double kNone = std::numeric_limits<double>::infinity();
  for (const LevelSpec& level : s.levels) {
    f.stay.push_back(std::min(mean_of(level.length_of_stay), run_days));
    f.patience.push_back(level.waitlist.patience ? mean_of(*level.waitlist.patience) : kNone);
    f.max_length.push_back(
        level.waitlist.max_length ? static_cast<double>(*level.waitlist.max_length) : kNone);
  }
  // The longest mean time to relapse of any level and class: levels' own `relapse` and the
  // by_class overrides as well as the global block.
  std::vector<std::size_t> classes{kNoClass};
  if (s.classes.size() > 1)
    for (std::size_t c = 0; c < s.classes.size(); ++c)
      classes.push_back(c);
  for (const LevelSpec& level : s.levels)
    for (const std::size_t c : classes)
      if (const std::optional<ResolvedRelapse> r = resolve_relapse(s, level, c))
        f.time_to_relapse =
            std::max(f.time_to_relapse, std::min(mean_of(r->time_to_relapse), run_days));
  return f;
}

// Patients at a level at once, given its referrals per day in each piece of the run: in care
// the most of min(capacity, referrals x stay), waiting what the excess over the service rate
// piles up, piece by piece, over the run, bounded by patience and the waitlist's length (each
// piece's phase its own stay; the bounds the loosest of the phases'); and the initial state's
// patients in care, waiting and (when a number is given) awaiting relapse.
double alive_at_level(std::size_t l, const Scenario& s, const RunPieces& p,
                      const std::vector<PhaseFigures>& phases, const std::vector<double>& lambda) {
  const LevelSpec& level = s.levels[l];
  const std::vector<double>& places = p.places[l];
  double in_care = 0, waiting = 0, peak = 0;
  for (std::size_t i = 0; i < lambda.size(); ++i) {
    const double stay = phases[p.phase[i]].stay[l];
    peak = std::max(peak, lambda[i]);
    const double capacity = places.empty() ? static_cast<double>(level.capacity) : places[i];
    in_care = std::max(in_care, std::min(capacity, lambda[i] * stay));
    const double served = stay > 0 ? capacity / stay : std::numeric_limits<double>::infinity();
    waiting += std::max(0.0, lambda[i] - served) * p.length[i];
  }
  double patience = 0, max_length = 0;
  for (const PhaseFigures& f : phases) {
    patience = std::max(patience, f.patience[l]);
    max_length = std::max(max_length, f.max_length[l]);
  }
  if (std::isfinite(patience)) waiting = std::min(waiting, peak * patience);
  if (std::isfinite(max_length)) waiting = std::min(waiting, max_length);
  double initial = 0;
  if (level.initial_state)
    initial = static_cast<double>(level.initial_state->in_care + level.initial_state->waiting +
                                  level.initial_state->recently_discharged.value_or(0));
  return in_care + waiting + initial;
}

// The initial state's patients awaiting relapse from each level when their number is not given
// (`recently_discharged: equilibrium`): the mean of the pool the engine draws
// (equilibrium_relapse_pool, model/class_view.hpp) per class, weighted by the classes' shares;
// the largest class's figure (its whole census) bounds it. Not bounded by the run: the whole pool
// is placed at time 0.
std::vector<double> equilibrium_pools(const Scenario& s) {
  std::vector<double> pools(s.levels.size(), 0.0);
  auto wanted = [&](const LevelSpec& spec) {
    return spec.initial_state && !spec.initial_state->recently_discharged &&
           spec.initial_state->in_care > 0;
  };
  if (std::none_of(s.levels.begin(), s.levels.end(), wanted)) return pools;
  for (const std::size_t c : referred_classes(s)) {
    std::optional<Scenario> copy;  // the class's view (none without classes: the scenario)
    if (c != kNoClass) copy = class_view(s, c);
    const Scenario& view = copy ? *copy : s;
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      if (!wanted(s.levels[l])) continue;
      const LevelSpec& level = view.levels[l];
      const std::optional<ResolvedRelapse> relapse = resolve_relapse(view, level, kNoClass);
      if (!relapse) continue;
      const double d = level.dropout ? level.dropout->probability : 0;
      double exit = 0;
      for (const Route& route : level.next)
        if (is_exit(route.target)) exit += route.probability;
      pools[l] = std::max(pools[l],
                          equilibrium_relapse_pool(
                              {.in_care = static_cast<double>(s.levels[l].initial_state->in_care),
                               .dropout_probability = d,
                               .mean_stay = mean_of(level.length_of_stay),
                               .mean_dropout_time = d > 0 ? mean_of(level.dropout->time) : 0,
                               .exit_probability = exit,
                               .relapse_probability = relapse->probability,
                               .relapse_after_dropout = relapse->probability_after_dropout,
                               .mean_time_to_relapse = mean_of(relapse->time_to_relapse)}));
    }
  }
  return pools;
}

int threads_used(int threads, int replications) {
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, std::min(threads > 0 ? threads : hardware, replications));
}

std::string bytes_text(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024)
    return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
}

std::string count_text(double n) {
  if (n >= 1e12) return fmt::format("{:.1f} T", n / 1e12);
  if (n >= 1e9) return fmt::format("{:.1f} G", n / 1e9);
  if (n >= 1e6) return fmt::format("{:.1f} M", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.1f} k", n / 1e3);
  return fmt::format("{:.0f}", n);
}

std::string time_text(double seconds) {
  if (seconds >= 3600) return fmt::format("{:.1f} h", seconds / 3600);
  if (seconds >= 60) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.1f} s", seconds);
}

}  // namespace

CostEstimate& CostEstimate::operator+=(const CostEstimate& other) {
  events_per_replication = std::max(events_per_replication, other.events_per_replication);
  events += other.events;
  patients_alive = std::max(patients_alive, other.patients_alive);
  memory_bytes += other.memory_bytes - kBaseBytes;
  seconds += other.seconds;
  threads = std::max(threads, other.threads);
  return *this;
}

CostEstimate estimate_cost(const Scenario& s, const CostRequest& request) {
  // The traffic equations are solved densely (cubic in the levels): past kDenseLevels, and for
  // a closed loop (no solution), every external referral is counted once at every level.
  const double run_days = s.warmup_days + s.horizon_days;
  const double external = external_per_day(s);
  // Patients alive from each stream's rate piece by piece over the whole run (warm-up, schedule,
  // `changes:`, growth and seasonality included), each level's referrals from the traffic
  // equations per stream, of the phase the piece is in (dated changes of stays, routing,
  // patience, waitlist lengths and relapse start a phase).
  const RunPieces pieces = run_pieces(s);
  // The phases' scenarios by applying the changes in turn to one copy. Their traffic equations
  // (cubic in the levels each) only while all of them together stay near a second of work;
  // beyond, every external referral is counted once at every level, as past kDenseLevels.
  const double levels_cubed = std::pow(static_cast<double>(s.levels.size()), 3);
  const bool solve = static_cast<double>(pieces.phase_changes.size()) * levels_cubed <= kPhaseWork;
  std::vector<PhaseFigures> phases;
  Scenario current = s;
  current.changes.clear();
  std::size_t done = 0;
  for (const std::size_t applied : pieces.phase_changes) {
    for (; done < applied; ++done)
      for (const Setting& set : s.changes[done].settings)
        apply_setting(current, set);
    phases.push_back(phase_figures(applied == 0 ? s : current, run_days, solve));
  }
  const std::optional<TrafficSolution>& traffic = phases.front().traffic;  // the events' count
  const std::size_t n_pieces = pieces.length.size();
  std::vector<double> lambda(n_pieces), relapsing(n_pieces, 0.0);
  for (std::size_t k = 0; k < s.arrivals.size(); ++k)
    for (std::size_t i = 0; i < n_pieces; ++i)
      if (const auto& t = phases[pieces.phase[i]].traffic)
        relapsing[i] += t->relapses_per_stream[k] * pieces.rate[k][i];
  const std::vector<double> pools = equilibrium_pools(s);
  double admissions = 0, alive = 0, initial = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    admissions += traffic ? traffic->admissions_per_day[l] : external;
    std::fill(lambda.begin(), lambda.end(), 0.0);
    for (std::size_t k = 0; k < s.arrivals.size(); ++k)
      for (std::size_t i = 0; i < n_pieces; ++i) {
        const auto& t = phases[pieces.phase[i]].traffic;
        lambda[i] += (t ? t->admissions_per_stream[k][l] : 1.0) * pieces.rate[k][i];
      }
    alive += alive_at_level(l, s, pieces, phases, lambda) + pools[l];
    if (s.levels[l].initial_state)
      initial += static_cast<double>(s.levels[l].initial_state->in_care +
                                     s.levels[l].initial_state->waiting +
                                     s.levels[l].initial_state->recently_discharged.value_or(0));
  }
  const double relapses = traffic ? traffic->relapses_per_day : 0;
  const double peak_relapses =
      relapsing.empty() ? 0.0 : *std::max_element(relapsing.begin(), relapsing.end());
  double time_to_relapse = 0;  // the longest of the phases'
  for (const PhaseFigures& f : phases)
    time_to_relapse = std::max(time_to_relapse, f.time_to_relapse);
  alive += peak_relapses * time_to_relapse;
  // Flow events: a referral, a discharge per admission, a relapse; each initial patient leaves.
  const double per_day = external + admissions + relapses;
  const double levels = static_cast<double>(s.levels.size());
  const double days = request.record_daily ? std::ceil(s.horizon_days) : 0;
  const double reps = static_cast<double>(request.replications);

  CostEstimate e;
  e.events_per_replication = per_day * s.horizon_days + initial;
  // The work also counts warm-up and each day's bookkeeping over every level.
  const double work = per_day * run_days + initial + (days + 1) * levels;
  e.events = work * reps;
  e.patients_alive = alive;
  e.threads = threads_used(request.threads, request.replications);
  // With classes, counters per class and level and the daily census per class (4 bytes).
  const double classes = s.classes.size() > 1 ? static_cast<double>(s.classes.size()) : 0.0;
  const double per_result = levels * sizeof(LevelCounters) + days * levels * 8.0 +
                            classes * levels * (sizeof(LevelCounters) + days * 4.0) +
                            (request.trace ? work * sizeof(TraceRecord) : 0.0);
  e.memory_bytes = kBaseBytes + e.threads * alive * kBytesPerPatient + reps * per_result +
                   days * levels * kOutputBytesPerLevelDay;
  // run: daily series over the store's budget are on disk; memory holds the budget and a block.
  const double daily = reps * days * (levels * 8.0 + classes * levels * 4.0);
  if (request.daily_in_store && daily > static_cast<double>(kDailyMemoryBudget))
    e.memory_bytes -= daily - static_cast<double>(kDailyMemoryBudget + kDailyBlockBytes);
  // run: the results' per-level figures (LevelResult, in the results since the histograms left
  // them) go to a ResultStore; memory holds at most its budget, and an empty ReplicationResult
  // per replication.
  if (request.results_in_store) {
    const double levels_kept = reps * (levels + classes * levels);
    e.memory_bytes -= levels_kept * sizeof(LevelCounters);
    e.memory_bytes +=
        std::min(levels_kept * sizeof(LevelResult), static_cast<double>(kResultMemoryBudget)) +
        reps * sizeof(ReplicationResult);
  }
  e.seconds = e.events / (kEventsPerSecondPerThread * e.threads) +
              days * levels * kOutputSecondsPerLevelDay;
  return e;
}

CostEstimate estimate_sweep(const Scenario& base, const std::vector<SweepAxis>& axes,
                            const CostRequest& request) {
  std::vector<std::size_t> at(axes.size(), 0);  // the grid point, an odometer over the axes
  std::optional<CostEstimate> total;
  while (true) {
    Scenario point = base;
    for (std::size_t a = 0; a < axes.size(); ++a)
      apply_setting(point, axes[a].path, axes[a].values[at[a]]);
    const CostEstimate e = estimate_cost(point, request);
    if (total)
      *total += e;
    else
      total = e;
    std::size_t a = 0;
    while (a < axes.size() && ++at[a] == axes[a].values.size())
      at[a++] = 0;
    if (a == axes.size()) return *total;
  }
}

CostEstimate estimate_sizing_round(const Scenario& scenario, const std::vector<std::string>& levels,
                                   const std::vector<int>& max_capacity,
                                   const CostRequest& request) {
  Scenario largest = scenario;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    const int index = scenario.level_index(levels[k]);
    if (index < 0) continue;  // size reports the unknown level itself
    LevelSpec& level = largest.levels[static_cast<std::size_t>(index)];
    const int given = max_capacity.empty() ? 0 : max_capacity[std::min(k, max_capacity.size() - 1)];
    if (given > 0)
      level.capacity = given;
    else if (level.capacity < std::numeric_limits<int>::max() / 4)
      level.capacity = std::max(4 * level.capacity, 4);
  }
  CostEstimate round = estimate_cost(largest, request);
  for (std::size_t k = 1; k < levels.size(); ++k)
    round += estimate_cost(largest, request);
  return round;
}

std::string describe(const CostEstimate& e) {
  return fmt::format("estimate: {} events ({} per replication), peak memory {}, {} on {} thread{}",
                     count_text(e.events), count_text(e.events_per_replication),
                     bytes_text(e.memory_bytes), time_text(e.seconds), e.threads,
                     e.threads == 1 ? "" : "s");
}

std::optional<std::string> over_limits(const CostEstimate& e) {
  std::string passed;
  if (e.memory_bytes > kMaxMemoryBytes) passed = "peak memory over the limit of 8 GiB";
  if (e.seconds > kMaxSeconds)
    passed += std::string(passed.empty() ? "" : " and ") + "time over the limit of 24 h";
  if (passed.empty()) return std::nullopt;
  return fmt::format(
      "run too large ({}): {}; use fewer replications, a shorter horizon or fewer patients, "
      "--no-daily, or --force to run it anyway",
      passed, describe(e));
}

}  // namespace continuum
