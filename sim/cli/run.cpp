// continuum run: simulate a scenario; write summary.json, daily.csv and report.html, and with
// --trace the exact event log.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/output/daily_csv.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/staffing_output.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/output/tables.hpp"
#include "continuum/output/trace_csv.hpp"
#include "continuum/stats/staffing.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum::cli {

namespace {
struct RunArgs {
  std::string scenario;
  CommonFlags flags;
  bool no_daily = false;
  std::string trace;  // write the event log of every replication here
};

// summary.json, daily.csv (unless --no-daily) and report.html; staffing and cost only for
// scenarios with staff or costs (others' outputs are unchanged).
void write_run_files(const OutputLock& dir, const Provenance& provenance, const Scenario& scenario,
                     const Summary& summary, const StaffingReport* staffing, bool daily) {
  auto summary_doc = summary_json(scenario, summary);
  summary_doc["conservation"] = conservation_json(summary.balance);
  if (staffing) summary_doc["staffing"] = staffing_json(*staffing);
  std::vector<std::pair<std::string, std::string>> files = {
      {"summary.json", summary_doc.dump(2) + "\n"}};
  if (daily) files.emplace_back("daily.csv", daily_csv(scenario, summary));
  auto report_doc = run_report_json(scenario, summary);
  if (staffing) report_doc["staffing"] = staffing_report_json(*staffing);
  files.emplace_back("report.html", render_report_html(report_doc));
  write_outputs(dir, files, provenance);
}

void write_trace(const std::string& path, const Scenario& scenario,
                 const std::vector<ReplicationResult>& results) {
  std::string trace = trace_csv_header();
  for (std::size_t r = 0; r < results.size(); ++r)
    trace += trace_csv_rows(scenario, static_cast<std::uint32_t>(r), results[r].trace);
  write_file_atomic(path, trace);
}

int run_scenario(const RunArgs& args) {
  const Scenario scenario = load_checked(args.scenario);
  RunOptions options = args.flags.run_options();
  options.record_daily = !args.no_daily;
  options.trace = !args.trace.empty();
  options.progress = progress_line(scenario.name);
  CostRequest cost = args.flags.cost_request(scenario, options.record_daily);
  cost.trace = options.trace;
  if (refuse_if_too_large(estimate_cost(scenario, cost), args.flags)) return kExitInputError;
  const std::string dir = args.flags.out.empty() ? "results/" + scenario.name : args.flags.out;
  std::optional<OutputLock> lock;  // before simulating: a refusal comes at once
  if (is_output_rank()) lock.emplace(lock_output_dir(dir));  // rank 0 alone writes (MPI)
  // The scenario files are hashed now, as they were loaded, not as they are after the run.
  const Provenance origin = provenance({args.scenario}, resolve_run_spec(scenario, options));
  const auto start = std::chrono::steady_clock::now();
  const auto results = run_replications(scenario, options);
  if (!is_output_rank()) return 0;  // another rank of an MPI job: its share is done
  const double seconds = seconds_since(start);
  const Summary summary = summarize(scenario, results, resolve_run_spec(scenario, options).seed);

  const bool staffed = has_staffing(scenario);
  StaffingReport staffing;
  if (staffed) staffing = staffing_report(scenario, results);
  write_run_files(*lock, origin, scenario, summary, staffed ? &staffing : nullptr, !args.no_daily);
  if (!args.trace.empty()) write_trace(args.trace, scenario, results);

  std::cout << summary_table(scenario, summary);
  if (staffed) std::cout << '\n' << staffing_table(staffing);
  std::cout << fmt::format("\n{} events in {:.2f} s ({:.1f} M events/s); results in {}/\n",
                           summary.events, seconds,
                           static_cast<double>(summary.events) / seconds / 1e6, dir);
  return 0;
}
}  // namespace

Command add_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand(
      "run", "Simulate a scenario and write summary.json, daily.csv and report.html");
  run->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  add_common_flags(*run, args->flags, {"results/<scenario name>", "Number of replications"});
  run->add_flag("--no-daily", args->no_daily, "Do not record or write daily.csv");
  run->add_option("--trace", args->trace,
                  "Write the exact event log of the replications run to this CSV file "
                  "(use with --replications 1)");
  return {run, [args] { return run_scenario(*args); }};
}

}  // namespace continuum::cli
