// continuum run: simulate a scenario; write summary.json, daily.csv and report.html, and with
// --trace the exact event log.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "continuum/experiment/costs.hpp"
#include "continuum/experiment/precision.hpp"
#include "continuum/experiment/runner.hpp"
#include "continuum/experiment/watch.hpp"
#include "continuum/output/authorization_output.hpp"
#include "continuum/output/bounds.hpp"
#include "continuum/output/daily_csv.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/html_report.hpp"
#include "continuum/output/staffing_output.hpp"
#include "continuum/output/summary_json.hpp"
#include "continuum/output/tables.hpp"
#include "continuum/output/trace_csv.hpp"
#include "continuum/output/warnings.hpp"
#include "continuum/output/watch_output.hpp"
#include "continuum/output/xlsx.hpp"
#include "continuum/stats/daily_series_store.hpp"
#include "continuum/stats/result_store.hpp"
#include "continuum/stats/staffing.hpp"
#include "continuum/stats/trace.hpp"

namespace continuum::cli {

namespace {
struct RunArgs {
  std::string scenario;
  CommonFlags flags;
  bool no_daily = false;
  bool xlsx = false;              // also results.xlsx
  std::string trace;              // write the event log of every replication here
  double precision = 0;           // > 0: run --precision (the target relative half-width)
  std::string precision_metrics;  // comma-separated metric paths; empty: the headline metrics
  int max_replications = 1000;
  bool max_replications_given = false;  // --max-replications on the command line
  std::vector<std::string> watches;     // --watch expressions: forecast questions
  double horizon_days = 0;  // > 0: --horizon-days, in place of the scenario's horizon_days
};

// The costs of a staffed run: each level's, then the totals over levels.
nlohmann::ordered_json run_costs_report(const Scenario& scenario, const StaffingReport& staffing,
                                        const CostSummary& totals) {
  std::vector<std::pair<std::string, CostSummary>> rows;
  for (const LevelCost& c : staffing.levels)
    rows.emplace_back(c.level, CostSummary{c.staff_cost_per_year, c.non_staff_cost_per_year,
                                           c.total_cost_per_year});
  rows.emplace_back("total", totals);
  return costs_report_json(scenario.currency,
                           "Staff (mean-day FTE × cost per FTE-year) and non-staff (mean census × "
                           "cost per patient-day × 365) cost per year, by level and in total: "
                           "means over replications with the half-width of their 95% interval.",
                           rows);
}

// summary.json, daily.csv (unless --no-daily), report.html and with --xlsx results.xlsx;
// staffing and cost only for scenarios with staff or costs (others' outputs are unchanged).
void write_run_files(const OutputLock& dir, const Provenance& provenance, const Scenario& scenario,
                     const Summary& summary, const StaffingReport* staffing,
                     const CostSummary* costs, const std::vector<Warning>& warnings,
                     const std::vector<CheckNotRun>& not_run, bool daily, bool xlsx,
                     const std::vector<WatchOutcome>& watch,
                     const std::vector<AuthorizationLevel>* authorization,
                     const RevenueSummary* revenue) {
  auto summary_doc = summary_json(scenario, summary);
  summary_doc["conservation"] = conservation_json(summary.balance);
  if (staffing) summary_doc["staffing"] = staffing_json(*staffing, scenario.currency);
  if (authorization) summary_doc["authorization"] = authorization_json(*authorization);
  // The fifth compliance KPI: the share of stays (other than dropouts) ended by authorized days
  // running out, per level with an authorization (docs/outputs.md, "compliance").
  if (authorization && summary_doc.contains("compliance"))
    for (const AuthorizationLevel& a : *authorization)
      summary_doc["compliance"]["levels"][a.level]["auth_ran_out_share"] =
          estimate_json(clipped(a.auth_ran_out_share, kShare));
  if (revenue) summary_doc["revenue"] = revenue_json(*revenue, scenario.currency);
  summary_doc["warnings"] = warnings_json(warnings);
  summary_doc["checks_not_run"] = checks_not_run_json(not_run);
  if (!watch.empty()) summary_doc["watch"] = watch_json(scenario, watch);
  std::vector<OutputFile> files = {{"summary.json", summary_doc.dump(2) + "\n"}};
  // The two large files go to disk a block at a time as write_outputs() writes them.
  if (daily)
    files.push_back({"daily.csv", "", [&scenario, &summary](ByteSink& sink) {
                       write_daily_csv(sink, scenario, summary);
                     }});
  auto report_doc = run_report_json(scenario, summary);
  // The compliance block (when the scenario asks for it) is drawn in the report's headline,
  // with the authorization KPI added above.
  if (summary_doc.contains("compliance"))
    report_doc["summary"]["compliance"] = summary_doc["compliance"];
  report_doc["warnings"] = warnings_json(warnings);
  report_doc["checks_not_run"] = checks_not_run_json(not_run);
  if (!watch.empty()) {
    report_doc["watch"] = watch_json(scenario, watch);
    add_watched_daily_series(report_doc, scenario, summary);
  }
  if (staffing) report_doc["staffing"] = staffing_report_json(*staffing);
  if (staffing && costs) report_doc["costs"] = run_costs_report(scenario, *staffing, *costs);
  if (revenue) add_run_revenue(report_doc, *revenue, scenario.currency);
  files.push_back(
      {"report.html", "", [&report_doc](ByteSink& sink) { write_report_html(sink, report_doc); }});
  if (xlsx)
    files.push_back(
        {"results.xlsx", xlsx_workbook(run_sheets(scenario, summary, staffing, costs, revenue),
                                       scenario.currency)});
  write_outputs(dir, files, provenance);
}

void write_trace(const std::string& path, const Scenario& scenario, const ResultSource& results) {
  std::string trace = trace_csv_header();
  results.visit([&](std::size_t r, const ReplicationResult& result) {
    trace += trace_csv_rows(scenario, static_cast<std::uint32_t>(r), result.trace);
  });
  write_file_atomic(path, trace);
}

// True when `path` is `dir` or lies inside it, compared by absolute normal paths and again with
// symbolic links resolved (as far as they exist).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const auto inside = [](fs::path p, fs::path d) {
    if (p.filename().empty()) p = p.parent_path();
    if (d.filename().empty()) d = d.parent_path();
    return std::mismatch(d.begin(), d.end(), p.begin(), p.end()).first == d.end();
  };
  std::error_code ec;
  if (inside(fs::absolute(path).lexically_normal(), fs::absolute(dir).lexically_normal()))
    return true;
  const fs::path real_path = fs::weakly_canonical(path, ec);
  if (ec) return false;
  const fs::path real_dir = fs::weakly_canonical(dir, ec);
  return !ec && inside(real_path, real_dir);
}

// --trace inside the output directory would overwrite a file of the set (or be removed with it
// by the next run, which replaces the directory whole): the message, or "".
std::string trace_in_out_refusal(const std::string& trace, const std::string& out) {
  if (!is_within(trace, out)) return "";
  return fmt::format(
      "--trace {}: is inside the output directory {}, which is replaced as a whole; write the "
      "trace outside it",
      trace, out);
}

// --trace: why the file write_trace writes (a temporary name beside `path`, renamed into place)
// may not or cannot be created, or "". Checked before simulating, as the output directory is,
// so that a refusal comes at once and nothing is written: the target must be a new path or a
// regular file that is not an input of the run (`inputs`: the files the scenario was read from)
// nor inside an output set (output_file_refusal).
std::string trace_refusal(const std::string& path, const std::vector<std::string>& inputs) {
  if (std::string refusal = output_file_refusal("--trace", path, inputs); !refusal.empty())
    return refusal;
  std::error_code ec;
  std::filesystem::path probe = path;
  probe += fmt::format(".tmp-{}", static_cast<long>(::getpid()));
  {
    std::ofstream out(probe, std::ios::binary | std::ios::trunc);
    if (!out)
      return fmt::format("--trace {}: cannot create the file ({})", path, std::strerror(errno));
  }
  std::filesystem::remove(probe, ec);
  return "";
}

// --precision-metrics: the comma-separated paths, or an input error.
std::optional<std::vector<WatchedMetric>> watched_metrics(const Scenario& scenario,
                                                          const std::string& list) {
  std::vector<WatchedMetric> out;
  std::istringstream in(list);
  std::string path;
  while (std::getline(in, path, ',')) {
    if (path.empty()) continue;
    std::string error;
    const auto metric = parse_watched_metric(scenario, path, error);
    if (!metric) {
      input_error("--precision-metrics: " + error);
      return std::nullopt;
    }
    out.push_back(*metric);
  }
  return out;
}

// "precision 5% reached after 38 replications (replications run: 10, 38; widest:
// levels.iop.p90_wait_days at 4.81%)" or "... not reached at the cap of 1000 replications
// (...)".
std::string precision_line(const Scenario& scenario, const PrecisionOutcome& outcome,
                           double target) {
  std::string batches;
  for (int n : outcome.counts)
    batches += (batches.empty() ? "" : ", ") + std::to_string(n);
  std::string widest;
  if (outcome.last.worst >= 0) {
    const double rel = outcome.last.worst_relative;
    widest =
        fmt::format("; widest: {} at {}",
                    outcome.metrics[static_cast<std::size_t>(outcome.last.worst)].path(scenario),
                    std::isnan(rel) ? "no interval" : fmt::format("{:.2f}%", 100 * rel));
  }
  const int n = outcome.counts.back();
  return fmt::format(
      "precision {:.3g}% {} {} replications (replications run: {}{})\n", 100 * target,
      outcome.last.reached ? "reached after" : "not reached at the cap of", n, batches, widest);
}

// Per level with sessions (else ""): "sessions iop (mean and 95% interval): attendance 85.0%
// [84.1, 85.9], held 130 [129, 131], groups/week 12.3 [...], mean group 9.8 [...], no-show
// discharges 14.2 [...]".
std::string sessions_lines(const Scenario& scenario, const Summary& summary) {
  std::string out;
  // A share's interval clipped to [0, 1], a count's or size's at 0 (bounds.hpp).
  const auto one = [](const Estimate& e, double scale, int digits) {
    return interval_text(e, scale == 100 ? kShare : kNonnegative, digits, scale);
  };
  for (const SessionSummary& s : summary.sessions)
    out += fmt::format(
        "sessions {} (mean and 95% interval): attendance {}%, held {}, groups/week {}, mean "
        "group {}, no-show discharges {}\n",
        scenario.levels[s.level].name, one(s.attendance_rate, 100, 1), one(s.sessions_held, 1, 0),
        one(s.groups_per_week, 1, 1), one(s.mean_group_size, 1, 1),
        one(s.no_show_discharges, 1, 1));
  return out;
}

// "drug testing at iop (per replication, mean and 95% interval): tests 52.1 [50.2, 54.0], ..."
// per level with drug_testing (else "").
std::string drug_testing_lines(const Scenario& scenario, const Summary& summary) {
  static constexpr const char* kNames[kDrugCounts] = {
      "tests", "positives", "step-ups requested", "admitted", "still waiting", "gave up"};
  std::string out;
  for (const DrugTestingSummary& d : summary.drug_testing) {
    out += fmt::format("drug testing at {} (per replication, mean and 95% interval):",
                       scenario.levels[d.level].name);
    for (std::size_t k = 0; k < kDrugCounts; ++k) {
      const Estimate& e = d.counts[k];
      out +=
          fmt::format("{} {} {}", k == 0 ? "" : ",", kNames[k], interval_text(e, kNonnegative, 1));
    }
    out += "\n";
  }
  return out;
}

// --watch: the expressions parsed against the scenario, or an input error (nullopt).
std::optional<std::vector<WatchSpec>> watch_specs(const Scenario& scenario, const RunArgs& args) {
  std::vector<WatchSpec> specs;
  if (!args.watches.empty() && args.no_daily) {
    input_error("--watch needs the daily series: drop --no-daily");
    return std::nullopt;
  }
  for (const std::string& text : args.watches) {
    try {
      specs.push_back(parse_watch(scenario, text));
    } catch (const std::invalid_argument& e) {
      input_error(e.what());
      return std::nullopt;
    }
  }
  return specs;
}

int run_scenario(const RunArgs& args) {
  LoadOptions load;
  if (args.horizon_days > 0) load.horizon_days = args.horizon_days;
  std::vector<std::string> inputs;  // the scenario's files, as the loader read them
  const Scenario scenario = load_checked(args.scenario, load, &inputs);
  const auto watch = watch_specs(scenario, args);
  if (!watch) return kExitInputError;
  std::vector<WatchedMetric> watched;
  if (args.precision > 0 && !args.precision_metrics.empty()) {
    const auto parsed = watched_metrics(scenario, args.precision_metrics);
    if (!parsed) return kExitInputError;
    watched = *parsed;
  }
  RunOptions options = args.flags.run_options();
  if (args.precision > 0) {
    // The cap is never below the replications --precision starts with: that run would pass it
    // and report the precision "not reached at the cap" of the starting count.
    const int start = resolve_run_spec(scenario, options).replications;
    if (args.max_replications < start)
      return input_error(fmt::format(
          "--max-replications {}{} is below the {} replications --precision starts with ({}); "
          "give --max-replications {} or more",
          args.max_replications, args.max_replications_given ? "" : " (the default)", start,
          args.flags.replications > 0 ? fmt::format("--replications {}", start)
                                      : fmt::format("the scenario's replications: {}", start),
          start));
  }
  options.record_daily = !args.no_daily;
  options.trace = !args.trace.empty();
  options.progress = progress_line(scenario.name, args.flags.quiet);
  for (const WatchSpec& spec : *watch)
    options.watches.push_back(spec.watch);
  CostRequest cost = args.flags.cost_request(scenario, options.record_daily);
  cost.trace = options.trace;
  cost.daily_in_store = true;
  cost.results_in_store = true;
  if (refuse_if_too_large(estimate_cost(scenario, cost), args.flags)) return kExitInputError;
  // The daily series leave each result as its replication finishes, into a store with room
  // for every replication the run may take: in memory up to its budget, else in an unlinked
  // temporary file, which must fit in the free space (docs/performance.md).
  const int most = args.precision > 0 ? std::max(args.max_replications,
                                                 resolve_run_spec(scenario, options).replications)
                                      : resolve_run_spec(scenario, options).replications;
  const std::size_t budget = daily_memory_budget();
  DailySeriesStore daily(static_cast<std::size_t>(most), budget);
  if (options.record_daily)
    if (const auto refusal = daily_spill_refusal(daily_series_bytes(scenario, most), budget))
      return input_error(*refusal);
  // The rest of each result follows into a ResultStore (encoded; in memory up to its budget,
  // else in another unlinked temporary file): the executor's entry is left empty, and every
  // consumer below reads the results back one replication at a time. Not for --precision under
  // mpirun: every rank decides the next batch from the counters rank 0 broadcasts from its
  // results (MpiExecutor::run), so they stay there.
  const bool store_results = !(args.precision > 0 && options.executor != nullptr);
  ResultStore stored(store_results ? static_cast<std::size_t>(most) : 0);
  if (store_results)
    if (const auto refusal =
            result_spill_refusal(result_store_bytes(scenario, most), result_memory_budget()))
      return input_error(*refusal);
  options.finished = [&daily, &stored, record = options.record_daily, store_results](
                         std::size_t, int r, ReplicationResult& result) {
    if (record) daily.put(static_cast<std::size_t>(r), result);
    if (store_results) stored.put(static_cast<std::size_t>(r), result);
  };
  const std::string dir = args.flags.out.empty() ? "results/" + scenario.name : args.flags.out;
  if (args.xlsx && is_output_rank()) require_xlsx_module();  // a missing module fails now
  if (!args.trace.empty() && is_output_rank()) {
    if (const std::string refusal = trace_in_out_refusal(args.trace, dir); !refusal.empty())
      return input_error(refusal);
    if (const std::string refusal = trace_refusal(args.trace, inputs); !refusal.empty())
      return input_error(refusal);
  }
  std::optional<OutputLock> lock;  // before simulating: a refusal comes at once
  if (is_output_rank()) lock.emplace(lock_output_dir(dir));  // rank 0 alone writes (MPI)
  // The scenario files are hashed now, as they were loaded, not as they are after the run.
  Provenance origin = provenance({args.scenario}, resolve_run_spec(scenario, options));
  const auto start = std::chrono::steady_clock::now();
  std::optional<PrecisionOutcome> precision;
  std::vector<ReplicationResult> results;
  if (args.precision > 0) {
    precision = run_to_precision(scenario, options,
                                 {args.precision, args.max_replications, std::move(watched)},
                                 &daily, store_results ? &stored : nullptr);
    results = std::move(precision->results);
    // The outputs are a plain run's with the final count: so is the provenance.
    options.replications = static_cast<int>(results.size());
    origin.replications = static_cast<int>(results.size());
  } else {
    results = run_replications(scenario, options);
  }
  if (!is_output_rank()) return 0;  // another rank of an MPI job: its share is done
  const double seconds = seconds_since(start);
  const ResultSource source =
      store_results ? ResultSource(stored, results.size()) : ResultSource(results);
  if (store_results) std::vector<ReplicationResult>().swap(results);  // emptied by the hook
  const Summary summary =
      summarize(scenario, source, resolve_run_spec(scenario, options).seed, &daily);

  const bool staffed = has_staffing(scenario);
  StaffingReport staffing;
  CostSummary costs;
  if (staffed) {
    staffing = staffing_report(scenario, source, &daily);
    costs = summarize_costs(annual_costs(scenario, source, &daily));
  }
  const auto [warnings, not_run] =
      run_checks(scenario, source, summary, staffed ? &costs : nullptr, &daily);
  const std::vector<WatchOutcome> outcomes = watch_outcomes(scenario, *watch, source, summary);
  // Payers (only scenarios with them gain these blocks).
  const bool authorized = has_authorization(scenario), earns = has_revenue(scenario);
  std::vector<AuthorizationLevel> authorization;
  if (authorized) authorization = summarize_authorization(scenario, source);
  RevenueSummary revenue;
  if (earns)
    revenue = summarize_revenue(
        scenario, annual_revenue(scenario, source,
                                 staffed ? annual_costs(scenario, source, &daily) : AnnualCosts{}));
  write_run_files(*lock, origin, scenario, summary, staffed ? &staffing : nullptr,
                  staffed ? &costs : nullptr, warnings, not_run, !args.no_daily, args.xlsx,
                  outcomes, authorized ? &authorization : nullptr, earns ? &revenue : nullptr);
  if (!args.trace.empty()) write_trace(args.trace, scenario, source);

  std::cout << summary_table(scenario, summary);
  std::cout << exits_line(scenario, summary);
  std::cout << sessions_lines(scenario, summary);
  std::cout << drug_testing_lines(scenario, summary);
  if (staffed) std::cout << '\n' << staffing_table(staffing, scenario.currency);
  if (authorized) std::cout << '\n' << authorization_table(authorization);
  if (earns) std::cout << '\n' << revenue_table(revenue, scenario.currency);
  std::cout << '\n';
  std::cout << watch_text(outcomes, &scenario);
  if (precision) std::cout << precision_line(scenario, *precision, args.precision);
  std::cout << warnings_text(warnings, not_run);
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
  run->add_option("--horizon-days", args->horizon_days,
                  "Statistics window in days, in place of the scenario's horizon_days (changes "
                  "at or after it are ignored with a warning; docs/scenario-format.md)")
      ->check(finite_number())
      ->check(CLI::Range(1.0, 36500.0));
  run->add_flag("--xlsx", args->xlsx,
                "Also write results.xlsx: levels, system, staffing, costs, classes and daily "
                "as typed, formatted worksheets");
  run->add_option("--trace", args->trace,
                  "Write the exact event log of the replications run to this CSV file "
                  "(use with --replications 1)")
      ->check(not_empty());
  CLI::Option* precision =
      run->add_option(
             "--precision", args->precision,
             "Add replications in batches until every watched metric's 95% half-width "
             "is at most this fraction of its mean, or at most its unit's resolution (e.g. 0.05; "
             "docs/outputs.md)")
          ->check(finite_number())
          ->check(CLI::Range(1e-6, 1.0));
  run->add_option("--precision-metrics", args->precision_metrics,
                  "Metrics --precision watches, comma-separated: levels.L.METRIC, "
                  "system.METRIC, costs.COST (default: each level's mean and p90 wait, mean "
                  "waitlist and utilization, lost to care per day, total cost)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // '' or ',' named no metric and ran the defaults in silence; "a,,b" has a hole.
            const std::string list = "," + text + ",";
            if (text.empty() || list.find(",,") != std::string::npos)
              return fmt::format(
                  "give one or more metric paths, comma-separated, none empty (got '{}')", text);
            return "";
          },
          ""))
      ->needs(precision);
  CLI::Option* max_replications = run->add_option("--max-replications", args->max_replications,
                                                  "The cap of --precision (default: 1000)")
                                      ->check(whole_number())
                                      ->check(CLI::Range(1, 100000))
                                      ->needs(precision);
  run->add_option("--watch", args->watches,
                  "A forecast question: the first day a daily series crosses a threshold, e.g. "
                  "\"levels.detox.waitlist>10\" (series: levels.LEVEL.census, "
                  "levels.LEVEL.waitlist, system.census, system.waitlist; > >= < <=); reports the "
                  "day the mean crosses and the days by which 50% and 90% of replications have. "
                  "Repeat for several");
  return {run, [args, max_replications] {
            args->max_replications_given = max_replications->count() > 0;
            return run_scenario(*args);
          }};
}

}  // namespace continuum::cli
