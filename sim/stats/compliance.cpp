// Interim services and compliance KPIs: the recorder's less frequent steps and the KPIs
// (stats/compliance.hpp; definitions in docs/outputs.md).
#include "continuum/stats/compliance.hpp"

#include <algorithm>
#include <utility>

#include "continuum/model/capacity.hpp"

namespace continuum {

namespace {
double interim_ratio(double num, double den) {
  return den > 0 ? num / den : NAN;
}
}  // namespace

KpiValues interim_metrics(const InterimTallies& t, double window_days) {
  return {interim_ratio(t.placed, t.joins), interim_ratio(t.placement_wait_sum, t.placements),
          t.placements > 0 ? t.p90_placement_wait : NAN, interim_ratio(t.census_area, window_days)};
}

KpiValues compliance_metrics(const ComplianceTallies& t) {
  return {interim_ratio(t.admitted, t.judged),
          interim_ratio(t.interim_fast - t.interim_fast_admitted, t.judged - t.admitted),
          interim_ratio(t.admitted_max, t.judged_max), interim_ratio(t.alert_days, t.days)};
}

void ComplianceRecorder::configure(const std::optional<Model::Compliance>& thresholds,
                                   std::vector<bool> interim_levels, std::size_t classes) {
  thresholds_ = thresholds;
  interim_levels_ = std::move(interim_levels);
  levels_ = interim_levels_.size();
  classes_ = classes;
}

void ComplianceRecorder::start(double warmup_end, double end) {
  warmup_end_ = warmup_end;
  end_ = end;
  const bool interim =
      std::find(interim_levels_.begin(), interim_levels_.end(), true) != interim_levels_.end();
  interim_.assign(interim ? levels_ : 0, InterimTallies{});
  interim_last_.assign(interim ? levels_ : 0, 0.0);
  placement_waits_.resize(interim ? levels_ : 0);
  for (WaitHistogram& h : placement_waits_)
    h.clear();
  compliance_.assign(thresholds_ ? levels_ * (classes_ > 1 ? 1 + classes_ : 1) : 0,
                     ComplianceTallies{});
}

void ComplianceRecorder::on_interim_placed(LevelId level, std::uint8_t cls, double joined,
                                           double now, bool fast) {
  InterimTallies& t = interim_[index_of(level)];
  const double wait = now - joined;
  if (joined >= warmup_end_) ++t.placed;
  if (now >= warmup_end_) {
    ++t.placements;
    t.placement_wait_sum += wait;
    placement_waits_[index_of(level)].add(wait);
  }
  if (fast && thresholds_ && joined >= warmup_end_ &&
      joined + thresholds_->admit_within_days < end_)
    each(level, cls, [](ComplianceTallies& c) { ++c.interim_fast; });
}

void ComplianceRecorder::on_referral(LevelId level, std::uint8_t cls, double now) {
  if (now < warmup_end_) return;
  const bool judged = now + thresholds_->admit_within_days < end_;
  const bool judged_max = now + thresholds_->admit_within_days_max < end_;
  each(level, cls, [&](ComplianceTallies& c) {
    c.judged += judged;
    c.judged_max += judged_max;
  });
}

void ComplianceRecorder::on_admitted(LevelId level, std::uint8_t cls, double referred, double wait,
                                     bool fast) {
  if (referred < warmup_end_) return;
  const Model::Compliance& t = *thresholds_;
  const bool within = referred + t.admit_within_days < end_ && wait <= t.admit_within_days;
  const bool within_max =
      referred + t.admit_within_days_max < end_ && wait <= t.admit_within_days_max;
  each(level, cls, [&](ComplianceTallies& c) {
    c.admitted += within;
    c.interim_fast_admitted += within && fast;
    c.admitted_max += within_max;
  });
}

void ComplianceRecorder::on_day_end(LevelId level, int in_care, int capacity) {
  if (is_unlimited(capacity)) return;
  ComplianceTallies& c = compliance_[index_of(level)];
  ++c.days;
  c.alert_days += in_care >= thresholds_->capacity_alert_share * capacity;
}

void ComplianceRecorder::finish(std::vector<InterimTallies>& interim,
                                std::vector<ComplianceTallies>& compliance) {
  for (std::size_t l = 0; l < interim_.size(); ++l)
    if (interim_[l].placements > 0)
      interim_[l].p90_placement_wait = placement_waits_[l].quantile(0.9, whole_days_);
  interim = interim_;
  compliance = compliance_;
}

}  // namespace continuum
