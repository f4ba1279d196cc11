// The allowed range of every numeric scenario field, in one table: the loader's messages, the
// setting paths (model/setting_path.hpp) and docs/scenario-format.md all read these numbers.
#pragma once

#include <string>
#include <string_view>

namespace continuum {

// One numeric field's range. The bounds reject absurd values (typos such as an extra zero)
// before they cost hours of simulation.
struct Bound {
  std::string_view field;  // the scenario key it bounds, as messages name it
  double min = 0;
  double max = 0;
  std::string_view unit;      // for docs and readers: "days", "per day", "patients", ...
  bool whole = false;         // whole numbers only (messages print the limits as integers)
  bool min_excluded = false;  // min itself is not allowed ("must be greater than")
};

// Why `value` is outside `bound`, without the field's path: "must be at least 1 (got -3)",
// "must be greater than 0 (got 0)", "must be at most 36500 (got 1e+06)", or for a whole-number
// field "expected a whole number (got 10.5)". "" when the value is allowed.
std::string bound_problem(const Bound& bound, double value);

namespace bounds {

inline constexpr double kMaxDays = 36500;  // 100 years
inline constexpr double kMaxRatePerDay = 100000;
inline constexpr double kMaxCapacity = 1000000;
inline constexpr double kMaxWaitlist = 100000000;
inline constexpr double kHoursPerWeek = 168;
// How far routing probabilities may sum from 1 (rounding in hand-written decimals).
inline constexpr double kProbabilitySumTolerance = 1e-6;

// The run. The horizon is at least a day, as `run --horizon-days` takes it: the window's time
// averages are areas over [warm-up, warm-up + horizon) divided by the horizon, and a horizon
// shorter than the rounding of warm-up + horizon (1e-13 after a warm-up of 1000 days) divides
// the wrong area. From a day up, that rounding is below 1e-11 of the horizon.
inline constexpr Bound kHorizonDays{
    .field = "horizon_days", .min = 1, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kWarmupDays{
    .field = "warmup_days", .min = 0, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kReplications{
    .field = "replications", .min = 1, .max = 100000, .unit = "replications", .whole = true};

// Distributions: every parameter in days (shape excepted), at most kMaxDays.
inline constexpr Bound kDistributionParameter{.field = "mean, sd, shape, scale, value",
                                              .min = 0,
                                              .max = kMaxDays,
                                              .unit = "days",
                                              .min_excluded = true};
inline constexpr Bound kDistributionEndpoint{
    .field = "min, mode, max", .min = 0, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kWeibullShape{
    .field = "shape", .min = 0.05, .max = kMaxDays, .unit = "none"};
// Loglogistic: shape above 1 so that the mean is finite (the network analysis and the rate of an
// `interarrival` stream need it).
inline constexpr Bound kLoglogisticShape{
    .field = "shape", .min = 1, .max = kMaxDays, .unit = "none", .min_excluded = true};
// Lognormal by its logarithm (meanlog, sdlog); the mean exp(meanlog + sdlog^2 / 2) must also be
// at most kMaxDays.
inline constexpr Bound kMeanlog{.field = "meanlog", .min = -10, .max = 10, .unit = "log days"};
inline constexpr Bound kSdlog{
    .field = "sdlog", .min = 0, .max = 5, .unit = "log days", .min_excluded = true};
// Days given day by day (daily_hazard, daily_hazard_logistic, survival): hazards and shares are
// probabilities; at most kMaxDays values or table days.
inline constexpr Bound kDailyHazard{
    .field = "values[i], p1, p4", .min = 0, .max = 1, .unit = "probability per day"};
inline constexpr Bound kLogisticSteepness{
    .field = "p2", .min = 0, .max = 100, .unit = "none", .min_excluded = true};
inline constexpr Bound kSurvivalDay{
    .field = "days[i]", .min = 1, .max = kMaxDays, .unit = "days", .whole = true};
inline constexpr Bound kSurvivingShare{
    .field = "surviving[i]", .min = 0, .max = 1, .unit = "fraction"};
inline constexpr Bound kEmpiricalValue{
    .field = "values[i]", .min = 0, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kEmpiricalWeight{
    .field = "weights[i]", .min = 0, .max = 1e12, .unit = "relative weight"};

// Routing tables and other probabilities.
inline constexpr Bound kProbability{.field = "probability", .min = 0, .max = 1, .unit = "fraction"};

// Arrival streams.
inline constexpr Bound kRatePerDay{.field = "rate_per_day",
                                   .min = 0,
                                   .max = kMaxRatePerDay,
                                   .unit = "referrals per day",
                                   .min_excluded = true};
// arrivals[].schedule: days of the window (negative: the warm-up) and a rate that may be 0.
inline constexpr Bound kScheduleDay{
    .field = "schedule day", .min = -kMaxDays, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kScheduleRate{
    .field = "rate_per_day", .min = 0, .max = kMaxRatePerDay, .unit = "referrals per day"};
// report_windows: days of the statistics window (at most the horizon, in fact).
inline constexpr Bound kWindowDay{.field = "day", .min = 0, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kStartDay{.field = "start_day", .min = 0, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kGrowthPerYear{
    .field = "growth_per_year", .min = -0.9, .max = 10, .unit = "fraction per year"};
inline constexpr Bound kMonthlyFactor{
    .field = "monthly_factors[i]", .min = 0, .max = 100, .unit = "factor"};

// Levels.
inline constexpr Bound kCapacity{
    .field = "capacity", .min = 1, .max = kMaxCapacity, .unit = "patients", .whole = true};
inline constexpr Bound kWaitlistMaxLength{
    .field = "max_length", .min = 0, .max = kMaxWaitlist, .unit = "patients", .whole = true};
// levels.L.waitlist.interim (a whole number of places, or `unlimited`) and compliance:.
inline constexpr Bound kInterimCapacity{
    .field = "capacity", .min = 0, .max = kMaxWaitlist, .unit = "patients", .whole = true};
inline constexpr Bound kAbandonmentFactor{
    .field = "abandonment_factor", .min = 0, .max = 1, .unit = "factor", .min_excluded = true};
inline constexpr Bound kComplianceDays{
    .field = "days", .min = 0, .max = kMaxDays, .unit = "days", .min_excluded = true};
inline constexpr Bound kComplianceHours{
    .field = "hours", .min = 0, .max = 24 * kMaxDays, .unit = "hours", .min_excluded = true};
inline constexpr Bound kCapacityAlertShare{
    .field = "capacity_alert_share", .min = 0, .max = 1, .unit = "fraction", .min_excluded = true};
inline constexpr Bound kInitialInCare{
    .field = "in_care", .min = 0, .max = kMaxCapacity, .unit = "patients", .whole = true};
inline constexpr Bound kInitialWaiting{
    .field = "waiting", .min = 0, .max = kMaxWaitlist, .unit = "patients", .whole = true};
inline constexpr Bound kRecentlyDischarged{.field = "recently_discharged",
                                           .min = 0,
                                           .max = kMaxWaitlist,
                                           .unit = "patients",
                                           .whole = true};
inline constexpr Bound kInitialDays{
    .field = "days_in_care[i], days_waited[i]", .min = 0, .max = kMaxDays, .unit = "days"};

// Patient classes (`classes:`) and a level's reserved slots. Every level and stream holds one
// entry per class, so their number is bounded.
inline constexpr int kMaxClasses = 32;
inline constexpr Bound kClassPriority{
    .field = "priority", .min = -1000, .max = 1000, .unit = "rank", .whole = true};
inline constexpr Bound kReserved{
    .field = "reserved", .min = 0, .max = kMaxCapacity, .unit = "patients", .whole = true};
// Drug testing (levels.L.drug_testing).
inline constexpr Bound kTestsPerWeek{
    .field = "tests_per_week", .min = 1, .max = 7, .unit = "tests per week", .whole = true};
inline constexpr Bound kAfterPositives{
    .field = "after_positives", .min = 1, .max = 1000, .unit = "positive tests", .whole = true};
inline constexpr int kMaxPositiveByWeek = 520;  // weeks listed in positive_by_week (10 years)

// Staff roles (staff.roles) and a level's staff and cost.
// The divisors of the FTE (hours / (hours_per_fte_week x productive_share), n /
// patients_per_staff, n / caseload) have floors, so that no FTE or cost overflows to inf.
inline constexpr Bound kHoursPerFteWeek{
    .field = "hours_per_fte_week", .min = 1, .max = kHoursPerWeek, .unit = "hours per week"};
inline constexpr Bound kProductiveShare{
    .field = "productive_share", .min = 0.01, .max = 1, .unit = "fraction"};
inline constexpr Bound kCostPerFteYear{
    .field = "cost_per_fte_year", .min = 0, .max = 1e7, .unit = "currency per year"};
inline constexpr Bound kCostPerPatientDay{
    .field = "cost_per_patient_day", .min = 0, .max = 1e6, .unit = "currency per day"};
inline constexpr Bound kSessionsPerWeek{.field = "sessions_per_week",
                                        .min = 0,
                                        .max = 21,
                                        .unit = "sessions per week",
                                        .min_excluded = true};
inline constexpr Bound kHoursPerSession{
    .field = "hours_per_session", .min = 0, .max = 24, .unit = "hours", .min_excluded = true};
inline constexpr Bound kGroupSizeMax{
    .field = "group_size_max", .min = 1, .max = 10000, .unit = "patients", .whole = true};
// levels.L.sessions: complete_after and discharge_after_missed (sessions).
inline constexpr Bound kSessionCount{.field = "complete_after, discharge_after_missed",
                                     .min = 1,
                                     .max = 10000,
                                     .unit = "sessions",
                                     .whole = true};
inline constexpr Bound kPatientsPerStaff{
    .field = "patients_per_staff", .min = 0.01, .max = 1e6, .unit = "patients"};
inline constexpr Bound kCoverageHoursPerWeek{.field = "coverage_hours_per_week",
                                             .min = 0,
                                             .max = kHoursPerWeek,
                                             .unit = "hours per week",
                                             .min_excluded = true};
inline constexpr Bound kMinimumOnDuty{
    .field = "minimum_on_duty", .min = 0, .max = 100000, .unit = "staff", .whole = true};
inline constexpr Bound kHoursPerPatientWeek{.field = "hours_per_patient_week",
                                            .min = 0,
                                            .max = kHoursPerWeek,
                                            .unit = "hours per patient-week"};
inline constexpr Bound kCaseload{
    .field = "caseload", .min = 0.01, .max = 1e6, .unit = "patients per FTE"};
inline constexpr Bound kFacilitatorsPerGroup{
    .field = "facilitators_per_group", .min = 0, .max = 100, .unit = "staff"};
inline constexpr Bound kStaffOnHand{.field = "staff_on_hand", .min = 0, .max = 1e6, .unit = "FTE"};

// Payers and authorization (levels.L.authorization.<payer>, levels.L.revenue_per_patient_day).
inline constexpr int kMaxPayers = 32;  // a patient's payer is kept in one byte
inline constexpr Bound kInitialAuthorizedDays{
    .field = "initial_days", .min = 0, .max = kMaxDays, .unit = "days"};
// A review interval of at least a day: a payer reviews a stay at most daily, and each review is
// one approval draw at admission (a stay of 36500 days has at most 36500 of them).
inline constexpr Bound kReviewEveryDays{
    .field = "review_every_days", .min = 1, .max = kMaxDays, .unit = "days"};
inline constexpr Bound kRevenuePerPatientDay{
    .field = "revenue_per_patient_day", .min = 0, .max = 1e6, .unit = "currency per day"};

// Dated changes (`changes:`) and settings by path (`sweep --set`, `size`): a level may be closed
// (capacity 0) and a Poisson stream stopped (rate 0).
inline constexpr Bound kChangeDay{
    .field = "day", .min = 0, .max = kMaxDays, .unit = "days"};  // at most the horizon, in fact
inline constexpr Bound kSetCapacity{
    .field = "capacity", .min = 0, .max = kMaxCapacity, .unit = "patients", .whole = true};
inline constexpr Bound kSetRatePerDay{
    .field = "rate_per_day", .min = 0, .max = kMaxRatePerDay, .unit = "referrals per day"};

}  // namespace bounds
}  // namespace continuum
