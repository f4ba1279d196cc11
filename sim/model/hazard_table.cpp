// Daily hazards and survival tables compiled into whole-day survival, and their inverse.
#include "continuum/model/hazard_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace continuum {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// One uniform on (0, 1].
double open_uniform(Rng& rng) {
  return 1.0 - rng.uniform01();
}

// Failures before the first success of daily probability h (h in (0, 1]), from one uniform.
double geometric(double h, Rng& rng) {
  if (h >= 1) return 0;
  return std::floor(std::log(open_uniform(rng)) / std::log1p(-h));
}

}  // namespace

HazardTable::HazardTable(const DailyHazard& d) {
  s_.reserve(d.values.size() + 1);
  s_.push_back(1.0);
  for (double h : d.values)
    s_.push_back(s_.back() * (1 - h));
  tail_ = d.values.back();
  finish();
}

HazardTable::HazardTable(const DailyHazardLogistic& d) {
  auto hazard = [&](double k) {
    const double h = d.p4 + (d.p1 - d.p4) / (1 + std::pow(k / d.p3, d.p2));
    return std::clamp(h, 0.0, 1.0);
  };
  s_.push_back(1.0);
  int k = 0;
  while (k < kMaxTableDays && s_.back() >= kNegligible && s_.back() > 0) {
    s_.push_back(s_.back() * (1 - hazard(k)));
    ++k;
  }
  tail_ = hazard(k);
  finish();
}

HazardTable::HazardTable(const Survival& d) {
  s_.push_back(1.0);
  double prev_day = 0, prev = 1;
  for (std::size_t i = 0; i < d.days.size(); ++i) {
    const double n = d.days[i] - prev_day, next = d.surviving[i];
    for (double j = 1; j < n; ++j)  // the days inside the interval
      s_.push_back(next > 0 ? prev * std::pow(next / prev, j / n) : prev * (1 - j / n));
    s_.push_back(next);
    if (next <= 0) break;
    tail_ = 1 - std::pow(next / prev, 1 / n);  // the last interval's daily hazard
    prev_day = d.days[i];
    prev = next;
  }
  finish();
}

void HazardTable::finish() {
  const auto zero = std::find(s_.begin(), s_.end(), 0.0);
  if (zero != s_.end()) {
    s_.erase(zero + 1, s_.end());
    tail_ = 1;  // nobody is left: the tail is never reached
  }
  biased_.resize(s_.size() - 1);
  double sum = 0;
  for (std::size_t k = 0; k + 1 < s_.size(); ++k) {
    sum += (s_[k] - s_[k + 1]) * (static_cast<double>(k) + 0.5);
    biased_[k] = sum;
  }
}

double HazardTable::survival(double t) const {
  if (!(t > 0)) return 1;
  const double last = static_cast<double>(s_.size() - 1);
  if (t < last) {
    const auto d = static_cast<std::size_t>(t);
    const double f = t - static_cast<double>(d);
    return s_[d] + (s_[d + 1] - s_[d]) * f;
  }
  const double k = std::floor(t - last), f = t - last - k;
  if (tail_ <= 0) return s_.back();
  const double at_day = s_.back() * std::pow(1 - tail_, k);
  return at_day * (1 - tail_ * f);
}

double HazardTable::inverse(double u) const {
  u = std::max(u, 0x1.0p-64);  // u = 0 (probability 2^-53) as the least uniform above it
  // The first whole day j with S(j) <= u; S(0) = 1 > u.
  const auto it = std::partition_point(s_.begin(), s_.end(), [u](double s) { return s > u; });
  if (it != s_.end()) {
    const auto j = static_cast<std::size_t>(it - s_.begin());
    const double above = s_[j - 1], below = s_[j];
    return static_cast<double>(j - 1) + (above - u) / (above - below);
  }
  // After day D: S(D + k) = S(D) (1 - h)^k.
  const double last = static_cast<double>(s_.size() - 1), top = s_.back();
  if (tail_ <= 0) return kInfinity;
  if (tail_ >= 1) return last + (top - u) / top;
  const double q = 1 - tail_;
  double k = std::floor(std::log(u / top) / std::log1p(-tail_));
  double at = top * std::pow(q, k);
  // Rounding may put u just outside [S(D + k + 1), S(D + k)): step to the right day.
  for (int step = 0; step < 64 && k > 0 && at <= u; ++step) {
    k -= 1;
    at /= q;
  }
  for (int step = 0; step < 64 && at * q > u; ++step) {
    k += 1;
    at *= q;
  }
  const double within = std::clamp((at - u) / (at * tail_), 0.0, 1.0);
  return last + k + within;
}

double HazardTable::remaining_after(double elapsed, Rng& rng) const {
  const double u = rng.uniform01();
  const double s = survival(elapsed);
  if (!(s > 0)) return 0;
  return std::max(inverse(u * s) - elapsed, 0.0);
}

double HazardTable::length_biased(Rng& rng) const {
  const double table = biased_.empty() ? 0 : biased_.back();
  const double last = static_cast<double>(s_.size() - 1), top = s_.back();
  // The tail's weight: sum over j >= 0 of S(D) h q^j (D + j + 1/2) = S(D) ((D + 1/2) + q / h).
  const double plain = top * (last + 0.5);
  const double extra = top > 0 && tail_ < 1 ? top * (1 - tail_) / tail_ : 0;
  const double x = rng.uniform01() * (table + plain + extra);
  double k;
  if (x < table) {
    k = static_cast<double>(std::upper_bound(biased_.begin(), biased_.end(), x) - biased_.begin());
  } else if (x < table + plain) {  // j ~ geometric(h)
    k = last + geometric(tail_, rng);
  } else {  // j with weight j q^j: 1 + two geometrics
    k = last + 1 + geometric(tail_, rng) + geometric(tail_, rng);
  }
  // Within the day, density proportional to k + v on [0, 1].
  const double a = rng.uniform01() * (2 * k + 1);
  return k + a / (std::sqrt(k * k + a) + k);
}

double HazardTable::mean() const {
  const double table = biased_.empty() ? 0 : biased_.back();
  const double last = static_cast<double>(s_.size() - 1), top = s_.back();
  if (!(top > 0)) return table;
  if (tail_ <= 0) return kInfinity;
  return table + top * ((last + 0.5) + (1 - tail_) / tail_);
}

double HazardTable::variance() const {
  const double m = mean();
  if (std::isinf(m)) return kInfinity;
  double second = 0;
  for (std::size_t k = 0; k + 1 < s_.size(); ++k) {
    const double kk = static_cast<double>(k);
    second += (s_[k] - s_[k + 1]) * (kk * kk + kk + 1.0 / 3);
  }
  const double d = static_cast<double>(s_.size() - 1), top = s_.back();
  if (top > 0) {
    const double h = tail_, q = 1 - h;
    second += top * ((d * d + d + 1.0 / 3) + (2 * d + 1) * q / h + q * (1 + q) / (h * h));
  }
  return std::max(second - m * m, 0.0);
}

}  // namespace continuum
