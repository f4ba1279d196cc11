// What the subcommands share: --out, --replications, --threads, --seed and --force declared
// once, a checked scenario, the cost check, the progress line, input errors.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include "commands.hpp"
#include "continuum/core/number_text.hpp"
#include "continuum/experiment/plan.hpp"
#include "continuum/network/checked_load.hpp"
#include "continuum/network/network.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/progress.hpp"

namespace continuum::cli {

namespace {
MpiSession* g_session = nullptr;              // the MPI job, when a launcher started this
std::unique_ptr<MpiExecutor> g_mpi_executor;  // for g_session, of g_mpi_threads per rank
int g_mpi_threads = -1;
}  // namespace

void set_cluster(MpiSession* session) {
  g_session = session;
  g_mpi_executor.reset();
}

bool is_output_rank() {
  return !g_session || g_session->rank() == 0;
}

RunOptions CommonFlags::run_options() const {
  RunOptions options;
  if (replications > 0) options.replications = replications;
  if (seed_option && seed_option->count() > 0) options.seed = seed;
  options.threads = threads;
  if (g_session) {
    if (!g_mpi_executor || g_mpi_threads != threads) {
      g_mpi_executor = std::make_unique<MpiExecutor>(*g_session, threads);
      g_mpi_threads = threads;
    }
    options.executor = g_mpi_executor.get();
  }
  return options;
}

CostRequest CommonFlags::cost_request(const Scenario& scenario, bool record_daily) const {
  CostRequest request;
  request.replications = replications > 0 ? replications : scenario.replications;
  request.threads = threads;
  request.record_daily = record_daily;
  return request;
}

bool refuse_if_too_large(const CostEstimate& estimate, const CommonFlags& flags) {
  if (flags.force) return false;
  const std::optional<std::string> refusal = over_limits(estimate);
  if (!refusal) return false;
  input_error(*refusal);
  return true;
}

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!parse_number(text)) return fmt::format("expected a number (got '{}')", text);
        return "";
      },
      "");
}

CLI::Validator whole_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::size_t digits = text.starts_with('-') ? 1 : 0;
        if (text.size() == digits ||
            text.find_first_not_of("0123456789", digits) != std::string::npos)
          return fmt::format("expected a whole number (got '{}')", text);
        return "";
      },
      "");
}

CLI::Validator seed_number() {
  return CLI::Validator([](std::string& text) { return seed_problem(text); }, "");
}

CLI::Validator not_empty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? "must not be empty: give a path, or leave the option out" : "";
      },
      "");
}

void add_common_flags(CLI::App& command, CommonFlags& flags, const FlagHelp& help) {
  if (!help.out_default.empty())
    command
        .add_option("--out", flags.out,
                    fmt::format("Output directory (default: {})", help.out_default))
        ->check(not_empty());
  command
      .add_option("--replications", flags.replications,
                  fmt::format("{} (default: {})", help.replications, help.defaults_from))
      ->check(whole_number())
      ->check(CLI::Range(help.min_replications, 100000));
  command.add_option("--threads", flags.threads, "Worker threads (default: all cores)")
      ->check(whole_number())
      ->check(CLI::Range(1, 1024));
  flags.seed_option = command
                          .add_option("--seed", flags.seed,
                                      fmt::format("Base seed (default: {})", help.defaults_from))
                          ->check(seed_number());
  command.add_flag("--quiet", flags.quiet, "No progress line on stderr");
  command.add_flag("--force", flags.force,
                   "Run even when the cost estimate passes the limits (8 GiB, 24 h)");
}

Scenario load_checked(const std::string& path, const LoadOptions& options,
                      std::vector<std::string>* files) {
  std::vector<Diagnostic> warnings;
  Scenario s = load_checked_scenario(path, warnings, options, files);
  for (const auto& w : warnings)
    std::cerr << w.format() << '\n';
  return s;
}

std::function<void(int, int)> progress_line(const std::string& what, bool quiet) {
  if (quiet || !is_output_rank() || !::isatty(STDERR_FILENO)) return {};
  auto mutex = std::make_shared<std::mutex>();  // the worker threads report concurrently
  return [mutex, what](int done, int total) {
    std::lock_guard lock(*mutex);
    std::fprintf(stderr, "\r%s: %d/%d replications", what.c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}

struct PlanProgress::State {
  std::mutex mutex;  // the worker threads report concurrently
  int count = 0;
  Label label;
  std::chrono::steady_clock::time_point start, plan_start;
  int offset = 0;              // variants of the earlier plans
  long long items_before = 0;  // replications of the earlier plans
  int per_variant = 0;         // replications of each variant
  std::vector<int> first;      // the current plan's: replications before each variant, then all
  std::vector<std::string> labels;
  std::chrono::steady_clock::time_point last_print;
  bool printed = false;

  void start_plan(const Plan& plan) {
    std::lock_guard lock(mutex);
    const auto now = std::chrono::steady_clock::now();
    if (first.empty()) start = now;
    offset += static_cast<int>(labels.size());
    items_before += first.empty() ? 0 : first.back();
    plan_start = now;
    labels.clear();
    first.assign(1, 0);
    for (std::size_t v = 0; v < plan.variants.size(); ++v) {
      labels.push_back(label(offset + static_cast<int>(v), plan.variants[v]));
      const int n = plan.replications(v) - plan.first_replication(v);
      first.push_back(first.back() + n);
      if (v == 0) per_variant = n;
    }
  }

  void report(int done, int total) {
    std::lock_guard lock(mutex);
    if (labels.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && printed && now - last_print < std::chrono::milliseconds(100)) return;
    last_print = now;
    // The variant of the next replication in plan order (the last one once all are done).
    std::size_t v = 0;
    while (v + 1 < labels.size() && first[v + 1] <= done)
      ++v;
    ProgressState p;
    p.index = offset + static_cast<int>(v) + 1;
    p.count = count;
    p.label = labels[v];
    p.done = std::min(done - first[v], first[v + 1] - first[v]);
    p.replications = first[v + 1] - first[v];
    if (done > 0) {
      // Over the whole command when its size is known, else over this plan.
      const long long all_done = count > 0 ? items_before + done : done;
      const long long all = count > 0 ? static_cast<long long>(count) * per_variant : total;
      const double elapsed =
          std::chrono::duration<double>(now - (count > 0 ? start : plan_start)).count();
      p.eta_seconds = elapsed * static_cast<double>(std::max(0LL, all - all_done)) /
                      static_cast<double>(all_done);
    }
    std::fprintf(stderr, "\r%s\033[K", progress_text(p).c_str());
    std::fflush(stderr);
    printed = true;
  }
};

PlanProgress::PlanProgress(RunOptions& options, int count, Label label, bool quiet) {
  if (quiet || !is_output_rank() || !::isatty(STDERR_FILENO)) return;
  state_ = std::make_shared<State>();
  state_->count = count;
  state_->label = std::move(label);
  options.plan_started = [s = state_](const Plan& plan) { s->start_plan(plan); };
  options.progress = [s = state_](int done, int total) { s->report(done, total); };
}

void PlanProgress::finish() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  if (state_->printed) std::fputc('\n', stderr);
  state_->printed = false;
}

std::string output_file_refusal(const std::string& option, const std::string& path,
                                const std::vector<std::string>& inputs) {
  const std::string reason = single_file_refusal(path, inputs);
  return reason.empty() ? "" : fmt::format("{} {}: {}", option, path, reason);
}

int input_error(const std::string& message) {
  std::cerr << "continuum: error: " << message << '\n';
  return kExitInputError;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace continuum::cli
