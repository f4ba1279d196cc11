// Whole processes, as the user runs them: `continuum run SCENARIO --threads 1` with its default
// outputs (summary.json, daily.csv, report.html) against the hand-written reference loop built
// as its own executable (continuum_reference, reference_main.cpp) on the same model, the same
// replications and horizon. Both are spawned alternately in every iteration; `ratio` is the
// continuum process's CPU time (user + system, from wait4) over the reference process's, and
// `wall_ratio` the same for elapsed time. Target (issue 14): ratio <= 1.2.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.hpp"

extern char** environ;

namespace continuum::bench {
namespace {

struct ProcessTimes {
  double cpu = 0, wall = 0;
};

// Runs argv to completion with stdout and stderr discarded; its CPU and elapsed seconds.
ProcessTimes spawn_and_wait(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + args[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(args[0] + " failed");
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), wall};
}

std::string binary(const char* name) {
  return std::string(CONTINUUM_BINARY_DIR) + "/" + name;
}

// `model`, `replications`, `horizon` and `seed` as in the scenario file `path`.
void whole_process(benchmark::State& state, const char* path, const char* model,
                   const char* replications, const char* horizon, const char* seed) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("continuum-e2e-" + std::to_string(getpid()));
  const std::vector<std::string> engine = {binary("continuum"), "run",    source_path(path),
                                           "--threads",         "1",      "--out",
                                           out.string(),        "--force"};
  const std::vector<std::string> reference = {binary("continuum_reference"), model, replications,
                                              horizon, seed};
  ProcessTimes e, r;
  for (auto _ : state) {
    const ProcessTimes re = spawn_and_wait(reference);
    const ProcessTimes en = spawn_and_wait(engine);
    r.cpu += re.cpu, r.wall += re.wall;
    e.cpu += en.cpu, e.wall += en.wall;
  }
  std::filesystem::remove_all(out);
  const auto n = static_cast<double>(state.iterations());
  state.counters["continuum_cpu_s"] = e.cpu / n;
  state.counters["reference_cpu_s"] = r.cpu / n;
  state.counters["continuum_wall_s"] = e.wall / n;
  state.counters["reference_wall_s"] = r.wall / n;
  state.counters["ratio"] = e.cpu / r.cpu;
  state.counters["wall_ratio"] = e.wall / r.wall;
}

void BM_WholeProcess_MMc(benchmark::State& state) {
  whole_process(state, "bench/scenarios/mmc.yaml", "mmc", "10", "11112", "6");
}
BENCHMARK(BM_WholeProcess_MMc)->Unit(benchmark::kMillisecond)->Iterations(iterations(5));

void BM_WholeProcess_Continuum6(benchmark::State& state) {
  whole_process(state, "bench/scenarios/continuum6.yaml", "continuum6", "100", "3650", "6");
}
BENCHMARK(BM_WholeProcess_Continuum6)->Unit(benchmark::kMillisecond)->Iterations(iterations(5));

}  // namespace
}  // namespace continuum::bench
