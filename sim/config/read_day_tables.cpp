// Reading days given day by day: {distribution: daily_hazard, values: [...]},
// {distribution: daily_hazard_logistic, p1, p2, p3, p4} and
// {distribution: survival, days: [...], surviving: [...]} (model/hazard_table.hpp).
#include <fmt/format.h>

#include <cmath>

#include "section_readers.hpp"

namespace continuum::config {

namespace {

// A non-empty list of at most kMaxDays numbers, each within `bound`; nullopt (reported) else.
std::optional<std::vector<double>> read_list(Reader& r, const YAML::Node& parent,
                                             const std::string& path, const char* key,
                                             const std::string& kind, const Bound& bound) {
  YAML::Node list = parent[key];
  const std::string lpath = sub(path, key);
  if (!list) {
    r.missing(parent, {key}, fmt::format("{}: missing required key '{}' for {}", path, key, kind));
    return std::nullopt;
  }
  if (!list.IsSequence() || list.size() == 0) {
    r.error(list, fmt::format("{}: expected a non-empty list of numbers", lpath));
    return std::nullopt;
  }
  if (list.size() > static_cast<std::size_t>(bounds::kMaxDays)) {
    r.error(list,
            fmt::format("{}: at most {:g} values (got {})", lpath, bounds::kMaxDays, list.size()));
    return std::nullopt;
  }
  const std::size_t before = r.error_count();
  std::vector<double> out;
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(r.number_in(list[i], fmt::format("{}[{}]", lpath, i), bound).value_or(0));
  if (r.error_count() != before) return std::nullopt;
  return out;
}

std::optional<DistributionSpec> read_survival(Reader& r, const YAML::Node& node,
                                              const std::string& path) {
  auto days = read_list(r, node, path, "days", "survival", bounds::kSurvivalDay);
  auto surviving = read_list(r, node, path, "surviving", "survival", bounds::kSurvivingShare);
  if (!days || !surviving) return std::nullopt;
  if (surviving->size() != days->size()) {
    r.error(node["surviving"], fmt::format("{}: expected a list of {} shares, one per day",
                                           sub(path, "surviving"), days->size()));
    return std::nullopt;
  }
  const std::size_t before = r.error_count();
  for (std::size_t i = 1; i < days->size(); ++i) {
    if ((*days)[i] <= (*days)[i - 1])
      r.error(node["days"][i], fmt::format("{}[{}]: days must increase (got {:g} after {:g})",
                                           sub(path, "days"), i, (*days)[i], (*days)[i - 1]));
    if ((*surviving)[i] > (*surviving)[i - 1])
      r.error(node["surviving"][i],
              fmt::format("{}[{}]: shares surviving must not increase (got {:g} after {:g})",
                          sub(path, "surviving"), i, (*surviving)[i], (*surviving)[i - 1]));
  }
  if (r.error_count() != before) return std::nullopt;
  return Survival{std::move(*days), std::move(*surviving)};
}

}  // namespace

std::optional<DistributionSpec> read_day_table(Reader& r, const YAML::Node& node,
                                               const std::string& path, const std::string& kind,
                                               DistributionOf of) {
  std::optional<DistributionSpec> spec;
  if (kind == "daily_hazard") {
    if (auto values = read_list(r, node, path, "values", kind, bounds::kDailyHazard))
      spec = DailyHazard{std::move(*values)};
  } else if (kind == "daily_hazard_logistic") {
    const std::size_t before = r.error_count();
    double p[4] = {0, 0, 0, 0};
    const char* keys[4] = {"p1", "p2", "p3", "p4"};
    const Bound* limits[4] = {&bounds::kDailyHazard, &bounds::kLogisticSteepness,
                              &bounds::kDistributionParameter, &bounds::kDailyHazard};
    for (int i = 0; i < 4; ++i) {
      if (YAML::Node v = node[keys[i]])
        p[i] = r.number_in(v, sub(path, keys[i]), *limits[i]).value_or(0);
      else
        r.missing(node, {keys[i]},
                  fmt::format("{}: missing required key '{}' for {}", path, keys[i], kind));
    }
    if (r.error_count() == before) spec = DailyHazardLogistic{p[0], p[1], p[2], p[3]};
  } else {
    spec = read_survival(r, node, path);
  }
  if (!spec || of == DistributionOf::kPatience) return spec;
  // Any other time needs a finite mean (the network analysis, rates, residual stays).
  const double mean = mean_of(*spec);
  if (!(mean <= bounds::kMaxDays)) {
    r.error(node, fmt::format("{}: the mean must be at most {:g} days (got {:g}); a law under "
                              "which some never end is allowed only as a waitlist's patience",
                              path, bounds::kMaxDays, mean));
    return std::nullopt;
  }
  return spec;
}

}  // namespace continuum::config
