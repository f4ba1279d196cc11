// libcontinuum_mpi.so: the MPI C API behind the table of experiment/mpi_api.hpp, loaded by the
// MPI executor (sim/experiment/mpi_executor.cpp) with dlopen when an MPI launcher started the
// process. The only file that includes mpi.h; the module links Open MPI, the CLI does not.
#include <mpi.h>

#include <cstdint>

#include "../experiment/mpi_api.hpp"

namespace {

int any_source(int source) {
  return source < 0 ? MPI_ANY_SOURCE : source;
}
int any_tag(int tag) {
  return tag < 0 ? MPI_ANY_TAG : tag;
}
void fill(const MPI_Status& status, ContinuumMpiProbe* found) {
  if (!found) return;
  found->source = status.MPI_SOURCE;
  found->tag = status.MPI_TAG;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  found->bytes = count;
}

int init(int* argc, char*** argv, int* rank, int* size) {
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    return 1;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return 0;
}
void finalize() {
  MPI_Finalize();
}
void abort_job(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
}
void probe(int source, int tag, ContinuumMpiProbe* found) {
  MPI_Status status;
  MPI_Probe(any_source(source), any_tag(tag), MPI_COMM_WORLD, &status);
  fill(status, found);
}
int iprobe(int source, int tag, ContinuumMpiProbe* found) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(any_source(source), any_tag(tag), MPI_COMM_WORLD, &flag, &status);
  if (flag) fill(status, found);
  return flag;
}
void recv(void* data, int bytes, int source, int tag) {
  MPI_Recv(data, bytes, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}
void send(const void* data, int bytes, int dest, int tag) {
  MPI_Send(data, bytes, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}
void bcast(void* data, int bytes, int root) {
  MPI_Bcast(data, bytes, MPI_BYTE, root, MPI_COMM_WORLD);
}
std::uint64_t allreduce_u64(std::uint64_t value, int max) {
  std::uint64_t out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_UINT64_T, max ? MPI_MAX : MPI_MIN, MPI_COMM_WORLD);
  return out;
}

const ContinuumMpiApi kApi = {kContinuumMpiApiVersion,
                              init,
                              finalize,
                              abort_job,
                              probe,
                              iprobe,
                              recv,
                              send,
                              bcast,
                              allreduce_u64};

}  // namespace

extern "C" __attribute__((visibility("default"))) const ContinuumMpiApi* continuum_mpi_api() {
  return &kApi;
}
