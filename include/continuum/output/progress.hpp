// The progress line of size, sweep and compare on a terminal: which candidate, point or scenario
// is running, its replications and the time left.
#pragma once

#include <string>

namespace continuum {

struct ProgressState {
  int index = 0;      // the candidate, point or scenario running, from 1
  int count = 0;      // how many there are; 0: not known (size)
  std::string label;  // "iop capacity 64"
  int done = 0;       // its replications done
  int replications = 0;
  double eta_seconds = -1;  // below 0: not known yet
};

// "[3/7] iop capacity 64: 23/50 replications, ETA 0:41" ("[3] ..." when the count is not known;
// no ETA when it is not known yet).
std::string progress_text(const ProgressState& state);
// Seconds as M:SS or H:MM:SS, rounded up: "0:41", "1:02:03".
std::string eta_text(double seconds);

}  // namespace continuum
