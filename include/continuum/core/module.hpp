// Loading a module of the CLI (a shared library built beside build/continuum) on demand: the
// libraries that only some runs need (Open MPI under a launcher, libxlsxwriter for --xlsx) are
// linked into modules, so that a plain run does not load and relocate them (docs/performance.md).
#pragma once

namespace continuum {

// The address of `symbol` in module `file` (e.g. "libcontinuum_xlsx.so"), loaded (dlopen,
// RTLD_NOW | RTLD_GLOBAL, once per process) from the directory of this executable
// (/proc/self/exe) or else from the build directory it was built in (test and bench programs);
// a module beside the executable that fails to load is reported, never replaced by the build
// directory's.
// Throws std::runtime_error naming the module when neither has it, or it lacks `symbol`.
void* module_symbol(const char* file, const char* symbol);

}  // namespace continuum
