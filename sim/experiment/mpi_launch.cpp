// Whether MPI is built and launched; without MPI (CMake option CONTINUUM_MPI off) the session
// and the executor only refuse. With MPI they are in mpi_executor.cpp.
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "continuum/experiment/mpi_executor.hpp"

#ifndef CONTINUUM_HAVE_MPI
#error "CONTINUUM_HAVE_MPI must be defined (sim/CMakeLists.txt)"
#endif

namespace continuum {

bool mpi_built() {
  return CONTINUUM_HAVE_MPI != 0;
}

bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

#if !CONTINUUM_HAVE_MPI
namespace {
[[noreturn]] void no_mpi() {
  throw std::runtime_error(
      "this continuum was built without MPI (CMake option CONTINUUM_MPI); install Open MPI "
      "(scripts/setup) and rebuild, or run it without mpirun");
}
}  // namespace

struct MpiExecutor::State {};
MpiSession::MpiSession(int&, char**&) {
  no_mpi();
}
MpiSession::~MpiSession() = default;
void MpiSession::abort(int status) {
  std::_Exit(status);
}
MpiExecutor::MpiExecutor(MpiSession& session, int threads, std::function<void(int, int)> progress)
    : session_(session), threads_(threads), progress_(std::move(progress)) {
  no_mpi();
}
MpiExecutor::~MpiExecutor() = default;
PlanResults MpiExecutor::run(const Plan&) {
  no_mpi();
}
#endif

}  // namespace continuum
