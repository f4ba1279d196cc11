// Reading a distribution: {distribution: NAME, PARAMS...}, every parameter bounded to sensible
// days (model/bounds.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "continuum/core/suggestion.hpp"
#include "continuum/model/distribution_checks.hpp"
#include "section_readers.hpp"

namespace continuum::config {

namespace {

// The parameters each kind takes, in the order messages and docs list them.
const std::vector<std::pair<std::string, std::vector<std::string>>> kParams = {
    {"exponential", {"mean"}},
    {"lognormal", {"mean", "sd", "meanlog", "sdlog"}},
    {"gamma", {"mean", "sd"}},
    {"weibull", {"shape", "scale"}},
    {"uniform", {"min", "max"}},
    {"triangular", {"min", "mode", "max"}},
    {"fixed", {"value"}},
    {"empirical", {"values", "weights"}},
    {"loglogistic", {"shape", "scale"}},
    {"daily_hazard", {"values"}},
    {"daily_hazard_logistic", {"p1", "p2", "p3", "p4"}},
    {"survival", {"days", "surviving"}}};

// Reads the numeric parameters of one distribution; ok() while none was refused.
class Params {
 public:
  Params(Reader& r, const YAML::Node& node, const std::string& path, const std::string& kind)
      : r_(r), node_(node), path_(path), kind_(kind), before_(r.error_count()) {}

  // The parameter `key` within `bound`; 0 (reported) when missing or refused.
  double operator()(const char* key, const Bound& bound) {
    YAML::Node p = node_[key];
    if (!p) {
      r_.missing(node_, {key},
                 fmt::format("{}: missing required key '{}' for {}", path_, key, kind_));
      return 0;
    }
    return r_.number_in(p, sub(path_, key), bound).value_or(0);
  }
  bool ok() const { return r_.error_count() == before_; }

 private:
  Reader& r_;
  const YAML::Node& node_;
  const std::string& path_;
  const std::string& kind_;
  std::size_t before_;
};

// Every kind but empirical: parameters in days, then the checks between them.
std::optional<DistributionSpec> read_parametric(Reader& r, const YAML::Node& node,
                                                const std::string& path, const std::string& kind) {
  Params param(r, node, path, kind);
  const Bound& positive = bounds::kDistributionParameter;
  const Bound& endpoint = bounds::kDistributionEndpoint;
  if (kind == "exponential") {
    double mean = param("mean", positive);
    if (param.ok()) return Exponential{mean};
  } else if (kind == "lognormal" && (node["meanlog"] || node["sdlog"])) {
    if (node["mean"] || node["sd"]) {
      r.error(node,
              fmt::format("{}: give either mean and sd or meanlog and sdlog, not both", path));
      return std::nullopt;
    }
    double meanlog = param("meanlog", bounds::kMeanlog), sdlog = param("sdlog", bounds::kSdlog);
    if (param.ok()) return LognormalLog{meanlog, sdlog};
  } else if (kind == "lognormal" || kind == "gamma") {
    double mean = param("mean", positive), sd = param("sd", positive);
    if (!param.ok()) return std::nullopt;
    if (kind == "lognormal") return Lognormal{mean, sd};
    return Gamma{mean, sd};
  } else if (kind == "weibull") {
    double shape = param("shape", positive), scale = param("scale", positive);
    const std::string problem = bound_problem(bounds::kWeibullShape, shape);
    if (param.ok() && !problem.empty())
      r.error(node["shape"], fmt::format("{}: {}", sub(path, "shape"), problem));
    if (param.ok()) return Weibull{shape, scale};
  } else if (kind == "loglogistic") {
    double shape = param("shape", positive), scale = param("scale", positive);
    const std::string problem = bound_problem(bounds::kLoglogisticShape, shape);
    if (param.ok() && !problem.empty())
      r.error(node["shape"], fmt::format("{}: {} (the mean is infinite at shape 1 or below)",
                                         sub(path, "shape"), problem));
    if (param.ok() && problem.empty()) return Loglogistic{shape, scale};
  } else if (kind == "uniform") {
    double lo = param("min", endpoint), hi = param("max", endpoint);
    if (param.ok() && hi <= lo)
      r.error(node, fmt::format("{}: max must be greater than min (got min {:g}, max {:g})", path,
                                lo, hi));
    if (param.ok()) return Uniform{lo, hi};
  } else if (kind == "triangular") {
    double lo = param("min", endpoint), mode = param("mode", endpoint), hi = param("max", endpoint);
    if (param.ok() && !(lo <= mode && mode <= hi && lo < hi))
      r.error(node, fmt::format("{}: needs min <= mode <= max and min < max (got {:g}, {:g}, {:g})",
                                path, lo, mode, hi));
    if (param.ok()) return Triangular{lo, mode, hi};
  } else if (kind == "fixed") {
    double value = param("value", positive);
    if (param.ok()) return Fixed{value};
  }
  return std::nullopt;
}

// Two lists of the same length; the values' weighted mean must be above 0.
std::optional<DistributionSpec> read_empirical(Reader& r, const YAML::Node& node,
                                               const std::string& path) {
  YAML::Node values = node["values"], weights = node["weights"];
  if (!values)
    r.missing(node, {"values"},
              fmt::format("{}: missing required key 'values' for empirical", path));
  if (!weights)
    r.missing(node, {"weights"},
              fmt::format("{}: missing required key 'weights' for empirical", path));
  if (!values || !weights) return std::nullopt;
  if (!values.IsSequence() || values.size() == 0) {
    r.error(values, fmt::format("{}: expected a non-empty list of numbers", sub(path, "values")));
    return std::nullopt;
  }
  if (!weights.IsSequence() || weights.size() != values.size()) {
    r.error(weights, fmt::format("{}: expected a list of {} weights, one per value",
                                 sub(path, "weights"), values.size()));
    return std::nullopt;
  }
  const std::size_t before = r.error_count();
  Empirical e;
  double total = 0, weighted = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    e.values.push_back(r.number_in(values[i], fmt::format("{}[{}]", sub(path, "values"), i),
                                   bounds::kEmpiricalValue)
                           .value_or(0));
    e.weights.push_back(r.number_in(weights[i], fmt::format("{}[{}]", sub(path, "weights"), i),
                                    bounds::kEmpiricalWeight)
                            .value_or(0));
    total += e.weights.back();
    weighted += e.weights.back() * e.values.back();
  }
  if (r.error_count() != before) return std::nullopt;
  if (total <= 0 || weighted <= 0) {
    r.error(node, fmt::format("{}: the weighted mean of the values must be greater than 0", path));
    return std::nullopt;
  }
  return e;
}

}  // namespace

std::optional<DistributionSpec> read_distribution(Reader& r, const YAML::Node& node,
                                                  const std::string& path, DistributionOf of) {
  if (!r.expect_map(node, path)) return std::nullopt;
  YAML::Node kind_node = r.child(node, path, "distribution", true);
  if (!kind_node) return std::nullopt;
  auto kind = r.text(kind_node, sub(path, "distribution"));
  if (!kind) return std::nullopt;
  auto found =
      std::find_if(kParams.begin(), kParams.end(), [&](const auto& p) { return p.first == *kind; });
  if (found == kParams.end()) {
    r.error(kind_node,
            fmt::format("{}: unknown distribution '{}'{}; expected one of: {}",
                        sub(path, "distribution"), *kind, suggestion(*kind, distribution_names()),
                        join(distribution_names())));
    return std::nullopt;
  }
  std::vector<std::string> allowed = found->second;
  allowed.insert(allowed.begin(), "distribution");
  allowed.push_back("round");
  r.check_keys(node, path, allowed);
  bool round = false;
  if (YAML::Node rn = node["round"]) {
    const auto how = r.text(rn, sub(path, "round"));
    if (!how) return std::nullopt;
    if (*how != "stochastic") {
      r.error(rn, fmt::format("{}: expected 'stochastic' (got '{}')", sub(path, "round"), *how));
      return std::nullopt;
    }
    round = true;
  }
  std::optional<DistributionSpec> spec;
  if (*kind == "empirical")
    spec = read_empirical(r, node, path);
  else if (*kind == "daily_hazard" || *kind == "daily_hazard_logistic" || *kind == "survival")
    spec = read_day_table(r, node, path, *kind, of);
  else
    spec = read_parametric(r, node, path, *kind);
  // In-range moments whose derived parameters overflow (lognormal mean 1e-300, sd 3.5) would
  // draw NaN times: refused here rather than at the first draw.
  if (spec) {
    if (std::string problem = derived_parameter_problem(*spec); !problem.empty()) {
      r.error(node, fmt::format("{}: {}", path, problem));
      return std::nullopt;
    }
  }
  // Means computed from the parameters (weibull, loglogistic, lognormal by meanlog and sdlog) at
  // most kMaxDays, as every other kind's parameters bound its mean; an infinite or NaN mean too.
  if (spec) {
    if (const auto mean = computed_mean(*spec); mean && !(mean->value <= bounds::kMaxDays)) {
      r.error(node, fmt::format("{}: the mean {} must be at most {:g} days (got {:g})", path,
                                mean->formula, bounds::kMaxDays, mean->value));
      return std::nullopt;
    }
  }
  if (spec && round) return rounded(std::move(*spec));
  return spec;
}

}  // namespace continuum::config
