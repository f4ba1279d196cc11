// Metric names to metrics and back, at the boundary where names come in or go out as text.
#include "continuum/stats/metric.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace continuum {

namespace {
template <class E, std::size_t N>
std::optional<E> find_metric(const std::array<MetricInfo, N>& table, std::string_view name) {
  const auto at = std::find_if(table.begin(), table.end(),
                               [name](const MetricInfo& info) { return info.name == name; });
  if (at == table.end()) return std::nullopt;
  return static_cast<E>(at - table.begin());
}
}  // namespace

const MetricInfo& metric_info(MetricId m) {
  return std::visit([](auto metric) -> const MetricInfo& { return metric_info(metric); }, m);
}

std::optional<LevelMetric> parse_level_metric(std::string_view name) {
  return find_metric<LevelMetric>(kLevelMetricInfo, name);
}

std::optional<SystemMetric> parse_system_metric(std::string_view name) {
  return find_metric<SystemMetric>(kSystemMetricInfo, name);
}

template <class E>
std::string metric_name_list() {
  std::vector<std::string_view> names;
  for (E m : all_metrics<E>())
    names.push_back(metric_info(m).name);
  return fmt::format("{}", fmt::join(names, ", "));
}
template std::string metric_name_list<LevelMetric>();
template std::string metric_name_list<SystemMetric>();

}  // namespace continuum
