// continuum validate: check a scenario file without simulating, and print the cost estimate of
// running it with its default replications.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "continuum/experiment/estimate.hpp"
#include "continuum/output/format.hpp"

namespace continuum::cli {

namespace {
int validate_scenario(const std::string& path) {
  const Scenario s = load_checked(path);
  std::cout << fmt::format("{}: ok ({}, {})\n", path, count_of(s.levels.size(), "level"),
                           count_of(s.arrivals.size(), "arrival stream"));
  CostRequest request;
  request.replications = s.replications;
  std::cout << describe(estimate_cost(s, request)) << '\n';
  return 0;
}
}  // namespace

Command add_validate(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file without simulating");
  validate->add_option("scenario", *path, "Scenario YAML file")->required();
  return {validate, [path] { return validate_scenario(*path); }};
}

}  // namespace continuum::cli
