// Trend, MSER truncation and replications needed (steady_state.hpp).
#include "continuum/stats/steady_state.hpp"

#include <cmath>
#include <limits>

namespace continuum {

namespace {
// y(0) .. y(n - 1) through `at`: one formula for a vector and for a strided table.
template <class At>
double slope_of(std::size_t n, At at) {
  if (n < 2) return NAN;
  // Centred x: x_i - mean(x) = i - (n - 1) / 2, so sum (x - xbar)^2 = n (n^2 - 1) / 12.
  const double xbar = (static_cast<double>(n) - 1) / 2;
  double ybar = 0;
  for (std::size_t i = 0; i < n; ++i)
    ybar += at(i);
  ybar /= static_cast<double>(n);
  double sxy = 0;
  for (std::size_t i = 0; i < n; ++i)
    sxy += (static_cast<double>(i) - xbar) * (at(i) - ybar);
  const auto nd = static_cast<double>(n);
  return sxy / (nd * (nd * nd - 1) / 12);
}
}  // namespace

double least_squares_slope(const std::vector<double>& y) {
  return slope_of(y.size(), [&y](std::size_t i) { return y[i]; });
}

double least_squares_slope(std::span<const float> table, std::size_t stride, std::size_t first) {
  const std::size_t n = table.size() > first ? (table.size() - first + stride - 1) / stride : 0;
  const float* const y = table.data() + first;
  return slope_of(n, [y, stride](std::size_t i) { return static_cast<double>(y[i * stride]); });
}

MserResult mser(const std::vector<double>& series, std::size_t batch_size) {
  MserResult out;
  if (batch_size == 0) return out;
  const std::size_t b = series.size() / batch_size;
  if (b < 2) return out;
  out.batches = b;
  std::vector<double> z(b);
  for (std::size_t j = 0; j < b; ++j) {
    double sum = 0;
    for (std::size_t k = 0; k < batch_size; ++k)
      sum += series[j * batch_size + k];
    z[j] = sum / static_cast<double>(batch_size);
  }
  // The tail's mean and sum of squared deviations by Welford's update, from the last batch
  // back: exact zeros for a constant tail, so a flat series truncates nothing.
  std::vector<double> statistic(b);
  double mean = 0, m2 = 0;
  for (std::size_t j = b; j-- > 0;) {
    const auto k = static_cast<double>(b - j);
    const double delta = z[j] - mean;
    mean += delta / k;
    m2 += delta * (z[j] - mean);
    statistic[j] = m2 / (k * k);
  }
  std::size_t best = 0;
  for (std::size_t d = 1; d <= b / 2 && b - d >= 2; ++d)
    if (statistic[d] < statistic[best]) best = d;
  out.truncation = best * batch_size;
  out.statistic = statistic[best];
  return out;
}

long long replications_for(double half_width, double mean, int n, double target) {
  if (std::isnan(half_width) || std::isnan(mean) || !(target > 0) || n < 1) return -1;
  if (half_width <= 0) return 0;
  if (mean == 0) return -1;
  const double ratio = half_width / (target * std::fabs(mean));
  const double needed = ratio * ratio * n;
  if (!(needed < 1e15)) return -1;
  // A product that is a whole number up to rounding error stays that number.
  return static_cast<long long>(std::ceil(needed * (1 - 1e-12)));
}

}  // namespace continuum
