// Is a run's statistics window in steady state, and are its estimates precise enough? The
// numbers behind a run's warnings (output/warnings.hpp) and `run --precision`: the trend of a
// daily series, the MSER truncation point of White (1997), and the replications a relative
// half-width asks for.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace continuum {

// The least-squares slope of y against its index 0, 1, 2, ...: units of y per step. NaN with
// fewer than two points.
double least_squares_slope(const std::vector<double>& y);
// The same slope (bit for bit) of every `stride`-th value of `table` from index `first` (one
// level's days in a day-major daily table), read in place: no copy of the series.
double least_squares_slope(std::span<const float> table, std::size_t stride, std::size_t first);

// MSER-m: the series (n points) is cut into b = floor(n / m) batches of m consecutive points
// (the n mod m last points are left out), with batch means Z_1..Z_b. For a truncation of d
// batches, MSER(d) = sum_{j > d} (Z_j - mean_{j > d} Z)^2 / (b - d)^2; the truncation point d*
// minimizes it over d = 0 .. floor(b / 2) (the first half of the series, leaving at least two
// batches; the smallest d on a tie). White, K.P. (1997) "An effective truncation heuristic for bias
// reduction in simulation output", Simulation 69(6); MSER-5 is m = 5 (White, Cobb & Spratt 2000).
struct MserResult {
  std::size_t truncation = 0;  // d* x m: points to drop from the start of the series
  std::size_t batches = 0;     // b (0: fewer than two batches, nothing was searched)
  double statistic = 0;        // MSER(d*)
};
MserResult mser(const std::vector<double>& series, std::size_t batch_size = 5);

// The half-width of a 95% interval shrinks as 1/sqrt(n): from n replications with half-width
// `half_width` around `mean`, ceil((half_width / (target x |mean|))^2 x n) replications bring
// it to `target` x |mean|. 0 when the half-width is already 0; -1 (unknown) when the mean is 0
// and the half-width is not, or either is undefined.
long long replications_for(double half_width, double mean, int n, double target);

}  // namespace continuum
