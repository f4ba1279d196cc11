// trace.csv: one row per step of the patient flow, levels and streams by name.
#include "continuum/output/trace_csv.hpp"

#include <fmt/format.h>

#include "continuum/output/format.hpp"

namespace continuum {

namespace {
const char* event_name(TraceEvent e) {
  switch (e) {
    case TraceEvent::kWarmupEnd:
      return "warmup_end";
    case TraceEvent::kArrival:
      return "arrival";
    case TraceEvent::kRelapse:
      return "relapse";
    case TraceEvent::kAdmitted:
      return "admitted";
    case TraceEvent::kWaitlisted:
      return "waitlisted";
    case TraceEvent::kHeld:
      return "held";
    case TraceEvent::kTurnedAway:
      return "turned_away";
    case TraceEvent::kAbandoned:
      return "abandoned";
    case TraceEvent::kCompleted:
      return "completed";
    case TraceEvent::kDroppedOut:
      return "dropped_out";
    case TraceEvent::kRelapseDue:
      return "relapse_due";
    case TraceEvent::kCapacity:
      return "capacity";
    case TraceEvent::kRate:
      return "rate";
    case TraceEvent::kDenied:
      return "denied";
    case TraceEvent::kDrugTest:
      return "drug_test";
    case TraceEvent::kStepUp:
      return "step_up";
    case TraceEvent::kSteppedUp:
      return "stepped_up";
  }
  return "?";
}
}  // namespace

std::string trace_csv_header() {
  return "replication,time,event,patient,level,other,value\n";
}

std::string trace_csv_rows(const Scenario& scenario, std::uint32_t replication,
                           const std::vector<TraceRecord>& records) {
  auto level = [&](int l) -> std::string {
    return l < 0 ? std::string{} : csv_field(scenario.levels[static_cast<std::size_t>(l)].name);
  };
  std::string out;
  out.reserve(records.size() * 48);
  auto it = std::back_inserter(out);
  for (const TraceRecord& r : records) {
    fmt::format_to(it, "{},{},{},", replication, r.time, event_name(r.event));
    if (r.patient != kNoPatient) fmt::format_to(it, "{}", r.patient);
    fmt::format_to(it, ",{},", level(r.level));
    switch (r.event) {
      case TraceEvent::kArrival:
      case TraceEvent::kRate:
        out += csv_field(scenario.arrivals[static_cast<std::size_t>(r.other)].name);
        break;
      case TraceEvent::kAbandoned:
        // A plain exit is "lost"; a named exit its name ("exit.dropped").
        out += r.other == kExit ? "lost"
               : r.other < 0    ? csv_field(std::string(scenario.target_name(r.other)))
                                : level(r.other);
        break;
      case TraceEvent::kCompleted:
      case TraceEvent::kDenied:
        out += r.other < 0 ? csv_field(std::string(scenario.target_name(r.other))) : level(r.other);
        break;
      default:
        out += level(r.other);
    }
    switch (r.event) {
      case TraceEvent::kAdmitted:
      case TraceEvent::kWaitlisted:
      case TraceEvent::kRelapseDue:
      case TraceEvent::kCapacity:
      case TraceEvent::kRate:
      case TraceEvent::kDenied:
      case TraceEvent::kDrugTest:
      case TraceEvent::kStepUp:
        fmt::format_to(it, ",{}\n", r.value);
        break;
      default:
        out += ",\n";
    }
  }
  return out;
}

}  // namespace continuum
