// Running plans on the ranks of an MPI job (mpirun, mpiexec, Slurm's srun): docs/scaling.md.
// Every rank runs the same command on the same files, so every rank builds the same plans in the
// same order (SPMD); each plan's (job, replication) items are handed out by rank 0 on request
// (dynamic load balancing) to thread pools on every rank, rank 0's included, and every result
// comes back to rank 0, which returns PlanResults exactly as a ThreadExecutor would. The other
// ranks get the results too, without daily series and traces (they write nothing), so that
// commands that decide on results (size) take the same steps on every rank.
// MPI itself stays in sim/experiment/mpi_executor.cpp (built with CMake option CONTINUUM_MPI).
#pragma once

#include <functional>
#include <memory>

#include "continuum/experiment/executor.hpp"

namespace continuum {

// Whether this build has MPI (CMake option CONTINUUM_MPI, on when CMake finds MPI).
bool mpi_built();
// Whether an MPI launcher started this process: it set OMPI_COMM_WORLD_SIZE (Open MPI's mpirun),
// PMI_SIZE or PMI_RANK (MPICH, Slurm's PMI) or PMIX_RANK (PMIx, srun --mpi=pmix).
bool mpi_launched();

// This process's MPI job: initialized by the constructor (MPI_THREAD_FUNNELED: only the thread
// that constructed it calls MPI), finalized by the destructor; one per process. It also reports a
// crash of a rank (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) on stderr, naming the rank and the
// (variant, replication) its thread was simulating, before the launcher ends the job.
class MpiSession {
 public:
  // Throws std::runtime_error when built without MPI.
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ends every rank of the job with `status` (MPI_Abort): after a failure on one rank the
  // others cannot finish their plans.
  [[noreturn]] void abort(int status);

 private:
  int rank_ = 0;
  int size_ = 1;
};

class MpiExecutor final : public Executor {
 public:
  // `threads` per rank (0: as many as the cores the rank may run on, its affinity mask: one
  // under mpirun's default binding of up to two ranks, all with --bind-to none); more threads
  // than those cores gets a warning. progress(done, total) is called on rank 0 only, after each
  // replication finished anywhere.
  MpiExecutor(MpiSession& session, int threads, std::function<void(int, int)> progress = {});
  ~MpiExecutor() override;
  // Collective: every rank calls it with the same plan. Rank 0 returns every result; the other
  // ranks every result without daily series and trace. A failure anywhere (an exception in a
  // replication) makes rank 0 throw std::runtime_error naming the rank, the variant and the
  // replication; the caller then ends the job (MpiSession::abort). A rank whose plan differs
  // from rank 0's throws before anything is simulated.
  //
  // With CONTINUUM_MPI_REPORT set (non-empty), rank 0 prints to stderr after each plan the
  // replications each rank simulated and the bytes gathered and broadcast (docs/scaling.md).
  //
  // Test hook (tests/cli/mpi_test.cpp): CONTINUUM_MPI_TEST_FAIL=RANK:throw or RANK:abort makes
  // rank RANK throw std::runtime_error, or call std::abort() (a crash), on its first replication.
  PlanResults run(const Plan& plan) override;

 private:
  struct State;
  // [[maybe_unused]]: a build without MPI compiles the class but not the code that reads them.
  [[maybe_unused]] MpiSession& session_;
  [[maybe_unused]] int threads_;
  std::function<void(int, int)> progress_;
  std::unique_ptr<State> state_;
  [[maybe_unused]] bool warned_ = false;  // about more threads than cores
};

}  // namespace continuum
