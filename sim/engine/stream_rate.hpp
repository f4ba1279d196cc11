// A referral stream's rate over time as the engine draws it (private to sim/engine/): the rate
// law of growth and seasonality (model/rate_law.hpp), and the weights of the streams in the
// initial state's mix.
#pragma once

#include <vector>

#include "continuum/model/model.hpp"
#include "continuum/model/rate_law.hpp"

namespace continuum {

// The weight of each stream in the referral mix the initial state's patients (census, waitlist,
// relapse pool) draw their classes and payers from: its rate in force at time 0 (the start of
// warm-up; before any dated change). A stream that starts later (`start`) weighs 0 there, a
// scheduled one its piece's rate at 0, a growing or seasonal one its rate law at 0, a renewal
// one 1 / its mean gap. When no stream refers at time 0, each weighs its rate when it first
// refers (a schedule's first piece of positive rate from its start). Independent of the horizon.
std::vector<double> initial_stream_weights(const Model& model);

}  // namespace continuum
