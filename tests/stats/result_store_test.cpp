// The result store (stats/result_store.hpp): every result put comes back bit for bit, in memory,
// spilled from the first put and spilled midway, whatever order and threads put them; the
// two-pass estimates are estimate()'s bits; and everything run reports from a store (summary,
// staffing, costs, revenue, authorization, warnings, watches) is what it reports from the
// results in memory, on scenarios with classes, report windows, named exits, payers, sessions,
// drug testing, interim services, compliance and staff.
#include "continuum/stats/result_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/authorization.hpp"
#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/watch.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/warnings.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_codec.hpp"
#include "continuum/stats/staffing.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

std::string bytes_of(const ReplicationResult& r) {
  std::string out;
  encode_result(r, out);
  return out;
}

std::vector<ReplicationResult> run(const Scenario& s, int reps,
                                   const std::vector<DailyWatch>& watches = {}) {
  RunOptions options;
  options.replications = reps;
  options.threads = 2;
  options.record_daily = true;
  options.watches = watches;
  return run_replications(s, options);
}

// Two classes, two report windows, named exits, a waitlist with patience.
constexpr const char* kClassesExits = R"(name: classes-exits
horizon_days: 200
warmup_days: 20
replications: 6
seed: 9
classes:
  low: {}
  high: {priority: 1}
arrivals:
  - name: lows
    rate_per_day: 2
    classes: {low: 1}
    entry: {clinic: 1}
  - name: highs
    rate_per_day: 1
    classes: {high: 1}
    entry: {clinic: 1}
levels:
  clinic:
    capacity: 6
    length_of_stay: {distribution: exponential, mean: 3}
    waitlist:
      patience: {distribution: exponential, mean: 5}
    next: {aftercare: 0.6, exit.completed: 0.3, exit.other: 0.1}
  aftercare:
    capacity: 10
    length_of_stay: {distribution: exponential, mean: 5}
    next: {exit.completed: 1}
report_windows:
  - {name: first, from_day: 0, to_day: 100}
  - {name: all, from_day: 0, to_day: 200}
)";

Scenario classes_exits() {
  return load_scenario_text(kClassesExits, "classes-exits.yaml");
}

// The county as it runs (payers, authorization, revenue, sessions, drug testing, interim
// services, compliance, staff and costs from baseline.yaml), one year, with a report window.
Scenario iop_as_it_runs() {
  const auto dir = testing::temp_dir("result-store-iop");
  const std::string file = (dir / "iop.yaml").string();
  write_file_atomic(file, "extends: " + testing::source_path("scenarios/iop_as_it_runs.yaml") +
                              "\nhorizon_days: 365\nreport_windows:\n"
                              "  - {name: spring, from_day: 60, to_day: 150}\n");
  return load_scenario(file);
}

// Puts copies of `results` into a store of `budget` bytes from three threads, in a shuffled
// order; every one comes back bit for bit.
void round_trip(const std::vector<ReplicationResult>& results, std::size_t budget, bool spills) {
  SCOPED_TRACE("budget " + std::to_string(budget));
  std::vector<std::size_t> order(results.size());
  for (std::size_t r = 0; r < order.size(); ++r)
    order[r] = r;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  std::vector<ReplicationResult> copies = results;
  ResultStore store(results.size(), budget);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < order.size(); i += 3)
        store.put(order[i], copies[order[i]]);
    });
  for (std::thread& t : threads)
    t.join();
  EXPECT_EQ(store.spilled(), spills);
  const std::string empty = bytes_of(ReplicationResult{});
  std::uint64_t total = 0;
  for (std::size_t r = 0; r < results.size(); ++r) {
    EXPECT_EQ(bytes_of(copies[r]), empty) << "put leaves the result empty";
    total += bytes_of(results[r]).size();
  }
  EXPECT_EQ(store.bytes(), total);
  ReplicationResult back;
  for (std::size_t r : {std::size_t{3}, std::size_t{0}, results.size() - 1}) {  // any order
    store.load(r, back);
    EXPECT_EQ(bytes_of(back), bytes_of(results[r])) << "replication " << r;
  }
  // A source visits replications 0, 1, ... in order; a prefix (run --precision) too.
  for (std::size_t count : {results.size(), std::size_t{5}}) {
    std::size_t next = 0;
    ResultSource(store, count).visit([&](std::size_t r, const ReplicationResult& result) {
      EXPECT_EQ(r, next++);
      EXPECT_EQ(bytes_of(result), bytes_of(results[r])) << "replication " << r;
    });
    EXPECT_EQ(next, count);
  }
}

TEST(ResultStore, RoundTripsInMemorySpilledAndSpilledMidway) {
  const std::vector<ReplicationResult> results = run(classes_exits(), 12);
  std::uint64_t total = 0;
  for (const ReplicationResult& r : results)
    total += bytes_of(r).size();
  round_trip(results, std::numeric_limits<std::size_t>::max(), false);
  round_trip(results, 0, true);
  round_trip(results, static_cast<std::size_t>(total / 2), true);
}

TEST(ResultStore, BudgetFromTheEnvironment) {
  ::setenv("CONTINUUM_RESULT_MEMORY_BUDGET", "4096", 1);
  EXPECT_EQ(result_memory_budget(), 4096u);
  ::setenv("CONTINUUM_RESULT_MEMORY_BUDGET", "4k", 1);  // not a number of bytes: the default
  EXPECT_EQ(result_memory_budget(), kResultMemoryBudget);
  ::unsetenv("CONTINUUM_RESULT_MEMORY_BUDGET");
  EXPECT_EQ(result_memory_budget(), kResultMemoryBudget);
}

TEST(ResultStore, RefusesWhatCannotFitOnDisk) {
  EXPECT_FALSE(result_spill_refusal(1000, 1000));
  EXPECT_FALSE(result_spill_refusal(2000, 1000));
  const auto refusal = result_spill_refusal(1e18, 1 << 20);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("the replications' results"), std::string::npos) << *refusal;
  EXPECT_NE(refusal->find("fewer replications"), std::string::npos) << *refusal;
}

void expect_same(const Estimate& a, const Estimate& b, const std::string& where) {
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.mean), std::bit_cast<std::uint64_t>(b.mean)) << where;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.lo), std::bit_cast<std::uint64_t>(b.lo)) << where;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.hi), std::bit_cast<std::uint64_t>(b.hi)) << where;
  EXPECT_EQ(a.n, b.n) << where;
}

TEST(EstimateAccumulator, SameBitsAsEstimate) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(1e3, 250);
  std::vector<std::vector<double>> sets = {
      {},
      {NAN},
      {NAN, NAN, NAN},
      {4.25},
      {NAN, 4.25, NAN},
      {1, 2},
      {0.1, NAN, 0.2, 0.3, NAN, -1e-300, 7e12, -0.0},
      {1e16, 1, -1e16, 3, NAN},
  };
  std::vector<double> many;
  for (int i = 0; i < 1000; ++i)
    many.push_back(i % 17 == 0 ? NAN : normal(rng));
  sets.push_back(many);
  // Every set one quantity of one accumulator; replication r adds set[r] (or nothing).
  std::size_t reps = 0;
  for (const auto& s : sets)
    reps = std::max(reps, s.size());
  EstimateAccumulator acc(sets.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t r = 0; r < reps; ++r)
      for (std::size_t i = 0; i < sets.size(); ++i)
        if (r < sets[i].size()) acc.add(i, sets[i][r]);
    if (pass == 0) acc.next_pass();
  }
  const std::vector<Estimate> got = acc.estimates();
  ASSERT_EQ(got.size(), sets.size());
  for (std::size_t i = 0; i < sets.size(); ++i)
    expect_same(got[i], estimate(sets[i]), "set " + std::to_string(i));
  // estimate_across over a source: the same.
  std::vector<ReplicationResult> results(many.size());
  for (std::size_t r = 0; r < many.size(); ++r)
    results[r].window_days = many[r];
  const std::vector<Estimate> across = estimate_across(
      results,
      [](const ReplicationResult& r, std::vector<double>& v) { v.push_back(r.window_days); });
  ASSERT_EQ(across.size(), 1u);
  expect_same(across[0], estimate(many), "estimate_across");
}

void expect_same_blocks(const std::vector<MetricValues<LevelMetric, Estimate>>& a,
                        const MetricValues<SystemMetric, Estimate>& as,
                        const std::vector<MetricValues<LevelMetric, Estimate>>& b,
                        const MetricValues<SystemMetric, Estimate>& bs, const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (std::size_t l = 0; l < a.size(); ++l)
    for (LevelMetric m : all_metrics<LevelMetric>())
      expect_same(a[l][m], b[l][m],
                  where + " level " + std::to_string(l) + " " + std::string(metric_info(m).name));
  for (SystemMetric m : all_metrics<SystemMetric>())
    expect_same(as[m], bs[m], where + " system " + std::string(metric_info(m).name));
}

void expect_same_kpis(const std::vector<KpiEstimates>& a, const std::vector<KpiEstimates>& b,
                      const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < a[i].size(); ++k)
      expect_same(a[i][k], b[i][k], where + " " + std::to_string(i) + "/" + std::to_string(k));
}

void expect_same_summary(const Summary& a, const Summary& b) {
  EXPECT_EQ(a.replications, b.replications);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.balance.referred, b.balance.referred);
  expect_same_blocks(a.levels, a.system, b.levels, b.system, "whole");
  ASSERT_EQ(a.classes.size(), b.classes.size());
  for (std::size_t c = 0; c < a.classes.size(); ++c)
    expect_same_blocks(a.classes[c].levels, a.classes[c].system, b.classes[c].levels,
                       b.classes[c].system, "class " + a.classes[c].name);
  ASSERT_EQ(a.windows.size(), b.windows.size());
  for (std::size_t w = 0; w < a.windows.size(); ++w)
    expect_same_blocks(a.windows[w].levels, a.windows[w].system, b.windows[w].levels,
                       b.windows[w].system, "window " + a.windows[w].name);
  ASSERT_EQ(a.exits.size(), b.exits.size());
  for (std::size_t k = 0; k < a.exits.size(); ++k) {
    expect_same(a.exits[k].per_day, b.exits[k].per_day, "exit " + a.exits[k].name);
    ASSERT_EQ(a.exits[k].levels_per_day.size(), b.exits[k].levels_per_day.size());
    for (std::size_t l = 0; l < a.exits[k].levels_per_day.size(); ++l)
      expect_same(a.exits[k].levels_per_day[l], b.exits[k].levels_per_day[l],
                  "exit " + a.exits[k].name + " level " + std::to_string(l));
  }
  ASSERT_EQ(a.sessions.size(), b.sessions.size());
  for (std::size_t i = 0; i < a.sessions.size(); ++i) {
    EXPECT_EQ(a.sessions[i].level, b.sessions[i].level);
    expect_same(a.sessions[i].attendance_rate, b.sessions[i].attendance_rate, "attendance");
    expect_same(a.sessions[i].sessions_held, b.sessions[i].sessions_held, "held");
    expect_same(a.sessions[i].groups_per_week, b.sessions[i].groups_per_week, "groups");
    expect_same(a.sessions[i].mean_group_size, b.sessions[i].mean_group_size, "size");
    expect_same(a.sessions[i].no_show_discharges, b.sessions[i].no_show_discharges, "no-show");
  }
  ASSERT_EQ(a.drug_testing.size(), b.drug_testing.size());
  for (std::size_t i = 0; i < a.drug_testing.size(); ++i) {
    for (std::size_t k = 0; k < kDrugCounts; ++k)
      expect_same(a.drug_testing[i].counts[k], b.drug_testing[i].counts[k], "drug count");
    expect_same(a.drug_testing[i].positive_share, b.drug_testing[i].positive_share, "positive");
  }
  expect_same_kpis(a.interim, b.interim, "interim");
  expect_same_kpis(a.compliance, b.compliance, "compliance");
  ASSERT_EQ(a.days, b.days);
  ASSERT_EQ(a.daily_census.size(), b.daily_census.size());
  for (std::size_t i = 0; i < a.daily_census.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint32_t>(a.daily_census[i].mean),
              std::bit_cast<std::uint32_t>(b.daily_census[i].mean));
    EXPECT_EQ(std::bit_cast<std::uint32_t>(a.daily_waitlist[i].p90),
              std::bit_cast<std::uint32_t>(b.daily_waitlist[i].p90));
  }
}

// The results run's way: the daily series into a DailySeriesStore, the rest into a
// ResultStore (both spilled with budget 0), in reverse order; everything reported from them
// is what is reported from the vector of results.
void expect_store_reports_the_vectors(const Scenario& s, int reps,
                                      const std::vector<DailyWatch>& watches = {}) {
  const std::vector<ReplicationResult> results = run(s, reps, watches);
  for (std::size_t budget : {std::size_t{0}, std::numeric_limits<std::size_t>::max()}) {
    SCOPED_TRACE("budget " + std::to_string(budget));
    std::vector<ReplicationResult> copies = results;
    DailySeriesStore daily(results.size(), budget);
    ResultStore stored(results.size(), budget);
    for (std::size_t r = results.size(); r-- > 0;) {
      daily.put(r, copies[r]);
      stored.put(r, copies[r]);
    }
    const ResultSource source(stored, results.size());
    const Summary from_vector = summarize(s, results, s.seed);
    const Summary from_store = summarize(s, source, s.seed, &daily);
    expect_same_summary(from_vector, from_store);
    // The whole run's level and system estimates, as estimate_each gave them before.
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      std::vector<MetricValues<LevelMetric>> values;
      for (const ReplicationResult& r : results)
        values.push_back(level_metrics(r, l, s.levels[l].capacity));
      const auto each = estimate_each(values);
      for (LevelMetric m : all_metrics<LevelMetric>())
        expect_same(from_store.levels[l][m], each[m], "estimate_each");
    }
    if (has_staffing(s)) {
      const StaffingReport a = staffing_report(s, results), b = staffing_report(s, source, &daily);
      ASSERT_EQ(a.rows.size(), b.rows.size());
      for (std::size_t i = 0; i < a.rows.size(); ++i) {
        expect_same(a.rows[i].mean_fte, b.rows[i].mean_fte, "fte " + a.rows[i].role);
        expect_same(a.rows[i].p90_ci, b.rows[i].p90_ci, "p90 " + a.rows[i].role);
        EXPECT_EQ(std::bit_cast<std::uint64_t>(a.rows[i].p95),
                  std::bit_cast<std::uint64_t>(b.rows[i].p95));
      }
      ASSERT_EQ(a.levels.size(), b.levels.size());
      for (std::size_t i = 0; i < a.levels.size(); ++i) {
        expect_same(a.levels[i].days_at_capacity, b.levels[i].days_at_capacity, "at capacity");
        expect_same(a.levels[i].cost_per_admission, b.levels[i].cost_per_admission, "cost/adm");
      }
      expect_same(a.total_cost_per_year, b.total_cost_per_year, "total cost");
      const AnnualCosts ca = annual_costs(s, results), cb = annual_costs(s, source, &daily);
      EXPECT_EQ(ca.total, cb.total);
      const AnnualRevenue ra = annual_revenue(s, results, ca), rb = annual_revenue(s, source, cb);
      EXPECT_EQ(ra.by_payer, rb.by_payer);
      EXPECT_EQ(ra.net_cost, rb.net_cost);
    }
    const auto auth_a = summarize_authorization(s, results);
    const auto auth_b = summarize_authorization(s, source);
    ASSERT_EQ(auth_a.size(), auth_b.size());
    for (std::size_t i = 0; i < auth_a.size(); ++i) {
      expect_same(auth_a[i].reviews_per_day, auth_b[i].reviews_per_day, "reviews");
      expect_same(auth_a[i].auth_ran_out_share, auth_b[i].auth_ran_out_share, "ran out");
    }
    const auto warn_a = run_warnings(s, results, from_vector, nullptr);
    const auto warn_b = run_warnings(s, source, from_store, nullptr, &daily);
    EXPECT_EQ(warnings_json(warn_a).dump(), warnings_json(warn_b).dump());
    std::vector<WatchSpec> specs;
    for (const DailyWatch& w : watches)
      specs.push_back({"", "", "", w});
    const auto watch_a = watch_outcomes(s, specs, results, from_vector);
    const auto watch_b = watch_outcomes(s, specs, source, from_store);
    ASSERT_EQ(watch_a.size(), watch_b.size());
    for (std::size_t i = 0; i < watch_a.size(); ++i) {
      EXPECT_EQ(watch_a[i].crossed, watch_b[i].crossed);
      EXPECT_EQ(watch_a[i].p50_first_day, watch_b[i].p50_first_day);
    }
  }
}

TEST(ResultStore, ReportsFromTheStoreAreTheVectorsWithClassesWindowsExits) {
  const Scenario s = classes_exits();
  const std::vector<ReplicationResult> one = run(s, 1);
  ASSERT_EQ(one[0].class_system.size(), 2u);
  ASSERT_EQ(one[0].windows.size(), 2u);
  ASSERT_FALSE(one[0].exit_counts.empty());
  expect_store_reports_the_vectors(s, 9, {parse_watch(s, "levels.clinic.waitlist>3").watch});
}

TEST(ResultStore, ReportsFromTheStoreAreTheVectorsWithPayersSessionsDrugTestingStaff) {
  const Scenario s = iop_as_it_runs();
  const std::vector<ReplicationResult> one = run(s, 1);
  ASSERT_FALSE(one[0].payer_days.empty());
  ASSERT_FALSE(one[0].drug_testing.empty());
  ASSERT_FALSE(one[0].interim.empty());
  ASSERT_FALSE(one[0].compliance.empty());
  ASSERT_EQ(one[0].windows.size(), 1u);
  ASSERT_TRUE(has_staffing(s));
  expect_store_reports_the_vectors(s, 7);
}

}  // namespace
}  // namespace continuum
