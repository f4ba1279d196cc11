// The codec of ReplicationResult (stats/result_codec.hpp), which the MPI executor ships between
// ranks: every field comes back bit for bit, for a result whose fields all differ and for real
// engine results (with classes, daily series and trace); bad bytes are refused.
#include "continuum/stats/result_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// Exact equality of doubles (NaN equal to the same NaN).
void expect_bits(double a, double b, const char* what) {
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b)) << what;
}

void expect_tallies(const LevelTallies& a, const LevelTallies& b) {
  EXPECT_EQ(a.referrals, b.referrals);
  EXPECT_EQ(a.admissions, b.admissions);
  EXPECT_EQ(a.completions, b.completions);
  EXPECT_EQ(a.dropouts, b.dropouts);
  EXPECT_EQ(a.abandonments, b.abandonments);
  EXPECT_EQ(a.turned_away, b.turned_away);
  expect_bits(a.census_area, b.census_area, "census_area");
  expect_bits(a.waitlist_area, b.waitlist_area, "waitlist_area");
  expect_bits(a.capacity_area, b.capacity_area, "capacity_area");
  expect_bits(a.wait_sum, b.wait_sum, "wait_sum");
  expect_bits(a.abandon_wait_sum, b.abandon_wait_sum, "abandon_wait_sum");
  expect_bits(a.slot_days_sum, b.slot_days_sum, "slot_days_sum");
  EXPECT_EQ(a.slot_releases, b.slot_releases);
  EXPECT_EQ(a.in_care_at_end, b.in_care_at_end);
  EXPECT_EQ(a.waiting_at_end, b.waiting_at_end);
  EXPECT_EQ(a.routed_on_14, b.routed_on_14);
  EXPECT_EQ(a.routed_on_30, b.routed_on_30);
  EXPECT_EQ(a.linked_14, b.linked_14);
  EXPECT_EQ(a.linked_30, b.linked_30);
  EXPECT_EQ(a.left_care_30, b.left_care_30);
  EXPECT_EQ(a.left_care_90, b.left_care_90);
  EXPECT_EQ(a.readmitted_30, b.readmitted_30);
  EXPECT_EQ(a.readmitted_90, b.readmitted_90);
  EXPECT_EQ(a.prior_episodes, b.prior_episodes);
  EXPECT_EQ(a.sessions_held, b.sessions_held);
  EXPECT_EQ(a.session_places, b.session_places);
  EXPECT_EQ(a.sessions_attended, b.sessions_attended);
  EXPECT_EQ(a.session_groups, b.session_groups);
  EXPECT_EQ(a.no_show_discharges, b.no_show_discharges);
}

void expect_system(const SystemCounters& a, const SystemCounters& b) {
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.relapses, b.relapses);
  EXPECT_EQ(a.lost_to_care, b.lost_to_care);
  EXPECT_EQ(a.first_admissions, b.first_admissions);
  expect_bits(a.first_admission_days_sum, b.first_admission_days_sum, "first_admission_days");
}

void expect_same(const ReplicationResult& a, const ReplicationResult& b) {
  expect_bits(a.window_days, b.window_days, "window_days");
  ASSERT_EQ(a.levels.size(), b.levels.size());
  for (std::size_t l = 0; l < a.levels.size(); ++l) {
    expect_tallies(a.levels[l], b.levels[l]);
    expect_bits(a.levels[l].p90_wait_days, b.levels[l].p90_wait_days, "waits p90");
    expect_bits(a.levels[l].p90_queue_time_days, b.levels[l].p90_queue_time_days,
                "queue times p90");
    EXPECT_EQ(a.levels[l].reviews, b.levels[l].reviews);
    EXPECT_EQ(a.levels[l].denials, b.levels[l].denials);
    expect_bits(a.levels[l].denied_days, b.levels[l].denied_days, "denied days");
  }
  expect_system(a.system, b.system);
  ASSERT_EQ(a.class_levels.size(), b.class_levels.size());
  for (std::size_t c = 0; c < a.class_levels.size(); ++c) {
    expect_tallies(a.class_levels[c], b.class_levels[c]);
    expect_bits(a.class_levels[c].p90_wait_days, b.class_levels[c].p90_wait_days, "p90");
    expect_bits(a.class_levels[c].p90_queue_time_days, b.class_levels[c].p90_queue_time_days,
                "p90 queue time");
    EXPECT_EQ(a.class_levels[c].reviews, b.class_levels[c].reviews);
    EXPECT_EQ(a.class_levels[c].denials, b.class_levels[c].denials);
    expect_bits(a.class_levels[c].denied_days, b.class_levels[c].denied_days, "denied days");
  }
  ASSERT_EQ(a.windows.size(), b.windows.size());
  for (std::size_t w = 0; w < a.windows.size(); ++w) {
    expect_bits(a.windows[w].days, b.windows[w].days, "window days");
    ASSERT_EQ(a.windows[w].levels.size(), b.windows[w].levels.size());
    for (std::size_t l = 0; l < a.windows[w].levels.size(); ++l) {
      expect_tallies(a.windows[w].levels[l], b.windows[w].levels[l]);
      expect_bits(a.windows[w].levels[l].p90_wait_days, b.windows[w].levels[l].p90_wait_days,
                  "window p90");
    }
    expect_system(a.windows[w].system, b.windows[w].system);
  }
  ASSERT_EQ(a.class_system.size(), b.class_system.size());
  for (std::size_t c = 0; c < a.class_system.size(); ++c)
    expect_system(a.class_system[c], b.class_system[c]);
  EXPECT_EQ(a.daily_census, b.daily_census);
  EXPECT_EQ(a.daily_waitlist, b.daily_waitlist);
  EXPECT_EQ(a.daily_class_levels, b.daily_class_levels);
  EXPECT_EQ(a.daily_class_census, b.daily_class_census);
  EXPECT_EQ(a.watch_first_day, b.watch_first_day);
  EXPECT_EQ(a.exit_counts, b.exit_counts);
  EXPECT_EQ(a.payer_days, b.payer_days);
  EXPECT_EQ(a.drug_testing, b.drug_testing);
  EXPECT_EQ(a.events, b.events);
  ASSERT_EQ(a.trace.size(), b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) {
    expect_bits(a.trace[i].time, b.trace[i].time, "trace time");
    EXPECT_EQ(a.trace[i].event, b.trace[i].event);
    EXPECT_EQ(a.trace[i].patient, b.trace[i].patient);
    EXPECT_EQ(a.trace[i].level, b.trace[i].level);
    EXPECT_EQ(a.trace[i].other, b.trace[i].other);
    expect_bits(a.trace[i].value, b.trace[i].value, "trace value");
  }
  EXPECT_EQ(a.balance.referred, b.balance.referred);
  EXPECT_EQ(a.balance.in_care, b.balance.in_care);
  EXPECT_EQ(a.balance.waiting, b.balance.waiting);
  EXPECT_EQ(a.balance.held, b.balance.held);
  EXPECT_EQ(a.balance.community, b.balance.community);
  EXPECT_EQ(a.balance.left, b.balance.left);
  ASSERT_EQ(a.interim.size(), b.interim.size());
  for (std::size_t i = 0; i < a.interim.size(); ++i) {
    const InterimTallies &x = a.interim[i], &y = b.interim[i];
    for (auto f : {&InterimTallies::joins, &InterimTallies::placed, &InterimTallies::placements,
                   &InterimTallies::placement_wait_sum, &InterimTallies::census_area,
                   &InterimTallies::p90_placement_wait})
      expect_bits(x.*f, y.*f, "interim");
  }
  ASSERT_EQ(a.compliance.size(), b.compliance.size());
  for (std::size_t i = 0; i < a.compliance.size(); ++i) {
    const ComplianceTallies &x = a.compliance[i], &y = b.compliance[i];
    for (auto f : {&ComplianceTallies::judged, &ComplianceTallies::admitted,
                   &ComplianceTallies::judged_max, &ComplianceTallies::admitted_max,
                   &ComplianceTallies::interim_fast, &ComplianceTallies::interim_fast_admitted,
                   &ComplianceTallies::days, &ComplianceTallies::alert_days})
      expect_bits(x.*f, y.*f, "compliance");
  }
}

// Every field a different value (1, 2, 3, ... in declaration order), so that two fields swapped
// by the codec would show.
void fill_tallies(LevelTallies& t, std::int64_t& next) {
  for (std::int64_t* v :
       {&t.referrals, &t.admissions, &t.completions, &t.dropouts, &t.abandonments, &t.turned_away})
    *v = next++;
  for (double* v : {&t.census_area, &t.waitlist_area, &t.capacity_area, &t.wait_sum,
                    &t.abandon_wait_sum, &t.slot_days_sum})
    *v = static_cast<double>(next++) + 0.25;
  for (std::int64_t* v : {&t.slot_releases, &t.in_care_at_end, &t.waiting_at_end, &t.routed_on_14,
                          &t.routed_on_30, &t.linked_14, &t.linked_30, &t.left_care_30,
                          &t.left_care_90, &t.readmitted_30, &t.readmitted_90})
    *v = next++;
  for (std::int64_t& v : t.prior_episodes)
    v = next++;
  for (std::int64_t* v : {&t.sessions_held, &t.session_places, &t.sessions_attended,
                          &t.session_groups, &t.no_show_discharges})
    *v = next++;
}
SystemCounters system_counters(std::int64_t& next) {
  SystemCounters s;
  s.arrivals = next++;
  s.relapses = next++;
  s.lost_to_care = next++;
  s.first_admissions = next++;
  s.first_admission_days_sum = static_cast<double>(next++) + 0.5;
  return s;
}

ReplicationResult every_field_different() {
  std::int64_t next = 1;
  ReplicationResult r;
  r.window_days = 365.125;
  r.levels.resize(2);
  for (LevelResult& level : r.levels) {
    fill_tallies(level, next);
    level.p90_wait_days = static_cast<double>(next++) / 2;
    level.p90_queue_time_days = static_cast<double>(next++) / 64;
  }
  r.levels[1].p90_queue_time_days = NAN;
  for (LevelResult& level : r.levels) {
    level.reviews = static_cast<std::int64_t>(next++);
    level.denials = static_cast<std::int64_t>(next++);
    level.denied_days = static_cast<double>(next++) + 0.125;
  }
  r.system = system_counters(next);
  r.class_levels.resize(4);
  for (ClassLevelCounters& c : r.class_levels) {
    fill_tallies(c, next);
    c.p90_wait_days = static_cast<double>(next++) / 8;
    c.p90_queue_time_days = static_cast<double>(next++) / 16;
    c.reviews = static_cast<std::int64_t>(next++);
    c.denials = static_cast<std::int64_t>(next++);
    c.denied_days = static_cast<double>(next++) / 2;
  }
  r.class_levels[3].p90_wait_days = NAN;
  r.windows.resize(2);
  for (WindowCounters& w : r.windows) {
    w.days = static_cast<double>(next++) + 0.75;
    w.levels.resize(2);
    for (ClassLevelCounters& c : w.levels) {
      fill_tallies(c, next);
      c.p90_wait_days = static_cast<double>(next++) / 4;
      c.p90_queue_time_days = static_cast<double>(next++) / 32;
    }
    w.system = system_counters(next);
  }
  r.class_system = {system_counters(next), system_counters(next)};
  r.daily_census = {1.5f, 2.5f, 3.5f, 4.5f};
  r.daily_waitlist = {0.25f, 0.0f, 7.0f, 8.0f};
  r.daily_class_levels = {1, 0};
  r.daily_class_census = {1, 2, 3, 4, 5, 6, 7, 8};
  r.watch_first_day = {12, -1, 0};
  r.exit_counts = {0, 3, 6, 3};
  r.payer_days = {10.5, 0.0, 3.25, 7.0};
  r.drug_testing = {12, 5, 2, 1, 1, 0};
  r.events = 123456789012ull;
  r.trace = {{-3.5, TraceEvent::kArrival, 0, 1, 0, 0.0},
             {2.25, TraceEvent::kAdmitted, 7, 0, -1, 1.75},
             {9.0, TraceEvent::kCapacity, kNoPatient, 1, -1, 12.0}};
  r.balance = {next, next + 1, next + 2, next + 3, next + 4, next + 5};
  next += 6;
  r.interim.resize(2);
  for (InterimTallies& t : r.interim)
    for (double* v : {&t.joins, &t.placed, &t.placements, &t.placement_wait_sum, &t.census_area,
                      &t.p90_placement_wait})
      *v = static_cast<double>(next++) + 0.125;
  r.interim[1].p90_placement_wait = NAN;
  r.compliance.resize(3);
  for (ComplianceTallies& t : r.compliance)
    for (double* v : {&t.judged, &t.admitted, &t.judged_max, &t.admitted_max, &t.interim_fast,
                      &t.interim_fast_admitted, &t.days, &t.alert_days})
      *v = static_cast<double>(next++);
  return r;
}

TEST(ResultCodec, EveryFieldRoundTrips) {
  const ReplicationResult r = every_field_different();
  std::string bytes;
  encode_result(r, bytes);
  std::size_t pos = 0;
  const ReplicationResult back = decode_result(bytes, pos);
  EXPECT_EQ(pos, bytes.size());
  expect_same(r, back);
  EXPECT_EQ(back.levels[0].p90_wait_days, r.levels[0].p90_wait_days);
  EXPECT_TRUE(std::isnan(back.levels[1].p90_queue_time_days));
  std::string again;
  encode_result(back, again);
  EXPECT_EQ(again, bytes);
}

TEST(ResultCodec, EmptyResultAndSeveralInOneBuffer) {
  std::string bytes;
  encode_result(ReplicationResult{}, bytes);
  encode_result(every_field_different(), bytes);
  std::size_t pos = 0;
  expect_same(decode_result(bytes, pos), ReplicationResult{});
  expect_same(decode_result(bytes, pos), every_field_different());
  EXPECT_EQ(pos, bytes.size());
}

TEST(ResultCodec, EngineResultsWithClassesDailyAndTraceRoundTrip) {
  Scenario s = load_scenario(testing::source_path("scenarios/baseline.yaml"));
  ASSERT_FALSE(s.classes.empty());
  s.horizon_days = 120;
  s.warmup_days = 30;
  Engine engine(compile(s), EngineOptions{true});
  TraceBuffer trace;
  engine.set_trace(&trace);
  for (std::uint32_t rep = 0; rep < 2; ++rep) {
    ReplicationResult r = engine.run(rep, 7);
    r.trace = std::move(trace.records);
    trace.records.clear();
    ASSERT_FALSE(r.daily_class_census.empty());
    ASSERT_FALSE(r.trace.empty());
    std::string bytes;
    encode_result(r, bytes);
    std::size_t pos = 0;
    expect_same(r, decode_result(bytes, pos));
    EXPECT_EQ(pos, bytes.size());
  }
}

TEST(ResultCodec, TruncatedOrForeignBytesAreRefused) {
  std::string bytes;
  encode_result(every_field_different(), bytes);
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{40}, bytes.size() - 1}) {
    std::size_t pos = 0;
    EXPECT_THROW(decode_result(std::string_view(bytes).substr(0, cut), pos), std::runtime_error)
        << cut;
  }
  std::string foreign = bytes;
  foreign[0] ^= 0x55;
  std::size_t pos = 0;
  try {
    decode_result(foreign, pos);
    FAIL() << "foreign bytes decoded";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "replication result: not a result (bad magic number)");
  }
}

}  // namespace
}  // namespace continuum
