// Golden outputs: the SHA-256 of every shipped scenario's event trace (replication 0) and of its
// summary.json and daily.csv, and of the compare, sweep and size outputs, against
// tests/golden/golden.csv. Any change to what the simulator does or writes fails here; when the
// change is deliberate, re-bless with scripts/bless and say so in the commit message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "continuum/output/sha256.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;
using testing::source_path;

std::string sha256(const std::string& bytes) {
  return sha256_hex(bytes);
}

const std::string kGoldenFile = "tests/golden/golden.csv";

// golden.csv: "case,output,sha256" rows.
std::map<std::string, std::string> read_golden() {
  std::map<std::string, std::string> golden;
  std::istringstream in(read_file(source_path(kGoldenFile)));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.rfind(',');
    if (comma != std::string::npos) golden[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return golden;
}

// The cases, each producing named outputs. Every shipped scenario and the validation cases.
std::vector<std::string> golden_scenarios() {
  std::vector<std::string> files = testing::yaml_files("scenarios");
  for (const auto& f : testing::yaml_files("scenarios/validation"))
    files.push_back(f);
  files.push_back("bench/scenarios/continuum6.yaml");
  files.push_back("bench/scenarios/mmc.yaml");
  return files;
}

fs::path scratch(const std::string& name) {
  return testing::temp_dir("golden-" + std::regex_replace(name, std::regex("[^A-Za-z0-9]"), "_"));
}

std::vector<std::pair<std::string, std::string>> scenario_outputs(const std::string& file) {
  const fs::path dir = scratch(file);
  std::vector<std::pair<std::string, std::string>> out;
  auto r = run_cli("run " + file + " --replications 1 --threads 1 --no-daily --trace " +
                   (dir / "trace.csv").string() + " --out " + (dir / "traced").string());
  EXPECT_EQ(r.status, 0) << file << ": " << r.err;
  out.emplace_back(file + ",trace.csv", read_file(dir / "trace.csv"));
  r = run_cli("run " + file + " --replications 10 --threads 2 --out " + (dir / "run").string());
  EXPECT_EQ(r.status, 0) << file << ": " << r.err;
  out.emplace_back(file + ",summary.json", read_file(dir / "run" / "summary.json"));
  out.emplace_back(file + ",daily.csv", read_file(dir / "run" / "daily.csv"));
  fs::remove_all(dir);
  return out;
}

std::vector<std::pair<std::string, std::string>> experiment_outputs() {
  const fs::path dir = scratch("experiments");
  std::vector<std::pair<std::string, std::string>> out;
  auto r = run_cli(
      "compare scenarios/baseline.yaml scenarios/more_residential_beds.yaml "
      "scenarios/evening_iop.yaml scenarios/detox_bridge.yaml --replications 10 --threads 2 "
      "--out " +
      (dir / "compare").string());
  EXPECT_EQ(r.status, 0) << r.err;
  out.emplace_back("compare,comparison.json", read_file(dir / "compare" / "comparison.json"));
  out.emplace_back("compare,comparison.csv", read_file(dir / "compare" / "comparison.csv"));
  r = run_cli(
      "sweep scenarios/baseline.yaml --set levels.iop.capacity=70:110:20 --set "
      "arrivals.community.rate_per_day=4:5:1 --replications 5 --threads 2 --out " +
      (dir / "sweep").string());
  EXPECT_EQ(r.status, 0) << r.err;
  out.emplace_back("sweep,sweep.csv", read_file(dir / "sweep" / "sweep.csv"));
  r = run_cli(
      "size scenarios/baseline.yaml --level iop --level residential --target "
      "\"p90_wait_days<=14\" --target \"lost_to_care_per_day<=0.3\" --json --replications 10 "
      "--threads 2");
  EXPECT_EQ(r.status, 0) << r.err;
  // The elapsed time is the one line that may differ between equal runs.
  out.emplace_back("size,stdout.json",
                   std::regex_replace(r.out, std::regex("\"seconds\": [0-9.e+-]+"), "\"seconds\""));
  fs::remove_all(dir);
  return out;
}

TEST(Golden, OutputsMatchTheBlessedHashes) {
  const bool bless = std::getenv("CONTINUUM_BLESS") != nullptr;
  std::vector<std::pair<std::string, std::string>> outputs;
  for (const auto& file : golden_scenarios())
    for (auto& o : scenario_outputs(file))
      outputs.push_back(std::move(o));
  for (auto& o : experiment_outputs())
    outputs.push_back(std::move(o));

  if (bless) {
    std::ofstream golden(source_path(kGoldenFile), std::ios::binary);
    golden << "case,output,sha256\n";
    for (const auto& [name, bytes] : outputs)
      golden << name << ',' << sha256(bytes) << '\n';
    GTEST_SKIP() << "blessed " << outputs.size() << " outputs into " << kGoldenFile;
  }
  const auto golden = read_golden();
  int changed = 0;
  for (const auto& [name, bytes] : outputs) {
    EXPECT_FALSE(bytes.empty()) << name;
    const auto it = golden.find(name);
    if (it == golden.end()) {
      ADD_FAILURE() << name << ": no blessed hash";
      ++changed;
    } else if (it->second != sha256(bytes)) {
      ADD_FAILURE() << name << ": output changed (sha256 " << sha256(bytes) << ", blessed "
                    << it->second << ")";
      ++changed;
    }
  }
  EXPECT_EQ(golden.size(), outputs.size()) << "golden.csv has cases no longer produced";
  if (changed > 0)
    ADD_FAILURE() << changed << " golden outputs changed. If the change is deliberate, run "
                  << "scripts/bless, then commit tests/golden/golden.csv saying which outputs "
                     "changed and why.";
}

}  // namespace
}  // namespace continuum
