// continuum sweep: a scenario over a grid of settings; sweep.csv, report.html and a table.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "continuum/experiment/compare.hpp"
#include "continuum/experiment/sweep_axes.hpp"
#include "continuum/output/experiment_report.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/sweep_output.hpp"
#include "continuum/output/warnings.hpp"
#include "continuum/output/xlsx.hpp"

namespace continuum::cli {

namespace {
struct SweepArgs {
  std::string scenario;
  std::vector<std::string> sets;  // one axis each
  CommonFlags flags;
  bool xlsx = false;  // also results.xlsx
};

// stdout after the table: each point with warnings or checks not run, as `<path>=<value> ...: `
// and run's warnings_text(); "warnings: none at any point" when there are none.
std::string point_warnings_text(const std::vector<SweepAxis>& axes,
                                const std::vector<SweepPointResult>& points,
                                const std::vector<RunChecks>& checks) {
  std::string out;
  for (std::size_t p = 0; p < points.size() && p < checks.size(); ++p) {
    if (checks[p].warnings.empty() && checks[p].not_run.empty()) continue;
    std::string label;
    for (std::size_t a = 0; a < axes.size(); ++a)
      label += fmt::format("{}{}={}", a ? " " : "", axes[a].path, plain(points[p].parameters[a]));
    out += label + ": " + warnings_text(checks[p].warnings, checks[p].not_run);
  }
  return out.empty() ? "warnings: none at any point\n" : out;
}

int sweep_scenario(const SweepArgs& args) {
  const Scenario base = load_checked(args.scenario);
  std::vector<SweepAxis> axes;
  try {
    for (const auto& set : args.sets) {
      axes.push_back(parse_sweep_axis(set));
      Scenario probe = base;  // reject a bad path or value before running anything
      for (double v : axes.back().values)
        apply_setting(probe, axes.back().path, v);
      check_not_changed_by_date(base, axes.back().path);
    }
    check_distinct_axes(base, axes);
  } catch (const std::invalid_argument& e) {
    return input_error(e.what());
  }
  RunOptions options = args.flags.run_options();
  // A sweep reports summaries, and costs: their staff FTE by each day's census (as run's) needs
  // the daily series.
  options.record_daily = has_costs(base);
  std::size_t count = 1;
  for (const SweepAxis& axis : axes)
    count *= axis.values.size();
  // Point i of the grid (the last axis varies fastest, as run_sweep orders them).
  PlanProgress progress(
      options, static_cast<int>(count),
      [axes](int index, const Scenario&) {
        std::string label;
        auto rest = static_cast<std::size_t>(index);
        for (std::size_t a = axes.size(); a-- > 0;) {
          const std::size_t n = axes[a].values.size();
          label = fmt::format("{}={}{}{}", axes[a].path, plain(axes[a].values[rest % n]),
                              label.empty() ? "" : " ", label);
          rest /= n;
        }
        return label;
      },
      args.flags.quiet);
  // Every point records its daily series (for costs, and for its warnings' checks): counted.
  if (refuse_if_too_large(
          estimate_sweep(base, axes, args.flags.cost_request(base, /*record_daily=*/true)),
          args.flags))
    return kExitInputError;
  const std::string dir = args.flags.out.empty() ? "results/sweep-" + base.name : args.flags.out;
  if (args.xlsx && is_output_rank()) require_xlsx_module();  // a missing module fails now
  std::optional<OutputLock> lock;  // before simulating: a refusal comes at once
  if (is_output_rank()) lock.emplace(lock_output_dir(dir));  // rank 0 alone writes (MPI)
  // The scenario files are hashed now, as they were loaded, not as they are after the run.
  const Provenance origin = provenance({args.scenario}, resolve_run_spec(base, options));
  const auto start = std::chrono::steady_clock::now();
  // Every point's warnings and checks not run, as run's (output/warnings.hpp), from its daily
  // series while they are held.
  std::vector<RunChecks> checks(count);
  const auto points =
      run_sweep(base, axes, options,
                [&checks](std::size_t p, const SweepPointResult& point, const Summary& with_daily,
                          const ResultSource& results, const DailySeriesStore* daily) {
                  checks[p] = run_checks(point.scenario, results, with_daily,
                                         point.costs ? &*point.costs : nullptr, daily);
                });
  progress.finish();
  if (!is_output_rank()) return 0;  // another rank of an MPI job: its share is done
  const double seconds = seconds_since(start);

  std::vector<OutputFile> files = {{"sweep.csv", sweep_csv(base, axes, points, checks)},
                                   {"report.html", "",
                                    [report = sweep_grid_report_json(base, axes, points, checks)](
                                        ByteSink& sink) { write_report_html(sink, report); }}};
  if (args.xlsx)
    files.push_back(
        {"results.xlsx", xlsx_workbook(sweep_sheets(base, axes, points), base.currency)});
  write_outputs(*lock, files, origin);
  std::cout << sweep_table(base, axes, points);
  std::cout << '\n' << point_warnings_text(axes, points, checks);
  std::cout << fmt::format("\n{} in {:.2f} s; results in {}/\n",
                           count_of(points.size(), "grid point"), seconds, dir);
  return 0;
}
}  // namespace

Command add_sweep(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* sweep = app.add_subcommand("sweep", "Run a scenario over a grid of settings");
  sweep->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  sweep
      ->add_option(
          "--set", args->sets,
          "PATH=LO:HI:STEP or PATH=V1,V2,... : any numeric setting (levels.<level>.capacity, "
          ".length_of_stay.mean, .waitlist.patience.mean, .staff_on_hand.<role>, "
          "arrivals.<stream>.rate_per_day|rate_per_week|rate_per_year, "
          ".growth_per_year, ...); repeat for a grid")
      ->required();
  add_common_flags(*sweep, args->flags, {"results/sweep-<name>", "Replications per point"});
  sweep->add_flag("--xlsx", args->xlsx,
                  "Also write results.xlsx: every point's metrics and costs as a typed, "
                  "formatted worksheet");
  return {sweep, [args] { return sweep_scenario(*args); }};
}

}  // namespace continuum::cli
