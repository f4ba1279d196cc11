// The cost estimate: events from the traffic equations, patients alive from Little's law with
// each level's time in system bounded by the run, memory from the records each part keeps.
#include "continuum/experiment/estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "continuum/engine/event_calendar.hpp"
#include "continuum/engine/patient_pool.hpp"
#include "continuum/engine/waitlist.hpp"
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

// Patients at level `l` at once: in care min(capacity, lambda x stay), waiting what the excess
// over the service rate piles up over the run, bounded by patience and the waitlist's length.
double alive_at_level(const LevelSpec& level, double lambda, double run_days) {
  const double stay = std::min(mean_of(level.length_of_stay), run_days);
  const double capacity = static_cast<double>(level.capacity);
  const double in_care = std::min(capacity, lambda * stay);
  const double served = stay > 0 ? capacity / stay : std::numeric_limits<double>::infinity();
  double waiting = std::max(0.0, lambda - served) * run_days;
  if (level.waitlist.patience)
    waiting = std::min(waiting, lambda * mean_of(*level.waitlist.patience));
  if (level.waitlist.max_length)
    waiting = std::min(waiting, static_cast<double>(*level.waitlist.max_length));
  double initial = 0;
  if (level.initial_state)
    initial = static_cast<double>(level.initial_state->in_care + level.initial_state->waiting);
  return in_care + waiting + initial;
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
  std::optional<TrafficSolution> traffic;
  if (s.levels.size() <= kDenseLevels) traffic = solve_traffic(Network(s));
  const double run_days = s.warmup_days + s.horizon_days;
  const double external = external_per_day(s);
  double admissions = 0, alive = 0, initial = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const double lambda = traffic ? traffic->admissions_per_day[l] : external;
    admissions += lambda;
    alive += alive_at_level(s.levels[l], lambda, run_days);
    if (s.levels[l].initial_state)
      initial += static_cast<double>(s.levels[l].initial_state->in_care +
                                     s.levels[l].initial_state->waiting +
                                     s.levels[l].initial_state->recently_discharged.value_or(0));
  }
  const double relapses = traffic ? traffic->relapses_per_day : 0;
  if (s.relapse) alive += relapses * std::min(mean_of(s.relapse->time_to_relapse), run_days);
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
