// Modules of the CLI found beside the executable or in the build directory (core/module.hpp).
#include "continuum/core/module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

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
  std::string tried;
  void* module = nullptr;
  for (const std::string& dir : {executable_dir(), std::string(CONTINUUM_MODULE_DIR)}) {
    if (dir.empty()) continue;
    const std::string path = dir + "/" + file;
    module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (module) break;
    const char* why = ::dlerror();
    tried += "\n  " + path + ": " + (why ? why : "not loaded");
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
