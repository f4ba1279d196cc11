// Versions of the layouts of the result files that carry one ("schema_version"): each is bumped
// when a key of that file changes meaning or disappears (adding a key does not bump it).
#pragma once

namespace continuum {

inline constexpr int kSummarySchemaVersion = 1;     // summary.json (continuum run)
inline constexpr int kComparisonSchemaVersion = 1;  // comparison.json (continuum compare)
inline constexpr int kReportSchemaVersion = 1;      // report.html's input document

}  // namespace continuum
