// The recorder's once-a-run and once-a-day steps: start, end of warm-up, day ends, finish.
#include "continuum/stats/stats_recorder.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "continuum/core/prefault.hpp"

namespace continuum {

namespace {

// Counters back to zero in place: a memset, not a 12.8 KB temporary copied into each (all-zero
// bytes are 0 and 0.0 for every field).
static_assert(std::is_trivially_copyable_v<LevelCounters>);
void zero(std::vector<LevelCounters>& counters) {
  for (LevelCounters& c : counters)
    c.reset();
}

}  // namespace

void StatsRecorder::start(std::size_t levels, std::size_t days, double warmup_end,
                          double window_days, std::size_t classes,
                          const std::vector<std::uint32_t>& daily_class_levels,
                          const std::vector<WindowSpan>& windows) {
  warmup_end_ = warmup_end;
  end_ = warmup_end + window_days;
  classes_ = classes;
  areas_.assign(levels, LevelAreas{});
  result_ = ReplicationResult{};
  balance_ = PatientBalance{};
  result_.window_days = window_days;
  levels_.resize(levels);
  zero(levels_);
  result_.levels.resize(levels);
  result_.exit_counts.assign(levels * exit_slots_, 0);
  result_.payer_days.assign(levels * payers_, 0.0);
  class_auth_.assign(classes > 1 ? classes * levels : 0, LevelResult{});
  if (drug_testing_) result_.drug_testing.assign(levels * kDrugCounts, 0);
  // Fresh vectors each replication (the last ones left with the result): mapped at once.
  reserve_prefaulted(result_.daily_census, days * levels);
  reserve_prefaulted(result_.daily_waitlist, days * levels);
  result_.daily_census.assign(days * levels, 0.0f);
  result_.daily_waitlist.assign(days * levels, 0.0f);
  if (!watches_.empty()) result_.watch_first_day.assign(watches_.size(), -1);
  if (classes > 1) {
    class_work_.resize(classes * levels);
    zero(class_work_);
    class_last_change_.assign(classes * levels, 0.0);
    result_.class_system.assign(classes, SystemCounters{});
  }
  if (classes > 1 && days > 0 && !daily_class_levels.empty()) {
    daily_class_levels_ = daily_class_levels;
    result_.daily_class_levels = daily_class_levels;
    reserve_prefaulted(result_.daily_class_census, days * classes * daily_class_levels.size());
    result_.daily_class_census.assign(days * classes * daily_class_levels.size(), 0.0f);
    class_census_area_at_day_start_.assign(classes * daily_class_levels.size(), 0.0);
  } else {
    daily_class_levels_.clear();
    class_census_area_at_day_start_.clear();
  }
  windows_.resize(windows.size());
  for (std::size_t w = 0; w < windows.size(); ++w) {
    windows_[w].start = windows[w].start;
    windows_[w].end = windows[w].end;
    windows_[w].levels.resize(levels);
    zero(windows_[w].levels);
    windows_[w].system = SystemCounters{};
  }
}

void StatsRecorder::window_areas(LevelId level, double from, double to, int in_care,
                                 std::int64_t waiting, int capacity) {
  for (WindowWork& w : windows_) {
    LevelCounters& c = w.levels[index_of(level)];
    const double dt = std::min(to, w.end) - std::max(from, w.start);
    if (dt > 0) {
      c.census_area += dt * in_care;
      c.waitlist_area += dt * static_cast<double>(waiting);
      c.capacity_area += dt * capacity;
    }
    if (from < w.end && w.end <= to) {  // the counts that held just before the window's end
      c.in_care_at_end = in_care;
      c.waiting_at_end = waiting;
    }
  }
}

void StatsRecorder::on_warmup_end(double now) {
  trace<false>(now, TraceEvent::kWarmupEnd, kNoPatient, -1);
  zero(levels_);
  std::fill(result_.exit_counts.begin(), result_.exit_counts.end(), 0);
  std::fill(result_.drug_testing.begin(), result_.drug_testing.end(), 0);
  result_.system = SystemCounters{};
  zero(class_work_);
  for (SystemCounters& c : result_.class_system)
    c = SystemCounters{};
  result_.events = 0;
  for (LevelAreas& a : areas_)
    a.census_area_at_day_start = a.waitlist_area_at_day_start = 0;
  for (double& a : class_census_area_at_day_start_)
    a = 0;
}

void StatsRecorder::on_day_end(std::size_t day, double now) {
  const std::size_t n = areas_.size();
  const double length = now - (warmup_end_ + static_cast<double>(day));
  for (std::size_t l = 0; l < n; ++l) {
    LevelAreas& a = areas_[l];
    const LevelCounters& c = levels_[l];
    result_.daily_census[day * n + l] =
        static_cast<float>((c.census_area - a.census_area_at_day_start) / length);
    result_.daily_waitlist[day * n + l] =
        static_cast<float>((c.waitlist_area - a.waitlist_area_at_day_start) / length);
    a.census_area_at_day_start = c.census_area;
    a.waitlist_area_at_day_start = c.waitlist_area;
  }
  if (!watches_.empty()) [[unlikely]]
    check_watches(day);
  if (class_census_area_at_day_start_.empty()) return;
  const std::size_t kept = daily_class_levels_.size();
  const std::size_t per_day = class_census_area_at_day_start_.size();  // classes x kept
  for (std::size_t c = 0; c < classes_; ++c)
    for (std::size_t k = 0; k < kept; ++k) {
      const std::size_t i = c * kept + k;
      const double area = class_work_[c * n + daily_class_levels_[k]].census_area;
      result_.daily_class_census[day * per_day + i] =
          static_cast<float>((area - class_census_area_at_day_start_[i]) / length);
      class_census_area_at_day_start_[i] = area;
    }
}

// The day's values as daily.csv has them (the floats just stored), summed over levels for the
// system; a watch not yet crossed notes the day.
void StatsRecorder::check_watches(std::size_t day) {
  const std::size_t n = areas_.size();
  for (std::size_t w = 0; w < watches_.size(); ++w) {
    if (result_.watch_first_day[w] >= 0) continue;
    const DailyWatch& watch = watches_[w];
    const std::vector<float>& series =
        watch.series == WatchSeries::kCensus ? result_.daily_census : result_.daily_waitlist;
    double value = 0;
    if (watch.level >= 0) {
      value = series[day * n + static_cast<std::size_t>(watch.level)];
    } else {
      for (std::size_t l = 0; l < n; ++l)
        value += series[day * n + l];
    }
    if (watch.crosses(value)) result_.watch_first_day[w] = static_cast<std::int32_t>(day);
  }
}

ReplicationResult StatsRecorder::finish(std::uint64_t events) {
  result_.events = events;
  result_.balance = balance_;
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    static_cast<LevelTallies&>(result_.levels[l]) = levels_[l];
    result_.levels[l].p90_wait_days = levels_[l].p90_wait(whole_days_);
    result_.levels[l].p90_queue_time_days = levels_[l].p90_queue_time(whole_days_);
  }
  result_.windows.resize(windows_.size());
  for (std::size_t w = 0; w < windows_.size(); ++w) {
    WindowCounters& out = result_.windows[w];
    out.days = windows_[w].end - windows_[w].start;
    out.system = windows_[w].system;
    out.levels.resize(windows_[w].levels.size());
    for (std::size_t l = 0; l < out.levels.size(); ++l) {
      const LevelCounters& c = windows_[w].levels[l];
      static_cast<LevelTallies&>(out.levels[l]) = c;
      out.levels[l].p90_wait_days = c.p90_wait(whole_days_);
      out.levels[l].p90_queue_time_days = c.p90_queue_time(whole_days_);
    }
  }
  if (classes_ > 1) {
    result_.class_levels.resize(class_work_.size());
    for (std::size_t i = 0; i < class_work_.size(); ++i) {
      static_cast<LevelTallies&>(result_.class_levels[i]) = class_work_[i];
      result_.class_levels[i].capacity_area =
          result_.levels[i % result_.levels.size()].capacity_area;
      result_.class_levels[i].p90_wait_days = class_work_[i].p90_wait(whole_days_);
      result_.class_levels[i].p90_queue_time_days = class_work_[i].p90_queue_time(whole_days_);
      result_.class_levels[i].reviews = class_auth_[i].reviews;
      result_.class_levels[i].denials = class_auth_[i].denials;
      result_.class_levels[i].denied_days = class_auth_[i].denied_days;
    }
  }
  return std::move(result_);
}

}  // namespace continuum
