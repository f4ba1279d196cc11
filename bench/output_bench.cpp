// The writers of a run's outputs, on series of the size the benchmark models produce: daily.csv
// of M/M/10 (one level, 11,112 days) and of the six-level continuum (3,650 days). Bytes per
// second of the text written into a sink that counts them (as `run` writes it, block by block,
// to the file: the file system's part is in BM_WholeProcess_*).
#include <random>
#include <string>

#include "bench_util.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/output/daily_csv.hpp"

namespace continuum::bench {
namespace {

class CountingSink final : public ByteSink {
 public:
  std::size_t bytes = 0;

 private:
  void take(std::string_view block) override {
    bytes += block.size();
    benchmark::DoNotOptimize(block.data());
  }
};

void BM_DailyCsv(benchmark::State& state) {
  const auto levels = static_cast<std::size_t>(state.range(0));
  const auto days = static_cast<std::size_t>(state.range(1));
  Scenario s;
  s.levels.resize(levels);
  for (std::size_t l = 0; l < levels; ++l)
    s.levels[l].name = "level_" + std::to_string(l);
  Summary summary;
  summary.days = days;
  std::mt19937 gen(3);
  std::uniform_real_distribution<float> census(0.0f, 40.0f);
  for (std::size_t i = 0; i < days * levels; ++i) {
    const float m = census(gen);
    summary.daily_census.push_back({m, m * 0.8f, m * 1.2f});
    summary.daily_waitlist.push_back({m / 4, 0.0f, m / 2});
  }
  CountingSink sink;
  for (auto _ : state) {
    write_daily_csv(sink, s, summary);
    sink.flush();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(sink.bytes));
}
BENCHMARK(BM_DailyCsv)->Args({1, 11112})->Args({6, 3650})->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace continuum::bench
