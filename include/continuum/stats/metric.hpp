// The metrics a run reports, in one table: each one's name (the JSON key, CSV value and
// --target name), label, unit, stdout display and which direction is better. Values are arrays
// indexed by the enums; names are looked up only where text comes in (size --target, compare).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace continuum {

// Per level, in output order (summary.json, comparison.json, the CSV rows). kCount last.
enum class LevelMetric : std::uint8_t {
  kReferralsPerDay,
  kAdmissionsPerDay,
  kCompletionsPerDay,
  kDropoutsPerDay,
  kMeanCensus,
  kUtilization,
  kMeanWaitlist,
  kMeanWaitDays,
  kP90WaitDays,
  kMeanQueueTimeDays,
  kP90QueueTimeDays,
  kAbandonmentFraction,
  kTurnedAwayFraction,
  kMeanDaysInCare,
  kInCareAtEnd,
  kWaitingAtEnd,
  kLinkedWithin14DaysFraction,
  kLinkedWithin30DaysFraction,
  kReadmittedWithin30DaysFraction,
  kReadmittedWithin90DaysFraction,
  kPriorEpisodes0Fraction,
  kPriorEpisodes1Fraction,
  kPriorEpisodes2Fraction,
  kPriorEpisodes3Fraction,
  kPriorEpisodes4Fraction,
  kPriorEpisodes5OrMoreFraction,
  kCount
};

// For the whole system, in output order. kCount last.
enum class SystemMetric : std::uint8_t {
  kArrivalsPerDay,
  kRelapsesPerDay,
  kLostToCarePerDay,
  kMeanDaysToFirstAdmission,
  kCount
};

// A level metric or a system metric (a target, a chart): the level, if any, is named apart.
using MetricId = std::variant<LevelMetric, SystemMetric>;

enum class Unit : std::uint8_t {
  kPerDay,    // patients per day of the statistics window
  kPatients,  // a (time-average) number of patients
  kDays,
  kFraction,  // 0 to 1, of what the unit label says; report.html shows it as a percentage
  kCurrency,  // a cost, per year or per patient (staffing and sizing costs: no metric yet)
};

// Which way a change is an improvement (for comparisons and charts; nothing reads it yet).
enum class Better : std::uint8_t { kLower, kHigher, kNeither };

struct MetricInfo {
  std::string_view name;     // "mean_wait_days": JSON key, CSV value, --target name
  std::string_view label;    // "Mean wait": report.html
  std::string_view heading;  // "mean wait (d)": stdout column or line heading
  Unit unit;
  std::string_view unit_label;  // "days", "% of referrals": report.html
  int precision;                // decimals in the stdout run table (the sweep's shows one more)
  bool table_percent;           // the stdout tables show the fraction times 100, with '%'
  Better better;
};

template <class E>
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(E::kCount);

// One row per enumerator, in enum order (statistics_test spot-checks that they line up).
inline constexpr std::array<MetricInfo, kMetricCount<LevelMetric>> kLevelMetricInfo = {{
    {"referrals_per_day", "Referrals", "referrals/day", Unit::kPerDay, "patients/day", 2, false,
     Better::kNeither},
    {"admissions_per_day", "Admissions", "admissions/day", Unit::kPerDay, "patients/day", 2, false,
     Better::kHigher},
    {"completions_per_day", "Completions", "completions/day", Unit::kPerDay, "patients/day", 2,
     false, Better::kHigher},
    {"dropouts_per_day", "Dropouts", "dropouts/day", Unit::kPerDay, "patients/day", 2, false,
     Better::kLower},
    {"mean_census", "Mean census", "mean census", Unit::kPatients, "patients", 1, false,
     Better::kNeither},
    {"utilization", "Utilization", "utilization", Unit::kFraction, "% of capacity", 1, true,
     Better::kNeither},
    {"mean_waitlist", "Mean waitlist", "mean waitlist", Unit::kPatients, "patients", 1, false,
     Better::kLower},
    {"mean_wait_days", "Mean wait", "mean wait (d)", Unit::kDays, "days", 1, false, Better::kLower},
    {"p90_wait_days", "90th-percentile wait", "p90 wait (d)", Unit::kDays, "days", 1, false,
     Better::kLower},
    {"mean_queue_time_days", "Mean queue time (admitted or not)", "mean queue (d)", Unit::kDays,
     "days", 1, false, Better::kLower},
    {"p90_queue_time_days", "90th-percentile queue time (admitted or not)", "p90 queue (d)",
     Unit::kDays, "days", 1, false, Better::kLower},
    {"abandonment_fraction", "Abandoned the waitlist", "abandoned", Unit::kFraction,
     "% of referrals", 1, true, Better::kLower},
    {"turned_away_fraction", "Turned away", "turned away", Unit::kFraction, "% of referrals", 1,
     true, Better::kLower},
    {"mean_days_in_care", "Mean days in care", "days in care", Unit::kDays, "days", 1, false,
     Better::kNeither},
    {"in_care_at_end", "In care at the end", "in care at end", Unit::kPatients, "patients", 1,
     false, Better::kNeither},
    {"waiting_at_end", "Waiting at the end", "waiting at end", Unit::kPatients, "patients", 1,
     false, Better::kLower},
    {"linked_within_14_days_fraction", "Linked within 14 days", "linked 14d", Unit::kFraction,
     "% of completers routed on", 1, true, Better::kHigher},
    {"linked_within_30_days_fraction", "Linked within 30 days", "linked 30d", Unit::kFraction,
     "% of completers routed on", 1, true, Better::kHigher},
    {"readmitted_within_30_days_fraction", "Readmitted within 30 days", "readmitted 30d",
     Unit::kFraction, "% of patients leaving care", 1, true, Better::kLower},
    {"readmitted_within_90_days_fraction", "Readmitted within 90 days", "readmitted 90d",
     Unit::kFraction, "% of patients leaving care", 1, true, Better::kLower},
    {"prior_episodes_0_fraction", "No earlier admission", "0 prior", Unit::kFraction,
     "% of admissions", 1, true, Better::kNeither},
    {"prior_episodes_1_fraction", "1 earlier admission", "1 prior", Unit::kFraction,
     "% of admissions", 1, true, Better::kNeither},
    {"prior_episodes_2_fraction", "2 earlier admissions", "2 prior", Unit::kFraction,
     "% of admissions", 1, true, Better::kNeither},
    {"prior_episodes_3_fraction", "3 earlier admissions", "3 prior", Unit::kFraction,
     "% of admissions", 1, true, Better::kNeither},
    {"prior_episodes_4_fraction", "4 earlier admissions", "4 prior", Unit::kFraction,
     "% of admissions", 1, true, Better::kNeither},
    {"prior_episodes_5_or_more_fraction", "5 or more earlier admissions", "5+ prior",
     Unit::kFraction, "% of admissions", 1, true, Better::kNeither},
}};

inline constexpr std::array<MetricInfo, kMetricCount<SystemMetric>> kSystemMetricInfo = {{
    {"arrivals_per_day", "External referrals", "arrivals/day", Unit::kPerDay, "patients/day", 2,
     false, Better::kNeither},
    {"relapses_per_day", "Relapses", "relapses/day", Unit::kPerDay, "patients/day", 2, false,
     Better::kLower},
    {"lost_to_care_per_day", "Lost to care", "lost to care/day", Unit::kPerDay, "patients/day", 2,
     false, Better::kLower},
    {"mean_days_to_first_admission", "Days to first admission", "days to first admission",
     Unit::kDays, "days", 1, false, Better::kLower},
}};

constexpr const MetricInfo& metric_info(LevelMetric m) {
  return kLevelMetricInfo[static_cast<std::size_t>(m)];
}
constexpr const MetricInfo& metric_info(SystemMetric m) {
  return kSystemMetricInfo[static_cast<std::size_t>(m)];
}
const MetricInfo& metric_info(MetricId m);

// Every metric of kind E, in output order: `for (LevelMetric m : all_metrics<LevelMetric>())`.
template <class E>
constexpr std::array<E, kMetricCount<E>> all_metrics() {
  std::array<E, kMetricCount<E>> out{};
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<E>(i);
  return out;
}

// The metric of that name, or none (the name as in summary.json).
std::optional<LevelMetric> parse_level_metric(std::string_view name);
std::optional<SystemMetric> parse_system_metric(std::string_view name);

// The names of every metric of kind E, comma-separated, for messages: "arrivals_per_day, ...".
template <class E>
std::string metric_name_list();

// One value per metric of kind E, indexed by the metric: a replication's values (T = double)
// or their estimates (T = Estimate).
template <class E, class T = double>
class MetricValues {
 public:
  T& operator[](E m) { return values_[static_cast<std::size_t>(m)]; }
  const T& operator[](E m) const { return values_[static_cast<std::size_t>(m)]; }

 private:
  std::array<T, kMetricCount<E>> values_{};
};

}  // namespace continuum
