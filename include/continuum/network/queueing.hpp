// Analytic queueing results used to validate the engine and for instant capacity estimates:
// Erlang B (loss), Erlang C (M/M/c delay), Erlang A (M/M/c+M, exponential patience).
#pragma once

#include <cstdint>

namespace continuum::queueing {

// Blocking probability of M/M/c/c with offered load a = lambda / mu (erlangs).
double erlang_b(int c, double a);
// Probability of waiting in M/M/c with offered load a < c.
double erlang_c(int c, double a);
// Blocking probability of M/M/c/(c + m): c servers and at most m waiting, offered load a (any
// a > 0: the system is stable whatever the load). m = 0 is Erlang B.
double mmck_blocking(int c, std::int64_t m, double a);

struct MmcResult {
  double wait_probability;  // Erlang C
  double mean_queue;        // Lq: mean number waiting
  double mean_wait;         // Wq: mean wait of all arrivals (zeros included)
  double mean_census;       // number in service: a
};
// M/M/c with arrival rate lambda and mean service time 1 / mu; requires lambda < c mu.
MmcResult mmc(double lambda, double mu, int c);
// The q-quantile of the wait in M/M/c (FIFO): 0 when q <= 1 - C, else ln(C / (1 - q)) / (c mu -
// lambda).
double mmc_wait_quantile(double lambda, double mu, int c, double q);

struct ErlangAResult {
  double mean_queue;            // mean number waiting
  double abandonment_fraction;  // share of arrivals who abandon
  double mean_census;           // mean number in service
  // Mean time in queue of all arrivals, admitted or abandoning (zero waits included): by Little's
  // law mean_queue / lambda.
  double mean_queue_time;
};
// M/M/c+M: exponential patience with mean 1 / theta. Solved exactly from the birth-death chain.
ErlangAResult erlang_a(double lambda, double mu, double theta, int c);

}  // namespace continuum::queueing
