// What one replication counts of interim services and compliance (stats/compliance.hpp counts
// it; ReplicationResult keeps it).
#pragma once

#include <cmath>

namespace continuum {

// Per level with interim services, over the statistics window. All doubles (counts are exact up
// to 2^53): the codec copies them as they are.
struct InterimTallies {
  double joins = 0;               // joined the waitlist at home, the joining in the window
  double placed = 0;              // ... of them, placed in interim service by the horizon
  double placements = 0;          // placements in the window
  double placement_wait_sum = 0;  // ... joining to placement, summed (days)
  double census_area = 0;         // integral over the window of the number in interim service
  double p90_placement_wait = NAN;
};

// Per level (and per class and level), over referrals to the level (joining its waitlist or
// admitted on arrival) made in the window; N-day counts only over referrals made more than N days
// before the horizon (a later one cannot be judged).
struct ComplianceTallies {
  double judged = 0;                 // referrals judged for admit_within_days
  double admitted = 0;               // ... admitted within admit_within_days
  double judged_max = 0;             // referrals judged for admit_within_days_max
  double admitted_max = 0;           // ... admitted within admit_within_days_max
  double interim_fast = 0;           // judged referrals given interim within interim_within_hours
  double interim_fast_admitted = 0;  // ... of them, admitted within admit_within_days
  double days = 0;                   // days of the window ended (levels only; limited capacity)
  double alert_days = 0;             // ... with the end-of-day census >= share x capacity
};

}  // namespace continuum
