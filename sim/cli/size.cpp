// continuum size: the smallest capacity (and staff) at one or more levels that meets targets,
// and the trade-off curve, as a table or JSON.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "continuum/experiment/sizing.hpp"
#include "continuum/model/bounds.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/sizing_output.hpp"
#include "continuum/output/xlsx.hpp"

namespace continuum::cli {

namespace {
struct SizeArgs {
  std::string scenario;
  std::vector<std::string> levels;
  std::vector<std::string> targets;
  std::vector<int> max_capacity;  // one, or one per level
  std::vector<int> step;          // one, or one per level
  CommonFlags flags;              // --out: where --xlsx writes (refused without --xlsx)
  bool json = false;
  bool allow_more_loss = false;  // lift the loss guard
  bool xlsx = false;             // write results.xlsx (and manifest.json) to the output directory
};

// Two --target texts that bound one metric, at one level (or the system), in one direction:
// whatever their text ("p90_wait_days<=7" and "p90_wait_days<=7.0", or "detox.p90_wait_days<=7"
// beside "p90_wait_days<=14" when detox is sized), one of the two is redundant or contradicts
// the other. A <= and a >= bound on the same metric are a range, and both are kept.
void check_bounded_once(const std::vector<std::string>& texts,
                        const std::vector<SizingTarget>& targets,
                        const std::vector<std::size_t>& given_as) {
  for (std::size_t i = 0; i < targets.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const SizingTarget& a = targets[j];
      const SizingTarget& b = targets[i];
      if (a.metric != b.metric || a.level != b.level || a.at_most != b.at_most) continue;
      throw std::invalid_argument(fmt::format(
          "--target '{}' and --target '{}' both bound {}{} from {}; give each metric at most "
          "one <= and one >= bound",
          texts[given_as[j]], texts[given_as[i]], a.level.empty() ? "" : a.level + ".",
          metric_info(a.metric).name, a.at_most ? "above (<=)" : "below (>=)"));
    }
}

// The --target texts against the scenario. Throws std::invalid_argument with a message.
std::vector<SizingTarget> parse_targets(const SizeArgs& args, const Scenario& scenario) {
  for (std::size_t i = 0; i < args.levels.size(); ++i) {
    const std::string& level = args.levels[i];
    if (scenario.level_index(level) < 0)
      throw std::invalid_argument(
          fmt::format("--level '{}': the scenario has no such level", level));
    for (std::size_t j = 0; j < i; ++j)
      if (args.levels[j] == level)
        throw std::invalid_argument(
            fmt::format("--level '{}': given twice; give each level to size once", level));
  }
  for (std::size_t i = 0; i < args.targets.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (args.targets[j] == args.targets[i])
        throw std::invalid_argument(
            fmt::format("--target '{}': given twice; give each target once", args.targets[i]));
  std::vector<SizingTarget> targets;
  std::vector<std::size_t> given_as;  // targets[i] comes of args.targets[given_as[i]]
  for (std::size_t i = 0; i < args.targets.size(); ++i)
    for (auto& t : parse_sizing_target(args.targets[i], scenario, args.levels)) {
      targets.push_back(std::move(t));
      given_as.push_back(i);
    }
  check_bounded_once(args.targets, targets, given_as);
  if (args.max_capacity.size() > 1 && args.max_capacity.size() != args.levels.size())
    throw std::invalid_argument("--max-capacity: give one value, or one per --level");
  if (args.step.size() > 1 && args.step.size() != args.levels.size())
    throw std::invalid_argument("--step: give one value, or one per --level");
  return targets;
}

SizingOptions sizing_options(const SizeArgs& args, const RunOptions& run) {
  SizingOptions options;
  options.run = run;
  options.max_capacity = args.max_capacity;
  if (args.max_capacity.size() == 1)
    options.max_capacity.assign(args.levels.size(), args.max_capacity[0]);
  options.step = args.step;
  options.allow_more_loss = args.allow_more_loss;
  if (args.step.size() == 1) options.step.assign(args.levels.size(), args.step[0]);
  return options;
}

int size_scenario(const SizeArgs& args) {
  // size prints its answer; it writes files only with --xlsx (run, compare and sweep always
  // write into --out): a --out alone would name a directory nothing is written to.
  if (!args.xlsx && !args.flags.out.empty())
    return input_error(fmt::format(
        "--out {}: size writes files only with --xlsx (results.xlsx and manifest.json); add "
        "--xlsx, or drop --out",
        args.flags.out));
  const Scenario scenario = load_checked(args.scenario);
  std::vector<SizingTarget> targets;
  try {
    targets = parse_targets(args, scenario);
  } catch (const std::invalid_argument& e) {
    return input_error(e.what());
  }
  if (refuse_if_too_large(estimate_sizing_round(scenario, args.levels, args.max_capacity,
                                                args.flags.cost_request(scenario, true)),
                          args.flags))
    return kExitInputError;
  if (args.xlsx && is_output_rank()) require_xlsx_module();  // a missing module fails now
  // With --xlsx the directory is locked before simulating: a refusal comes at once.
  std::optional<OutputLock> lock;
  std::optional<Provenance> origin;
  const std::string dir = args.flags.out.empty() ? "results/size-" + scenario.name : args.flags.out;
  if (args.xlsx && is_output_rank()) {  // rank 0 alone writes (MPI)
    lock.emplace(lock_output_dir(dir));
    origin.emplace(
        provenance({args.scenario}, resolve_run_spec(scenario, args.flags.run_options())));
  }
  const auto start = std::chrono::steady_clock::now();
  RunOptions run = args.flags.run_options();
  // Candidate i: the capacities of the sized levels ("iop capacity 64"); how many is not known.
  PlanProgress progress(
      run, 0,
      [&scenario, levels = args.levels](int, const Scenario& candidate) {
        std::string label;
        for (const auto& name : levels)
          label += fmt::format(
              "{}{} capacity {}", label.empty() ? "" : ", ", name,
              capacity_text(
                  candidate.levels[static_cast<std::size_t>(scenario.level_index(name))].capacity));
        return label;
      },
      args.flags.quiet);
  SizingResult result;
  try {
    result = size_capacity(scenario, args.levels, targets, sizing_options(args, run));
  } catch (const std::invalid_argument& e) {  // checked before anything is simulated
    progress.finish();
    return input_error(e.what());
  }
  progress.finish();
  if (!is_output_rank()) return 0;  // another rank of an MPI job: its share is done
  const double seconds = seconds_since(start);
  if (args.xlsx)
    write_outputs(*lock, {{"results.xlsx", xlsx_workbook(sizing_sheets(result), result.currency)}},
                  *origin);
  if (args.json) {
    auto j = sizing_json(result);
    j["seconds"] = seconds;
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << sizing_table(result);
    std::cout << fmt::format("{:.2f} s\n", seconds);
    if (args.xlsx) std::cout << fmt::format("results in {}/\n", dir);
  }
  return 0;
}
}  // namespace

Command add_size(CLI::App& app) {
  auto args = std::make_shared<SizeArgs>();
  CLI::App* size = app.add_subcommand(
      "size", "Smallest capacity (and staff) at one or more levels that meets targets");
  size->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  size->add_option("--level", args->levels, "Level to size; repeat for several")->required();
  size->add_option("--target", args->targets,
                   "METRIC<=VALUE or METRIC>=VALUE; a level metric (p90_queue_time_days, "
                   "recommended: it counts those who gave up waiting; p90_wait_days, admitted "
                   "only; abandonment_fraction, mean_waitlist, ...) applies to every "
                   "--level, or to one as LEVEL.METRIC; a system metric (lost_to_care_per_day, "
                   "...) to the system. Repeat for several; all must be met at 95% confidence")
      ->required();
  size->add_option("--max-capacity", args->max_capacity,
                   "Largest capacity to try (default: 4x the current); one, or one per --level")
      ->check(whole_number())
      ->check(CLI::Range(1, static_cast<int>(bounds::kMaxCapacity)));
  size->add_option(
          "--step", args->step,
          "Slots per step (default: 10% of the current): one level, the search's first step up "
          "or down from the current capacity (doubled until the targets flip); several, "
          "each greedy step; one, or one per --level")
      ->check(whole_number())
      ->check(CLI::Range(1, static_cast<int>(bounds::kMaxCapacity)));
  add_common_flags(*size, args->flags,
                   {"results/size-<name>; only with --xlsx", "Replications per candidate"});
  size->add_flag("--allow-more-loss", args->allow_more_loss,
                 "Lift the loss guard: let a candidate meet the targets even when its abandonment "
                 "or lost to care is clearly worse than the scenario as written's");
  size->add_flag("--json", args->json, "Print JSON for tools: recommendation, met, curve");
  size->add_flag("--xlsx", args->xlsx,
                 "Write results.xlsx (the candidates as a typed, formatted worksheet) and "
                 "manifest.json to the output directory");
  return {size, [args] { return size_scenario(*args); }};
}

}  // namespace continuum::cli
