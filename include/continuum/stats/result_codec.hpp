// One replication's result as bytes and back, exactly (every field, bit for bit): how the MPI
// executor (experiment/mpi_executor.hpp) ships results between ranks. The bytes are those of
// this machine (byte order, float format): every rank of a run runs the same build.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "continuum/stats/statistics.hpp"

namespace continuum {

// Appends `r` to `out`: a level costs about 250 bytes (tallies and p90s); the daily series 4
// bytes per value; a trace record 29 bytes.
void encode_result(const ReplicationResult& r, std::string& out);
// Reads one result written by encode_result from `bytes` at `pos`, and moves `pos` past it.
// Throws std::runtime_error when the bytes are truncated or are not a result.
ReplicationResult decode_result(std::string_view bytes, std::size_t& pos);

}  // namespace continuum
