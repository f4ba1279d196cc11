// The progress line of size, sweep and compare: its text, and that it shows on a terminal
// (a pseudo-terminal through script(1)) unless --quiet, and never when stderr is not one.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "continuum/output/progress.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;

TEST(Progress, TextNamesTheVariantItsReplicationsAndTheTimeLeft) {
  EXPECT_EQ(progress_text({3, 7, "iop capacity 64", 23, 50, 41}),
            "[3/7] iop capacity 64: 23/50 replications, ETA 0:41");
  EXPECT_EQ(progress_text({5, 0, "iop capacity 59, detox capacity 12", 0, 10, -1}),
            "[5] iop capacity 59, detox capacity 12: 0/10 replications");
  EXPECT_EQ(progress_text({1, 2, "evening", 10, 10, 0}),
            "[1/2] evening: 10/10 replications, ETA 0:00");
}

TEST(Progress, EtaIsMinutesAndSecondsRoundedUp) {
  EXPECT_EQ(eta_text(40.2), "0:41");
  EXPECT_EQ(eta_text(59.5), "1:00");
  EXPECT_EQ(eta_text(3723), "1:02:03");
  EXPECT_EQ(eta_text(-3), "0:00");
}

// `continuum ARGS` with stdout to a file and stderr on a pseudo-terminal (script(1) gives the
// command one; its own output is what the terminal received).
std::string terminal_stderr(const std::string& args) {
  const auto dir = testing::temp_dir("progress");
  const std::string command = std::string(CONTINUUM_BINARY) + " " + args + " --out " +
                              (dir / "out").string() + " >" + (dir / "stdout").string();
  const std::string script =
      "script -qec '" + command + "' /dev/null >" + (dir / "terminal").string() + " 2>&1";
  EXPECT_EQ(std::system(script.c_str()), 0) << script;
  std::string text = testing::read_file(dir / "terminal");
  fs::remove_all(dir);
  return text;
}

TEST(Progress, ShownOnATerminalAndSilencedByQuiet) {
  const std::string compare =
      "compare scenarios/baseline.yaml scenarios/evening_iop.yaml --replications 2 --threads 1";
  const std::string shown = terminal_stderr(compare);
  EXPECT_NE(shown.find("[2/2] evening-iop: "), std::string::npos) << shown;
  EXPECT_NE(shown.find("/2 replications"), std::string::npos) << shown;
  EXPECT_EQ(shown.back(), '\n');
  EXPECT_EQ(terminal_stderr(compare + " --quiet"), "");

  const std::string sweep =
      "sweep scenarios/baseline.yaml --set levels.iop.capacity=70,80 "
      "--replications 2 --threads 1";
  EXPECT_NE(terminal_stderr(sweep).find("[2/2] levels.iop.capacity=80: "), std::string::npos);
  EXPECT_EQ(terminal_stderr(sweep + " --quiet"), "");
}

TEST(Progress, NeverWhenStderrIsNotATerminal) {
  const auto dir = testing::temp_dir("progress-pipe");
  const auto r = testing::run_cli(
      "compare scenarios/baseline.yaml scenarios/evening_iop.yaml --replications 2 --threads 1 "
      "--out " +
      (dir / "out").string());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
