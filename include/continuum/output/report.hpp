// Result files (summary.json, daily.csv), the stdout table, and atomic writing of files.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "continuum/experiment/runner.hpp"
#include "continuum/model/scenario.hpp"

namespace continuum {

// Version of the layout of summary.json; bumped when a key changes meaning or disappears.
constexpr int kSummarySchemaVersion = 1;

nlohmann::ordered_json estimate_json(const Estimate& e);
nlohmann::ordered_json scenario_json(const Scenario& scenario);
nlohmann::ordered_json summary_json(const Scenario& scenario, const Summary& summary);
std::string daily_csv(const Scenario& scenario, const Summary& summary);
std::string summary_table(const Scenario& scenario, const Summary& summary);

// Writes `content` to a temporary name beside `path` and renames it into place, so a crash
// never leaves half a file. Throws std::runtime_error with the path on failure.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);
// Creates `dir` if needed and writes each (file name, content) pair atomically.
void write_outputs(const std::filesystem::path& dir,
                   const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace continuum
