// The event calendar at realistic sizes: push, pop, the hold model (pop one, push one later),
// and lazy cancellation (stale events popped and skipped).
#include <cmath>
#include <vector>

#include "bench_util.hpp"
#include "continuum/core/rng.hpp"
#include "continuum/engine/event_calendar.hpp"

namespace continuum::bench {
namespace {

// Fills a calendar with n events at exponential times (mean n / 10 days: a busy system).
void fill(EventCalendar& calendar, Rng& rng, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    calendar.push(rng.uniform01() * static_cast<double>(n) / 10, EventType::kDischarge,
                  static_cast<std::uint32_t>(i));
}

void BM_Calendar_PushPop(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventCalendar calendar;
  calendar.reserve(n);
  Rng rng(1);
  for (auto _ : state) {
    fill(calendar, rng, n);
    while (!calendar.empty())
      benchmark::DoNotOptimize(calendar.pop());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_Calendar_PushPop)->Arg(1 << 6)->Arg(1 << 10)->Arg(1 << 14)->Arg(1 << 17);

// The hold model: at steady state every pop schedules one event later on (a stay or a gap).
void BM_Calendar_Hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventCalendar calendar;
  calendar.reserve(n + 1);
  Rng rng(2);
  fill(calendar, rng, n);
  for (auto _ : state) {
    const Event e = calendar.pop();
    calendar.push(e.time - 30 * std::log1p(-rng.uniform01()), EventType::kDischarge, e.subject);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Calendar_Hold)->Arg(1 << 6)->Arg(1 << 10)->Arg(1 << 14)->Arg(1 << 17);

// Lazy cancellation: a third of the pushed events are abandonments made stale before they
// come up (the patient was admitted); they are popped and skipped by token.
void BM_Calendar_HoldWithCancellation(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventCalendar calendar;
  calendar.reserve(2 * n);
  std::vector<std::uint32_t> tokens(n, 0);
  Rng rng(3);
  fill(calendar, rng, n);
  std::int64_t live = 0;
  for (auto _ : state) {
    const Event e = calendar.pop();
    if (e.type() == EventType::kAbandon && tokens[e.subject] != e.token) continue;
    ++live;
    const std::uint32_t p = e.subject;
    calendar.push(e.time - 30 * std::log1p(-rng.uniform01()), EventType::kDischarge, p);
    if (rng.uniform01() < 0.5) {
      calendar.push(e.time - 30 * std::log1p(-rng.uniform01()), EventType::kAbandon, p, tokens[p]);
      if (rng.uniform01() < 0.67) ++tokens[p];  // admitted before its patience ran out
    }
  }
  state.SetItemsProcessed(live);
}
BENCHMARK(BM_Calendar_HoldWithCancellation)->Arg(1 << 10)->Arg(1 << 14);

}  // namespace
}  // namespace continuum::bench
