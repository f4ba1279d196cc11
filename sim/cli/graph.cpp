// continuum graph: draw the care network as Graphviz DOT, or SVG or PNG through Graphviz's dot.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "continuum/config/load.hpp"
#include "continuum/network/checks.hpp"
#include "continuum/network/network.hpp"
#include "continuum/output/dot.hpp"
#include "continuum/output/files.hpp"
#include "continuum/output/graphviz.hpp"

namespace continuum::cli {

namespace {
struct GraphArgs {
  std::string scenario;
  std::string format = "dot";
  std::string out;  // empty: stdout
};

// Draws even a structurally broken network (a closed loop is easier to see than to read
// about); the structural errors and warnings go to stderr.
int graph_scenario(const GraphArgs& args) {
  std::vector<std::string> inputs;  // the scenario's files, as the loader read them
  const Scenario scenario = load_scenario(args.scenario, {}, &inputs);
  if (!args.out.empty())  // before anything is drawn or written: a refusal writes nothing
    if (const std::string refusal = output_file_refusal("--out", args.out, inputs);
        !refusal.empty())
      return input_error(refusal);
  const Network network(scenario);
  for (const auto& d : check_network(network))
    std::cerr << d.format() << '\n';
  const std::string dot = network_dot(network);
  const std::string drawing = args.format == "dot" ? dot : render_dot(dot, args.format);
  if (args.out.empty())
    std::cout << drawing;
  else
    write_file_atomic(args.out, drawing);
  return 0;
}
}  // namespace

Command add_graph(CLI::App& app) {
  auto args = std::make_shared<GraphArgs>();
  CLI::App* graph = app.add_subcommand("graph", "Draw the care network (Graphviz DOT, SVG or PNG)");
  graph->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  graph
      ->add_option("--format", args->format,
                   "dot (default), svg or png (svg and png need Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "svg", "png"}));
  graph->add_option("--out", args->out, "Output file (default: stdout)")->check(not_empty());
  return {graph, [args] { return graph_scenario(*args); }};
}

}  // namespace continuum::cli
