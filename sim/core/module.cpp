// Modules of the CLI found beside the executable or in the build directory (core/module.hpp).
#include "continuum/core/module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#ifndef CONTINUUM_MODULE_DIR
#error "CONTINUUM_MODULE_DIR must be defined (sim/CMakeLists.txt)"
#endif

namespace continuum {

namespace {
std::string executable_dir() {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return {};
  const std::string exe(self, static_cast<std::size_t>(n));
  const std::size_t slash = exe.rfind('/');
  return slash == std::string::npos ? std::string() : exe.substr(0, slash);
}
}  // namespace

void* module_symbol(const char* file, const char* symbol) {
  // RTLD_GLOBAL: Open MPI's own plugins, which libmpi loads in turn, look up its symbols globally.
  // A module present beside the executable is that executable's: should it fail to load, that is
  // the error (the build directory's module may belong to another build). The build directory
  // serves the programs without modules beside them (tests, benchmarks).
  const std::string beside = executable_dir();
  std::vector<std::string> dirs;
  if (!beside.empty()) dirs.push_back(beside);
  if (beside != CONTINUUM_MODULE_DIR) dirs.emplace_back(CONTINUUM_MODULE_DIR);
  std::string tried;
  void* module = nullptr;
  for (const std::string& dir : dirs) {
    const std::string path = dir + "/" + file;
    module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (module) break;
    const char* why = ::dlerror();  // it names the path
    tried += "\n  " + (why ? std::string(why) : path + ": not loaded");
    if (dir == beside && ::access(path.c_str(), F_OK) == 0) break;  // there, but it fails
  }
  if (!module)
    throw std::runtime_error(std::string("cannot load the module ") + file +
                             ", which is built beside the continuum executable:" + tried);
  void* address = ::dlsym(module, symbol);
  if (!address)
    throw std::runtime_error(std::string("the module ") + file + " has no " + symbol +
                             ": it does not match this continuum executable");
  return address;
}

}  // namespace continuum
