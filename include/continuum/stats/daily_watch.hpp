// A watch on a daily series (run --watch "levels.detox.waitlist>10"): which series, which
// comparison with which threshold. The recorder notes, per replication, the first day of the
// window whose daily value crosses (ReplicationResult::watch_first_day), as the day ends: no
// daily series needs to be kept for it.
#pragma once

#include <cstdint>

namespace continuum {

enum class WatchSeries : std::uint8_t { kCensus, kWaitlist };  // daily.csv's census, waitlist
enum class WatchOp : std::uint8_t { kGreater, kGreaterEqual, kLess, kLessEqual };

struct DailyWatch {
  int level = -1;  // the level's index; -1: the system (every level's value summed)
  WatchSeries series = WatchSeries::kWaitlist;
  WatchOp op = WatchOp::kGreater;
  double threshold = 0;

  // Whether a day's value crosses: satisfies `value op threshold`.
  bool crosses(double value) const {
    switch (op) {
      case WatchOp::kGreater:
        return value > threshold;
      case WatchOp::kGreaterEqual:
        return value >= threshold;
      case WatchOp::kLess:
        return value < threshold;
      case WatchOp::kLessEqual:
        return value <= threshold;
    }
    return false;
  }
  bool operator==(const DailyWatch&) const = default;
};

}  // namespace continuum
