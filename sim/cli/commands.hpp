// The subcommands of the continuum command line (one file each) and what they share: exit
// codes, the common flags, loading a checked scenario, the progress line.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/experiment/estimate.hpp"
#include "continuum/experiment/mpi_executor.hpp"
#include "continuum/experiment/run_spec.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum::cli {

constexpr int kExitInputError = 2;  // bad input: nothing was written
constexpr int kExitFailure = 1;
constexpr int kExitOutOfMemory = 3;  // an allocation failed while simulating: nothing was written

// A subcommand, and what it does once the command line is parsed (returns the exit status).
struct Command {
  CLI::App* app;  // true (operator bool) when given on the command line
  std::function<int()> run;
};

// Each adds its subcommand to `app`, binding its options, in the order of the help text.
Command add_run(CLI::App& app);
Command add_compare(CLI::App& app);
Command add_sweep(CLI::App& app);
Command add_size(CLI::App& app);
Command add_validate(CLI::App& app);
Command add_analyze(CLI::App& app);
Command add_graph(CLI::App& app);

// --out, --replications, --threads and --seed, shared by run, compare, sweep and size.
struct CommonFlags {
  std::string out;                     // empty: the subcommand's default directory
  int replications = 0;                // 0: the scenario's
  int threads = 0;                     // 0: all cores
  std::uint64_t seed = 0;              // when seed_option was given
  CLI::Option* seed_option = nullptr;  // given when count() > 0
  bool force = false;                  // run even when the cost estimate passes the limits
  bool quiet = false;                  // no progress line on stderr

  // The overrides of the scenario's defaults these flags ask for (a RunSpec comes of them).
  RunOptions run_options() const;
  // What a run of `scenario` with these flags asks for, for its cost estimate.
  CostRequest cost_request(const Scenario& scenario, bool record_daily) const;
};
// How the common flags read in a subcommand's help.
struct FlagHelp {
  std::string out_default;   // "results/<scenario name>"; empty: no --out
  std::string replications;  // "Replications per point"
  std::string defaults_from = "the scenario's";
  int min_replications = 1;
};
void add_common_flags(CLI::App& command, CommonFlags& flags, const FlagHelp& help);

// Checks of option values, run on the text before CLI11 converts it (its conversion lets "nan"
// through a CLI::Range, saturates an integer out of range and takes hex): each refuses what the
// scenario file refuses, with the file's words ("--seed: expected a whole number from 0 to
// 18446744073709551615 (got '-1')"), and CLI11 exits 2 before anything is read or written.
CLI::Validator finite_number();  // a finite number: "expected a number (got 'nan')"
CLI::Validator whole_number();   // decimal digits, with an optional '-' (ranges: CLI::Range)
CLI::Validator seed_number();    // a seed, as the file's `seed:` (config/load.hpp)
CLI::Validator not_empty();      // a path: an empty one would mean the default in silence

// The MPI job (mpirun -np N, srun; docs/scaling.md), set up by main before a command runs when
// an MPI launcher started it: run_options() then names an MpiExecutor of --threads per rank.
void set_cluster(MpiSession* session);
// False on the ranks other than 0 of an MPI job: they simulate their share of every plan and
// neither write nor print (main silences std::cout and std::cerr there).
bool is_output_rank();

// Loads the scenario and runs the network's structural checks: errors throw (exit 2, nothing
// written), warnings go to stderr. `files`, when given, receives the files the scenario was read
// from (load_scenario: the file, then its `extends:` chain as the loader opened it).
Scenario load_checked(const std::string& path, const LoadOptions& options = {},
                      std::vector<std::string>* files = nullptr);
// "WHAT: done/total replications" on stderr when it is a terminal and not `quiet`; empty
// otherwise.
std::function<void(int, int)> progress_line(const std::string& what, bool quiet);

// The progress line of size, sweep and compare (output/progress.hpp), on stderr when it is a
// terminal and not `quiet`: set into `options` (progress and plan_started); `label(index,
// variant)` names the index-th variant simulated (from 0, over all plans); `count`: how many
// there will be (0: not known). finish() ends the line with a newline once something was printed.
class PlanProgress {
 public:
  using Label = std::function<std::string(int, const Scenario&)>;
  PlanProgress(RunOptions& options, int count, Label label, bool quiet);
  void finish();

 private:
  struct State;
  std::shared_ptr<State> state_;
};
// Above the limits (estimate.hpp) and without --force: prints the refusal and returns true (the
// caller exits with kExitInputError, nothing simulated or written).
bool refuse_if_too_large(const CostEstimate& estimate, const CommonFlags& flags);
// Why `path`, given as `option` (--trace, --out), may not be the one output file of a command
// over a scenario read from `inputs` (the files load_scenario names: the scenario, then its
// `extends:` chain; single_file_refusal: a new path or a regular file, not an input, not inside
// an output set): "--trace PATH: REASON", or "" when it may.
std::string output_file_refusal(const std::string& option, const std::string& path,
                                const std::vector<std::string>& inputs);
// Prints "continuum: error: MESSAGE" and returns kExitInputError.
int input_error(const std::string& message);
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace continuum::cli
