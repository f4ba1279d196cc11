// The libraries only some runs need are loaded only by those runs (core/module.hpp): the dynamic
// loader's log (LD_DEBUG=files) of a plain `continuum run` names no module, libxlsxwriter, the
// shared libcrypto (SHA-256 is linked statically where libcrypto.a exists) or Open MPI; with
// --xlsx it names libcontinuum_xlsx.so and libxlsxwriter (the check sees a library when it is
// loaded). Under mpirun: tests/cli/mpi_test.cpp.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace continuum {
namespace {

// `continuum ARGS` with the loader's log on its stderr.
testing::CommandResult run_logged(const std::string& args) {
  ::setenv("LD_DEBUG", "files", 1);
  auto result = testing::run_cli(args);
  ::unsetenv("LD_DEBUG");
  return result;
}

TEST(LazyModules, PlainRunLoadsNeitherXlsxNorMpiNorSharedCrypto) {
  const auto dir = testing::temp_dir("lazy-modules");
  const std::string run = "run " + testing::source_path("scenarios/validation/mmc.yaml") +
                          " --replications 2 --threads 1 --quiet --force --out " + dir.string();
  const auto plain = run_logged(run);
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_NE(plain.err.find("file=libstdc++"), std::string::npos) << plain.err;  // the log is there
  for (const char* library :
       {"libcontinuum_", "libxlsxwriter", "libminizip", "libcrypto", "libmpi", "libhwloc"})
    EXPECT_EQ(plain.err.find(library), std::string::npos) << library << " loaded:\n" << plain.err;
  const auto xlsx = run_logged(run + " --xlsx");
  ASSERT_EQ(xlsx.status, 0) << xlsx.err;
  EXPECT_NE(xlsx.err.find("/libcontinuum_xlsx.so [0];  dynamically loaded by"), std::string::npos)
      << xlsx.err;
  EXPECT_NE(xlsx.err.find("file=libxlsxwriter"), std::string::npos) << xlsx.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "results.xlsx"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace continuum
