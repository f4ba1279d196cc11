// Waitlist churn: FIFO push and pop at a steady length, with abandoned (stale) entries that
// are skipped when they reach the front.
#include <vector>

#include "bench_util.hpp"
#include "continuum/core/rng.hpp"
#include "continuum/engine/waitlist.hpp"

namespace continuum::bench {
namespace {

void BM_Waitlist_Churn(benchmark::State& state) {
  const auto length = static_cast<std::uint32_t>(state.range(0));
  const double abandon = static_cast<double>(state.range(1)) / 100;
  Waitlist waitlist;
  std::vector<std::uint32_t> tokens(length * 2, 0);
  Rng rng(5);
  std::uint32_t next = 0;
  for (std::uint32_t i = 0; i < length; ++i, ++next)
    waitlist.push({next, 0});
  std::int64_t admitted = 0;
  for (auto _ : state) {
    // one referral joins; one patient at the front is admitted, skipping stale entries
    const std::uint32_t p = next++ % (length * 2);
    waitlist.push({p, tokens[p]});
    if (rng.uniform01() < abandon) ++tokens[p];  // will abandon before reaching the front
    while (!waitlist.empty()) {
      const Waitlist::Entry e = waitlist.pop();
      if (tokens[e.patient] != e.token) continue;
      ++tokens[e.patient];
      ++admitted;
      break;
    }
  }
  state.SetItemsProcessed(admitted);
}
BENCHMARK(BM_Waitlist_Churn)->Args({16, 0})->Args({256, 30})->Args({4096, 30});

}  // namespace
}  // namespace continuum::bench
