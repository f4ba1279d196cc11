// Sampling: the raw generator, uniforms, and every distribution of the scenario format.
#include "bench_util.hpp"
#include "continuum/core/rng.hpp"
#include "continuum/model/distribution.hpp"

namespace continuum::bench {
namespace {

void BM_Rng_Next(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state)
    benchmark::DoNotOptimize(rng());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Rng_Next);

void BM_Rng_Uniform01(benchmark::State& state) {
  Rng rng(1);
  for (auto _ : state)
    benchmark::DoNotOptimize(rng.uniform01());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Rng_Uniform01);

void sample(benchmark::State& state, const DistributionSpec& spec) {
  Sampler sampler(spec);
  Rng rng(7);
  for (auto _ : state)
    benchmark::DoNotOptimize(sampler(rng));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(sample, exponential, DistributionSpec{Exponential{5}});
BENCHMARK_CAPTURE(sample, lognormal, DistributionSpec{Lognormal{34, 28}});
BENCHMARK_CAPTURE(sample, gamma, DistributionSpec{Gamma{20, 14}});
BENCHMARK_CAPTURE(sample, weibull, DistributionSpec{Weibull{0.6, 30}});
BENCHMARK_CAPTURE(sample, uniform, DistributionSpec{Uniform{0.5, 3}});
BENCHMARK_CAPTURE(sample, triangular, DistributionSpec{Triangular{1, 3, 10}});
BENCHMARK_CAPTURE(sample, fixed, DistributionSpec{Fixed{7}});
BENCHMARK_CAPTURE(sample, empirical,
                  DistributionSpec{Empirical{{1, 2, 5, 10, 30}, {0.1, 0.3, 0.3, 0.2, 0.1}}});

}  // namespace
}  // namespace continuum::bench
