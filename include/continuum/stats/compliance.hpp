// Interim services (levels.L.waitlist.interim) and the compliance KPIs (compliance:): what one
// replication counts, the recorder that counts it, and the KPIs derived from the counts
// (docs/outputs.md, "interim" and "compliance"). Kept apart from StatsRecorder: a model without
// these keys never calls it and its results carry empty vectors.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "continuum/model/model.hpp"
#include "continuum/stats/compliance_tallies.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// The KPIs, in output order (the JSON keys).
inline constexpr std::array<std::string_view, 4> kInterimMetricNames = {
    "placed_share", "mean_days_to_placement", "p90_days_to_placement", "mean_interim_census"};
inline constexpr std::array<std::string_view, 4> kComplianceMetricNames = {
    "admitted_within_days_share", "interim_within_hours_share", "admitted_within_days_max_share",
    "capacity_alert_days_share"};
using KpiValues = std::array<double, 4>;
// NaN where undefined (no denominator).
KpiValues interim_metrics(const InterimTallies& t, double window_days);
KpiValues compliance_metrics(const ComplianceTallies& t);

// Across replications, each KPI's estimate (summarize, experiment/runner.hpp): per level for
// interim services (every level, empty when no level has them), and per level then [levels +
// class * levels + level] for compliance (empty unless kept).
using KpiEstimates = std::array<Estimate, 4>;

class ComplianceRecorder {
 public:
  // Kept across replications: the thresholds (none: no KPIs), which levels have interim
  // services, and the number of classes (per-class KPIs when more than one).
  void configure(const std::optional<Model::Compliance>& thresholds,
                 std::vector<bool> interim_levels, std::size_t classes);
  // Day-boundary mode: placement waits are whole days, and so is their p90 (as
  // StatsRecorder::set_whole_days).
  void set_whole_days(bool on) { whole_days_ = on; }
  bool compliance() const { return thresholds_.has_value(); }
  const Model::Compliance& thresholds() const { return *thresholds_; }
  // Before each replication.
  void start(double warmup_end, double end);

  // Interim services at `level`: a patient joined the waitlist at home at `joined`; the
  // number in interim service is about to change at `now` (it was `count` since the last
  // call); a patient who joined at `joined` was placed at `now` (`fast`: within the
  // interim_within_hours threshold).
  void on_interim_joined(LevelId level, double joined) {
    if (joined >= warmup_end_) ++interim_[index_of(level)].joins;
  }
  void accumulate_interim(LevelId level, double now, std::int64_t count) {
    double& last = interim_last_[index_of(level)];
    const double from = std::max(last, warmup_end_);
    if (now > from)
      interim_[index_of(level)].census_area += (now - from) * static_cast<double>(count);
    last = now;
  }
  void on_interim_placed(LevelId level, std::uint8_t cls, double joined, double now, bool fast);

  // Compliance: a referral to `level` at `now` (waitlisted or admitted at once); its admission
  // `wait` days after the referral at `referred` (`fast`: it had interim service within the
  // threshold); the end of a day of the window with `in_care` patients and `capacity`.
  void on_referral(LevelId level, std::uint8_t cls, double now);
  void on_admitted(LevelId level, std::uint8_t cls, double referred, double wait, bool fast);
  void on_day_end(LevelId level, int in_care, int capacity);

  // The tallies into the result (empty vectors when not kept).
  void finish(std::vector<InterimTallies>& interim, std::vector<ComplianceTallies>& compliance);

 private:
  template <class F>
  void each(LevelId level, std::uint8_t cls, F update) {
    update(compliance_[index_of(level)]);
    if (classes_ > 1) update(compliance_[levels_ + cls * levels_ + index_of(level)]);
  }
  std::optional<Model::Compliance> thresholds_;
  std::vector<bool> interim_levels_;
  std::size_t levels_ = 0, classes_ = 1;
  double warmup_end_ = 0, end_ = 0;
  std::vector<InterimTallies> interim_;  // per level (all levels when any has interim)
  std::vector<double> interim_last_;
  bool whole_days_ = false;
  std::vector<WaitHistogram> placement_waits_;  // per level with interim (else empty histograms)
  std::vector<ComplianceTallies> compliance_;   // levels, then [levels + class * levels + level]
};

}  // namespace continuum
