// The section readers of the scenario loader, private to sim/config/: one per part of the file,
// each reporting its problems to the Reader and returning what it could read.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "continuum/core/name_index.hpp"
#include "continuum/model/scenario.hpp"
#include "yaml_reader.hpp"

namespace continuum::config {

// What a distribution is of: a waitlist's patience may have an infinite mean (a day-by-day law
// where a share never gives up); every other time needs a mean of at most bounds::kMaxDays.
enum class DistributionOf { kTime, kPatience };
// {distribution: NAME, PARAMS..., round: stochastic} (read_distribution.cpp).
std::optional<DistributionSpec> read_distribution(Reader& r, const YAML::Node& node,
                                                  const std::string& path,
                                                  DistributionOf of = DistributionOf::kTime);
// daily_hazard, daily_hazard_logistic and survival: their parameters and checks
// (read_day_tables.cpp); `of` as for read_distribution.
std::optional<DistributionSpec> read_day_table(Reader& r, const YAML::Node& node,
                                               const std::string& path, const std::string& kind,
                                               DistributionOf of);
// A mapping of target names to probabilities that sum to 1; `exit` only when allowed
// (read_routes.cpp).
std::vector<Route> read_routes(Reader& r, const YAML::Node& node, const std::string& path,
                               const NameIndex& level_names, bool allow_exit);

// dropout: {probability, time} (read_levels.cpp).
std::optional<DropoutSpec> read_dropout(Reader& r, const YAML::Node& drop,
                                        const std::string& dpath);
// Which entry of `names` a key of a mapping names, or -1 (reported): class_of, payer_of.
using IndexOf = int (*)(Reader& r, const YAML::Node& key, const std::string& path,
                        const NameIndex& names);
// The entries of a mapping {NAME: number} (each within `bound`) into out[index], `out` sized
// already, dense per name (read_arrivals.cpp): their sum, or none when a number or a name was
// wrong (reported). A stream's class shares and payer mix, a level's revenue per payer.
std::optional<double> read_by_name(Reader& r, const YAML::Node& map, const std::string& path,
                                   const Bound& bound, const NameIndex& names, IndexOf index_of,
                                   std::vector<double>& out);
// A stream's classes: {CLASS: share} summing to 1, dense per class index (read_arrivals.cpp).
void read_class_shares(Reader& r, const YAML::Node& shares, const std::string& spath,
                       const NameIndex& class_names, std::vector<double>& out);

// staff: {roles: {ROLE: {...}}} (read_staff.cpp).
std::vector<StaffRole> read_staff(Reader& r, const YAML::Node& node);
// The role named by a key under staffing or staff_on_hand, or -1 (reported) (read_staff.cpp):
// `roles` are the names of staff.roles, looked up in O(log n) (a search of the roles per key
// was quadratic in roles and levels).
int role_of(Reader& r, const YAML::Node& key, const std::string& path, const NameIndex& roles);
// A level's schedule, staffing rules (with their by_class ratios), non-staff cost and staff on
// hand (read_level_staff.cpp).
void read_level_staff(Reader& r, const YAML::Node& node, const std::string& path, LevelSpec& level,
                      const NameIndex& roles, const NameIndex& class_names);

// One entry of a section of named entries: its key, its body (a mapping; null for `NAME:` alone
// or a body that is not a mapping, reported) and its path ("classes.high").
using ReadNamedEntry =
    std::function<void(const YAML::Node& key, const YAML::Node* body, const std::string& path)>;
// A top-level section of named entries, {NAME: {...}} (classes:, payers:): a mapping of 1 to
// `max` entries (else reported, and nothing read), each named as a level may be; `read_entry` on
// each in file order (read_classes.cpp). `noun` is one entry ("class").
void read_named_section(Reader& r, const YAML::Node& node, const std::string& section,
                        const std::string& noun, int max, const ReadNamedEntry& read_entry);
// classes: {CLASS: {priority}}, in file order (read_classes.cpp); at most bounds::kMaxClasses.
std::vector<ClassSpec> read_classes(Reader& r, const YAML::Node& node);
// The class a key names, or -1 (reported with the closest name) (read_classes.cpp).
int class_of(Reader& r, const YAML::Node& key, const std::string& path,
             const NameIndex& class_names);
// For a key that needs a top-level section of names (`section`: "classes", "payers"): true when
// `names` has any, else reports `node` (read_classes.cpp).
bool names_defined(Reader& r, const YAML::Node& node, const std::string& path,
                   const NameIndex& names, const std::string& section);
// For a key that needs `classes:`: true when classes are defined, else reports `node`
// (read_classes.cpp).
bool classes_defined(Reader& r, const YAML::Node& node, const std::string& path,
                     const NameIndex& class_names);
// After every section has been read without error: every relapse that can happen has a time
// and a re-entry, and no class with a priority is never referred (read_classes.cpp).
void check_classes(Reader& r, const YAML::Node& root, const Scenario& s);
// {probability, probability_after_dropout, time_to_relapse, reentry}, each optional: a level's,
// a class's or a level's class's relapse (read_relapse.cpp).
std::optional<RelapseOverride> read_relapse_override(Reader& r, const YAML::Node& node,
                                                     const std::string& path,
                                                     const NameIndex& level_names);

// The body of every entry of `levels:` in file order, in one pass: s.levels[i] was read from the
// i-th. A look-up `levels[name]` per level is a linear search in yaml-cpp, which made loading
// quadratic in the number of levels. Empty when `levels` is not a mapping.
std::vector<YAML::Node> level_bodies(const YAML::Node& levels);
// After every section has been read without error: a level whose initial state gives
// `recently_discharged` above 0 has a relapse after leaving care from it for some class
// (read_levels.cpp).
void check_recently_discharged(Reader& r, const YAML::Node& levels, const Scenario& s);
// The names of the levels, in file order (read_levels.cpp): routes anywhere may name any level.
std::vector<std::string> read_level_names(Reader& r, const YAML::Node& levels);
// Every level of `levels:` (read_levels.cpp).
std::vector<LevelSpec> read_levels(Reader& r, const YAML::Node& levels,
                                   const NameIndex& level_names, const NameIndex& roles,
                                   const NameIndex& class_names);
// arrivals: a list of referral streams (read_arrivals.cpp); `s` gives the warm-up and horizon
// a schedule must cover.
std::vector<ArrivalSpec> read_arrivals(Reader& r, const YAML::Node& arrivals, const Scenario& s,
                                       const NameIndex& level_names, const NameIndex& class_names);
// relapse: after leaving care (read_relapse.cpp).
std::optional<RelapseSpec> read_relapse(Reader& r, const YAML::Node& node,
                                        const NameIndex& level_names, const NameIndex& class_names);
// changes: dated settings, checked against the levels and streams already read, in order of
// day (read_changes.cpp).
std::vector<ChangeSpec> read_changes(Reader& r, const YAML::Node& node, const Scenario& s);

// levels.L.drug_testing (read_drug_testing.cpp), and its keys (for "did you mean").
extern const std::vector<std::string> kDrugTestingKeys;
extern const std::vector<std::string> kStepUpKeys;
std::optional<DrugTestingSpec> read_drug_testing(Reader& r, const YAML::Node& node,
                                                 const std::string& path,
                                                 const NameIndex& level_names,
                                                 const NameIndex& class_names);

// calendar: {start_date, holidays} (read_calendar.cpp).
std::optional<CalendarSpec> read_calendar(Reader& r, const YAML::Node& node);
// A list of weekdays, [Mon, Wed] (three-letter English names, each at most once, at least one),
// as a mask (read_calendar.cpp); none when it is not one.
std::optional<WeekdayMask> read_weekdays(Reader& r, const YAML::Node& node,
                                         const std::string& path);
// levels.L.sessions: {days, hours, group_size_max, attendance, discharge_after_missed,
// complete_after} (read_sessions.cpp).
std::optional<SessionsSpec> read_sessions(Reader& r, const YAML::Node& node,
                                          const std::string& path);
// levels.L.by_class.C.sessions: {attendance} (read_sessions.cpp).
std::optional<double> read_class_sessions(Reader& r, const YAML::Node& node,
                                          const std::string& path);
// The sessions' rules across the document: length_of_stay or complete_after (one of them),
// not with `schedule:`, by_class attendance only where the level has sessions, and not with
// time_step_days: 1 (read_sessions.cpp).
void check_sessions(Reader& r, const YAML::Node& levels, const Scenario& s);
// payers: {PAYER: {}}, in file order (read_payers.cpp); at most bounds::kMaxPayers.
std::vector<PayerSpec> read_payers(Reader& r, const YAML::Node& node);
// arrivals[].payers: {PAYER: share} summing to at most 1, dense per payer (read_payers.cpp).
void read_stream_payers(Reader& r, const YAML::Node& a, const std::string& apath, const Scenario& s,
                        ArrivalSpec& spec);
// Every level's authorization and revenue_per_patient_day (read_payers.cpp), after the levels.
void read_level_payers(Reader& r, const YAML::Node& levels, Scenario& s,
                       const NameIndex& level_names, const NameIndex& class_names);

// compliance: its thresholds, each optional (read_compliance.cpp).
std::optional<ComplianceSpec> read_compliance(Reader& r, const YAML::Node& node);
// With time_step_days: 1, every level's waitlist.interim is reported (read_compliance.cpp).
void check_interim_time_step(Reader& r, const YAML::Node& levels, const Scenario& s);
// report_windows: named [from_day, to_day) inside [0, horizon] (read_report_windows.cpp).
std::vector<ReportWindow> read_report_windows(Reader& r, const YAML::Node& node, const Scenario& s);

}  // namespace continuum::config
