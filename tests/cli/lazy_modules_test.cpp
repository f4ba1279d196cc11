// The libraries only some runs need are loaded only by those runs (core/module.hpp): the dynamic
// loader's log (LD_DEBUG=files) of a plain `continuum run` names no module, libxlsxwriter, the
// shared libcrypto (SHA-256 is linked statically where libcrypto.a exists) or Open MPI; with
// --xlsx it names libcontinuum_xlsx.so and libxlsxwriter (the check sees a library when it is
// loaded). Under mpirun: tests/cli/mpi_test.cpp. A broken module beside the executable fails an
// --xlsx command before it simulates, naming that module (the build directory's is not used).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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

TEST(LazyModules, BrokenXlsxModuleBesideTheExecutableFailsBeforeSimulating) {
  const auto dir = testing::temp_dir("lazy-modules-broken");
  const auto exe = dir / "continuum";
  std::filesystem::copy_file(CONTINUUM_BINARY, exe);
  std::ofstream(dir / "libcontinuum_xlsx.so") << "not a shared library";
  const std::string mmc = testing::source_path("scenarios/validation/mmc.yaml");
  const std::string out = (dir / "out").string();
  const std::string build_module =
      (std::filesystem::path(CONTINUUM_BINARY).parent_path() / "libcontinuum_xlsx.so").string();
  for (const std::string& command :
       {"run " + mmc,
        "compare " + mmc + " " + testing::source_path("scenarios/validation/erlang_b.yaml"),
        "sweep " + mmc + " --set levels.clinic.capacity=10:11:1",
        "size " + mmc + " --level clinic --target \"mean_queue_time_days<=1\""}) {
    const std::string cmd = exe.string() + " " + command + " --xlsx --quiet --out " + out + " >" +
                            (dir / "stdout").string() + " 2>" + (dir / "stderr").string();
    const int raw = std::system(cmd.c_str());
    const std::string err = testing::read_file(dir / "stderr");
    EXPECT_EQ(WEXITSTATUS(raw), 1) << command << "\n" << err;
    EXPECT_NE(err.find("--xlsx, nothing simulated: cannot load the module libcontinuum_xlsx.so"),
              std::string::npos)
        << command << "\n"
        << err;
    EXPECT_NE(err.find((dir / "libcontinuum_xlsx.so").string()), std::string::npos) << err;
    EXPECT_EQ(err.find(build_module), std::string::npos)
        << err;  // not tried: the broken one is the error
    EXPECT_EQ(testing::read_file(dir / "stdout").find("replications"), std::string::npos)
        << command << " simulated";
    EXPECT_FALSE(std::filesystem::exists(out)) << command;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace continuum
