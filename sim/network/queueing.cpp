// Erlang B / C / A by the standard stable recursions.
#include "continuum/network/queueing.hpp"

#include <cmath>
#include <vector>

#include "continuum/core/diagnostics.hpp"

namespace continuum::queueing {

double erlang_b(int c, double a) {
  double b = 1.0;  // B(0, a)
  for (int k = 1; k <= c; ++k)
    b = a * b / (k + a * b);
  return b;
}

double erlang_c(int c, double a) {
  CONTINUUM_ASSERT(a < c);
  const double b = erlang_b(c, a);
  return c * b / (c - a * (1 - b));
}

// With B = erlang_b(c, a), the probabilities of n = c + j (j = 0..m) relative to those of
// M/M/c/c are B rho^j, rho = a / c: blocking B rho^m / (1 + B (rho + ... + rho^m)), written so
// that rho^m neither overflows (rho > 1: divided through by rho^m) nor loses the sum.
double mmck_blocking(int c, std::int64_t m, double a) {
  CONTINUUM_ASSERT(c > 0 && m >= 0 && a > 0);
  const double b = erlang_b(c, a);
  const double rho = a / c, mm = static_cast<double>(m);
  if (rho == 1) return b / (1 + b * mm);
  if (rho < 1) return b * std::pow(rho, mm) / (1 + b * rho * (1 - std::pow(rho, mm)) / (1 - rho));
  const double inv = std::pow(rho, -mm);  // rho^-m, 0 when it underflows
  return b / (inv + b * (rho - rho * inv) / (rho - 1));
}

MmcResult mmc(double lambda, double mu, int c) {
  const double a = lambda / mu;
  const double pw = erlang_c(c, a);
  const double wq = pw / (c * mu - lambda);
  return {pw, lambda * wq, wq, a};
}

double mmc_wait_quantile(double lambda, double mu, int c, double q) {
  const double pw = erlang_c(c, lambda / mu);
  if (q <= 1 - pw) return 0.0;
  return std::log(pw / (1 - q)) / (c * mu - lambda);
}

ErlangAResult erlang_a(double lambda, double mu, double theta, int c) {
  // Unnormalised stationary probabilities p[n] of the number in system; the tail past c decays
  // like lambda / (c mu + k theta), so a few thousand states beyond c are far more than enough.
  std::vector<double> p{1.0};
  double total = 1.0;
  for (int n = 1;; ++n) {
    const double death = std::min(n, c) * mu + std::max(n - c, 0) * theta;
    p.push_back(p.back() * lambda / death);
    total += p.back();
    if (n > c && p.back() < 1e-18 * total) break;
  }
  double queue = 0, busy = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    const double pn = p[n] / total;
    queue += std::max<double>(static_cast<double>(n) - c, 0) * pn;
    busy += std::min<double>(static_cast<double>(n), c) * pn;
  }
  return {queue, theta * queue / lambda, busy, queue / lambda};
}

}  // namespace continuum::queueing
