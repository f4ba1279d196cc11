// The MPI calls the MPI executor makes, as a table of plain C functions that the module
// libcontinuum_mpi.so (sim/mpi_module/continuum_mpi.cpp, the only code that includes mpi.h and
// links Open MPI) fills in. The CLI loads the module with dlopen only when an MPI launcher started
// the process (mpi_launched()), so a plain `continuum run` never maps libmpi, hwloc or libevent
// (docs/performance.md). Every call is on MPI_COMM_WORLD; messages are bytes.
#pragma once

#include <cstdint>

extern "C" {

// What a probe found: the sender, the tag and the message's length in bytes.
struct ContinuumMpiProbe {
  int source;
  int tag;
  int bytes;
};

struct ContinuumMpiApi {
  int version;  // kContinuumMpiApiVersion
  // MPI_Init_thread(MPI_THREAD_FUNNELED); 0 on success (rank and size set), 1 when the library
  // does not provide MPI_THREAD_FUNNELED (MPI is then finalized again).
  int (*init)(int* argc, char*** argv, int* rank, int* size);
  void (*finalize)();
  void (*abort)(int status);
  // source and tag -1: any.
  void (*probe)(int source, int tag, ContinuumMpiProbe* found);
  int (*iprobe)(int source, int tag, ContinuumMpiProbe* found);  // 1 when a message is there
  void (*recv)(void* data, int bytes, int source, int tag);
  void (*send)(const void* data, int bytes, int dest, int tag);
  void (*bcast)(void* data, int bytes, int root);
  // MPI_Allreduce of one uint64 with MPI_MIN (max == 0) or MPI_MAX (max == 1).
  std::uint64_t (*allreduce_u64)(std::uint64_t value, int max);
};

// The module's one exported function.
const ContinuumMpiApi* continuum_mpi_api();
}

inline constexpr int kContinuumMpiApiVersion = 1;
inline constexpr const char* kContinuumMpiModule = "libcontinuum_mpi.so";
