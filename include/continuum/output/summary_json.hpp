// summary.json: the scenario as run and every metric's estimate; and the JSON forms of an
// estimate and a capacity that the other result files share.
#pragma once

#include <nlohmann/json.hpp>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"
#include "continuum/output/schema.hpp"
#include "continuum/stats/statistics.hpp"

namespace continuum {

// {"mean": number or null, "ci95": [lo, hi] or null}.
nlohmann::ordered_json estimate_json(const Estimate& e);
// The number, or "unlimited".
nlohmann::ordered_json capacity_json(int capacity);
// The scenario's parameters as run (arrivals, levels, relapse).
nlohmann::ordered_json scenario_json(const Scenario& scenario);
// {"schema_version", "scenario", "levels": {level: {metric: estimate}}, "system", "events"};
// with `classes:` also "classes" (classes_json) between "system" and "events"; with
// report_windows also "windows" (after "classes").
nlohmann::ordered_json summary_json(const Scenario& scenario, const Summary& summary);

// {class: {"priority", "levels": {level: {metric: estimate}}, "system": {metric: estimate}}}
// from Summary::classes, in class order.
nlohmann::ordered_json classes_json(const Scenario& scenario, const Summary& summary);
// {level: {"placed_share", "mean_days_to_placement", "p90_days_to_placement",
// "mean_interim_census"}} for the levels with interim services (summary.json's "interim").
nlohmann::ordered_json interim_json(const Scenario& scenario, const Summary& summary);
// {"thresholds", "levels": {level: {KPI: estimate}}, "classes": {class: {level: ...}}} (classes
// only with `classes:`): summary.json's "compliance".
nlohmann::ordered_json compliance_json(const Scenario& scenario, const Summary& summary);
// {"referred", "in_care", "waiting", "held", "in_community", "left", "balanced"}: the patient
// balance summed over replications; summary.json's "conservation" (run adds it, so that the
// reports, which embed summary_json, are unchanged).
nlohmann::ordered_json conservation_json(const PatientBalance& balance);

}  // namespace continuum
