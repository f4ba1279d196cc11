// Routing: choosing the next level among k targets with fixed probabilities.
#include <numeric>
#include <vector>

#include "bench_util.hpp"
#include "continuum/model/distribution.hpp"

namespace continuum::bench {
namespace {

void BM_Choice(benchmark::State& state) {
  const auto k = static_cast<int>(state.range(0));
  std::vector<int> targets(static_cast<std::size_t>(k));
  std::iota(targets.begin(), targets.end(), 0);
  std::vector<double> weights;
  for (int i = 0; i < k; ++i)
    weights.push_back(1.0 + i);  // uneven, as real routing is
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (double& w : weights)
    w /= total;
  Choice choice(targets, weights);
  Rng rng(11);
  for (auto _ : state)
    benchmark::DoNotOptimize(choice(rng));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Choice)->Arg(1)->Arg(3)->Arg(6)->Arg(30);

}  // namespace
}  // namespace continuum::bench
